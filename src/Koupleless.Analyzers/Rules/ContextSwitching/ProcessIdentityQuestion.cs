using System;
using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// <c>Assembly.GetEntryAssembly()</c> used only to ask what the process is, which the host's entry assembly answers
/// rightly for a module too (KPL2003 is about reading the host's assembly as if it were the module's):
/// <list type="bullet">
/// <item>"Is this process program X?" — its name (<c>GetName().Name</c>, <c>FullName</c>) compared with a string
/// constant that is not the name of the module's own assembly (<c>== "GetDocument.Insider"</c>, the OpenAPI build
/// tool; measured wrong on eShop);</item>
/// <item>"Which framework does the process run on?" — its <c>TargetFrameworkAttribute</c> (measured wrong on Jackett's
/// "is this .NET Core" check).</item>
/// </list>
/// Anything else done with it — its location, version, resources, types, its name as a value — is still reported.
/// </summary>
internal static class ProcessIdentityQuestion
{
    public static bool IsOnly(IInvocationOperation getEntryAssembly, IAssemblySymbol module)
    {
        if (getEntryAssembly.SemanticModel is not { } model)
        {
            return false;
        }

        // Kept in a local first (the decompiler writes every `?.` chain that way): each use of the local must be a question.
        if (StoredIn(getEntryAssembly) is { } local)
        {
            var uses = UsesOf(local, getEntryAssembly);
            return uses.Count > 0 && uses.All(use => Answers(use.Syntax, model, module));
        }

        return Answers(getEntryAssembly.Syntax, model, module);
    }

    private static bool Answers(SyntaxNode entryAssembly, SemanticModel model, IAssemblySymbol module)
    {
        if (PresenceTest.IsOnlyTested(entryAssembly, model))
        {
            return true; // "is there an entry assembly": yes, in a module as alone
        }

        var chain = ChainAbove(entryAssembly);
        if (chain == entryAssembly)
        {
            return false;
        }

        if (ReadsTargetFramework(chain, model))
        {
            return true;
        }

        return ReadsName(chain) && ComparedConstant(chain, model) is { } constant
            && !string.Equals(constant, module.Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The local the call initialises (<c>var entry = Assembly.GetEntryAssembly();</c>), or null.</summary>
    private static ILocalSymbol? StoredIn(IOperation call)
    {
        var value = call;
        while (value.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion;
        }

        return value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
    }

    private static List<ILocalReferenceOperation> UsesOf(ILocalSymbol local, IOperation inside)
    {
        return OperationWalk.Root(inside).Descendants().OfType<ILocalReferenceOperation>().Where(use => SymbolEqualityComparer.Default.Equals(use.Local, local)).ToList();
    }

    /// <summary>The largest member-access chain that starts with the call (<c>GetEntryAssembly()?.GetName().Name</c>).</summary>
    private static SyntaxNode ChainAbove(SyntaxNode call)
    {
        var node = call;
        while (node.Parent is { } parent)
        {
            var continues = parent switch
            {
                ConditionalAccessExpressionSyntax access => access.Expression == node || access.WhenNotNull == node,
                MemberAccessExpressionSyntax access => access.Expression == node,
                InvocationExpressionSyntax invocation => invocation.Expression == node,
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } => true,
                _ => false,
            };
            if (!continues)
            {
                break;
            }

            node = parent;
        }

        return node;
    }

    private static bool ReadsName(SyntaxNode chain)
    {
        var last = LastName(chain);
        return last is "FullName" || (last is "Name" && chain.ToString().Contains("GetName()"));
    }

    /// <summary>The name of the last member the chain reads (<c>.Name</c> of <c>x?.GetName().Name</c>).</summary>
    private static string? LastName(SyntaxNode chain) => chain switch
    {
        ConditionalAccessExpressionSyntax access => LastName(access.WhenNotNull),
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        PostfixUnaryExpressionSyntax postfix => LastName(postfix.Operand),
        _ => null,
    };

    /// <summary>The string constant the chain is compared with by == or !=, or null.</summary>
    private static string? ComparedConstant(SyntaxNode chain, SemanticModel model)
    {
        if (chain.Parent is not BinaryExpressionSyntax binary || !binary.IsKind(SyntaxKind.EqualsExpression) && !binary.IsKind(SyntaxKind.NotEqualsExpression))
        {
            return null;
        }

        var other = binary.Left == chain ? binary.Right : binary.Left;
        return model.GetConstantValue(other) is { HasValue: true, Value: string text } ? text : null;
    }

    /// <summary>Whether the chain reads the entry assembly's TargetFrameworkAttribute (GetCustomAttribute&lt;T&gt; or typeof).</summary>
    private static bool ReadsTargetFramework(SyntaxNode chain, SemanticModel model)
    {
        foreach (var invocation in chain.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "GetCustomAttribute" } method
                && (method.TypeArguments.Length == 1 && method.TypeArguments[0] is { Name: "TargetFrameworkAttribute" } attribute && IsVersioning(attribute)
                    || invocation.ArgumentList.Arguments.Any(a => a.Expression is TypeOfExpressionSyntax t && model.GetTypeInfo(t.Type).Type is { Name: "TargetFrameworkAttribute" } type && IsVersioning(type))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsVersioning(ITypeSymbol type) => type.ContainingNamespace?.ToDisplayString() == "System.Runtime.Versioning";
}
