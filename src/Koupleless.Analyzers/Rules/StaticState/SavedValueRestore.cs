using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// A write of process-wide state that only puts back the value the code read from the same state before changing it:
/// <c>var old = Environment.GetEnvironmentVariable("X"); … finally { Environment.SetEnvironmentVariable("X", old); }</c>,
/// or a scope object whose <c>Dispose</c> writes <c>GCSettings.LatencyMode = saved</c> with <c>saved</c> read from
/// <c>GCSettings.LatencyMode</c> where the object was made. The change is the other write, which stays reported; the
/// restore adds none (labelled noise on released packages: Terminal.Gui's <c>Markdown.RenderToAnsi</c>, held-out set 11;
/// DotNext's <c>GCLatencyModeScope.Dispose</c>, set 23). The saved value is a local of the same method or a private field
/// of the same type, every value of which is such a read; for a <c>SetX(key…, value)</c> method the read is
/// <c>GetX(key…)</c> or the property <c>X</c> of the same type, with the same keys (equal constants or the same variable).
/// </summary>
internal static class SavedValueRestore
{
    public static bool Is(CatalogMatch match)
    {
        var cancellationToken = match.CancellationToken;
        if (match.Symbol is not IMethodSymbol setter)
        {
            return false;
        }

        if (setter.MethodKind == MethodKind.PropertySet && setter.AssociatedSymbol is IPropertySymbol state)
        {
            return match.Operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == match.Operation
                && IsSaved(assignment.Value, read => read is IPropertyReferenceOperation { Property: var property }
                    && SymbolEqualityComparer.Default.Equals(property.OriginalDefinition, state.OriginalDefinition), cancellationToken);
        }

        if (match.Operation is not IInvocationOperation { Arguments: { Length: > 0 } arguments } call || !setter.Name.StartsWith("Set", System.StringComparison.Ordinal))
        {
            return false;
        }

        var stateName = setter.Name.Substring(3);
        var ordered = arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
        for (var keys = 0; keys < ordered.Length; keys++)
        {
            var keyCount = keys;
            if (IsSaved(ordered[keys], read => IsGetterRead(read, setter.ContainingType, stateName, ordered, keyCount), cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>GetX(same keys)</c>, or the property <c>X</c> when there are no keys, of the setter's own type.</summary>
    private static bool IsGetterRead(IOperation read, INamedTypeSymbol owner, string stateName, IOperation[] setterArguments, int keys)
    {
        switch (read)
        {
            case IPropertyReferenceOperation { Property: var property } when keys == 0:
                return property.Name == stateName && SymbolEqualityComparer.Default.Equals(property.ContainingType, owner);
            case IInvocationOperation { TargetMethod: var getter, Arguments: var getterArguments }
                when getter.Name == "Get" + stateName && SymbolEqualityComparer.Default.Equals(getter.ContainingType, owner) && getterArguments.Length == keys:
                var ordered = getterArguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
                return Enumerable.Range(0, keys).All(i => SameKey(ordered[i], setterArguments[i]));
            default:
                return false;
        }
    }

    /// <summary>Equal constants, or the same local, parameter or field.</summary>
    private static bool SameKey(IOperation first, IOperation second)
    {
        first = StaticReceivers.Unwrap(first)!;
        second = StaticReceivers.Unwrap(second)!;
        if (first.ConstantValue.HasValue && second.ConstantValue.HasValue)
        {
            return Equals(first.ConstantValue.Value, second.ConstantValue.Value);
        }

        var a = VariableOf(first);
        return a is not null && SymbolEqualityComparer.Default.Equals(a, VariableOf(second));
    }

    private static ISymbol? VariableOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };

    /// <summary>The value is a local or a private field every value of which is a read of the state.</summary>
    private static bool IsSaved(IOperation value, System.Func<IOperation, bool> isRead, CancellationToken cancellationToken)
    {
        var saved = Saved(value);
        var writes = saved switch
        {
            ILocalReferenceOperation local => LocalWrites.Of(local).ConvertAll(write => write.Value),
            IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field } => FieldWrites(field, value.SemanticModel!.Compilation, cancellationToken),
            _ => null,
        };
        return writes is { Count: > 0 } && writes.All(w => w is not null && isRead(Saved(w)));
    }

    /// <summary>Through conversions, <c>saved.GetValueOrDefault()</c>, <c>saved.Value</c> and <c>saved ?? fallback</c>.</summary>
    private static IOperation Saved(IOperation value)
    {
        var current = StaticReceivers.Unwrap(value)!;
        while (true)
        {
            var next = current switch
            {
                IInvocationOperation { TargetMethod.Name: "GetValueOrDefault", Instance: { } instance } => instance,
                IPropertyReferenceOperation { Property.Name: "Value", Instance: { Type.OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } instance } => instance,
                ICoalesceOperation coalesce => coalesce.Value,
                _ => null,
            };
            if (next is null)
            {
                return current;
            }

            current = StaticReceivers.Unwrap(next)!;
        }
    }

    /// <summary>Every value the field's type gives it: its initializer and each assignment in the type's code.</summary>
    private static List<IOperation?> FieldWrites(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken)
    {
        var writes = new List<IOperation?>();
        foreach (var declaration in field.ContainingType.DeclaringSyntaxReferences)
        {
            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
            foreach (var node in declaration.GetSyntax(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                        when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), field):
                        writes.Add((model.GetOperation(initializer, cancellationToken) as IFieldInitializerOperation)?.Value);
                        break;
                    case AssignmentExpressionSyntax assignment
                        when SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, field):
                        writes.Add(model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation simple ? simple.Value : null);
                        break;
                }
            }
        }

        return writes;
    }
}
