using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Koupleless.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// KPL2004: AppDomain.CurrentDomain.GetAssemblies() → AssemblyLoadContext.GetLoadContext(typeof(Containing).Assembly)!.Assemblies,
/// the assemblies of the module's own context. That is an IEnumerable&lt;Assembly&gt;, not an array: ".ToArray()" (and
/// using System.Linq) is added only where the array itself is used.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AllAssembliesEnumerationFixer)), Shared]
public sealed class AllAssembliesEnumerationFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AllAssembliesEnumeration);

    protected override string Title => "Enumerate this module's own AssemblyLoadContext";

    protected override string EquivalenceKey => RuleIds.AllAssembliesEnumeration + ".ModuleContext";

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax invocation
            || ModuleAssemblyExpressions.TypeOfContaining(invocation, editor.SemanticModel) is not { } typeOf)
        {
            return;
        }

        var asArray = !EnumerableSuffices(invocation, editor.SemanticModel, cancellationToken);
        var replacement = ModuleAssemblyExpressions.Fill(
            asArray ? "AssemblyLoadContext.GetLoadContext(__0.Assembly)!.Assemblies.ToArray()" : "AssemblyLoadContext.GetLoadContext(__0.Assembly)!.Assemblies",
            typeOf);
        namespaces.Add("System.Runtime.Loader");
        if (asArray)
        {
            namespaces.Add("System.Linq");
        }

        editor.ReplaceNode(invocation, replacement.WithTriviaFrom(invocation));
    }

    /// <summary>foreach, a LINQ operator, or a conversion to IEnumerable/IEnumerable&lt;Assembly&gt;/object.</summary>
    private static bool EnumerableSuffices(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation.Parent is ForEachStatementSyntax loop && loop.Expression == invocation)
        {
            return true;
        }

        var parent = model.GetOperation(invocation, cancellationToken)?.Parent;
        switch (parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation call } when call.TargetMethod.IsExtensionMethod:
                var thisType = (call.TargetMethod.ReducedFrom ?? call.TargetMethod).Parameters[0].Type;
                return thisType.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;
            case IConversionOperation conversion:
                var target = conversion.Type;
                return target?.SpecialType is SpecialType.System_Object or SpecialType.System_Collections_IEnumerable
                    || (target is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
            default:
                return false;
        }
    }
}
