using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// KPL2002: Assembly.LoadFrom/UnsafeLoadFrom/LoadFile(path) → the module's own context's LoadFromAssemblyPath, and
/// Assembly.Load(bytes) → its LoadFromStream, AssemblyLoadContext.Default.LoadFrom… → the same call on the module's context. Measured: that loads into the module's context, hands back the copy already
/// loaded there (same type identity) and unloads with the module. LoadFromAssemblyPath rejects relative paths, which
/// LoadFrom resolved against the current directory, so a path not known to be absolute goes through Path.GetFullPath.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(LoadOutsideModuleContextFixer)), Shared]
public sealed class LoadOutsideModuleContextFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LoadOutsideModuleContext);

    protected override string Title => "Load into this module's own AssemblyLoadContext";

    protected override string EquivalenceKey => RuleIds.LoadOutsideModuleContext + ".ModuleContext";

    protected override bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(LoadOutsideModuleContextAnalyzer.ShapeProperty);

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } invocation
            || ModuleAssemblyExpressions.TypeOfContaining(invocation, editor.SemanticModel) is not { } typeOf)
        {
            return;
        }

        if (diagnostic.Properties[LoadOutsideModuleContextAnalyzer.ShapeProperty] == LoadOutsideModuleContextAnalyzer.DefaultContextShape)
        {
            // AssemblyLoadContext.Default.LoadFromAssemblyPath(p) → the same call on the module's own context.
            if (invocation.Expression is MemberAccessExpressionSyntax { Expression: { } receiver })
            {
                editor.ReplaceNode(receiver, ModuleAssemblyExpressions.Fill("AssemblyLoadContext.GetLoadContext(__0.Assembly)!", typeOf).WithTriviaFrom(receiver));
                namespaces.Add("System.Runtime.Loader");
            }

            return;
        }

        var argument = arguments[0].Expression;
        ExpressionSyntax replacement;
        if (diagnostic.Properties[LoadOutsideModuleContextAnalyzer.ShapeProperty] == LoadOutsideModuleContextAnalyzer.BytesShape)
        {
            replacement = ModuleAssemblyExpressions.Fill(
                "AssemblyLoadContext.GetLoadContext(__0.Assembly)!.LoadFromStream(new MemoryStream(__1))", typeOf, argument);
            namespaces.Add("System.IO");
        }
        else
        {
            if (diagnostic.Properties[LoadOutsideModuleContextAnalyzer.AbsolutePathProperty] != "true")
            {
                argument = ModuleAssemblyExpressions.Fill("Path.GetFullPath(__0)", argument);
                namespaces.Add("System.IO");
            }

            replacement = ModuleAssemblyExpressions.Fill(
                "AssemblyLoadContext.GetLoadContext(__0.Assembly)!.LoadFromAssemblyPath(__1)", typeOf, argument);
        }

        namespaces.Add("System.Runtime.Loader");
        editor.ReplaceNode(invocation, replacement.WithTriviaFrom(invocation));
    }
}
