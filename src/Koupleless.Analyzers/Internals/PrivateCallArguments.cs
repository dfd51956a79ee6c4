using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// What every caller passes for one parameter of a private method, when all its callers can be seen: a private
/// method (or any method of a private nested type) is called only from the type that can see it, so that type's
/// declarations in the same file are every caller there is (a partial part in another file, or the method used as a
/// delegate, makes the answer unknown). Used where a
/// rule asks whether a value a helper receives can come from outside (NJsonSchema's <c>TryLoadType(typeName)</c>,
/// called only from its static constructor with constant names).
/// </summary>
internal static class PrivateCallArguments
{
    /// <returns>The argument of every call, or null when the callers are not all known (or there are none).</returns>
    public static IReadOnlyList<IOperation>? Of(IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || CallerScope(method) is not { } type
            || type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree != model.SyntaxTree))
        {
            return null;
        }

        var arguments = new List<IOperation>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var name in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Identifier.ValueText != method.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, method))
                {
                    continue;
                }

                var call = CallOf(name);
                if (call is null || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                    || invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition)) is not { } argument)
                {
                    // A method group, or an argument the call does not spell: who passes what is not known.
                    return null;
                }

                arguments.Add(argument.Value);
            }
        }

        return arguments.Count == 0 ? null : arguments;
    }

    /// <summary>
    /// The type whose code is every caller of the method: its own type for a private method; for any method of a private
    /// nested type, the type that contains it (MimeKit's <c>SQLiteAssembly.Load</c>, public in a private class). Null
    /// when code elsewhere may call it.
    /// </summary>
    private static INamedTypeSymbol? CallerScope(IMethodSymbol method)
    {
        if (method.DeclaredAccessibility == Accessibility.Private)
        {
            return method.ContainingType;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility == Accessibility.Private && type.ContainingType is { } outer)
            {
                return outer;
            }
        }

        return null;
    }

    /// <summary>The invocation a method name is called by (<c>M(x)</c>, <c>this.M(x)</c>, <c>Type.M(x)</c>), else null.</summary>
    private static InvocationExpressionSyntax? CallOf(SimpleNameSyntax name)
    {
        var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
    }
}
