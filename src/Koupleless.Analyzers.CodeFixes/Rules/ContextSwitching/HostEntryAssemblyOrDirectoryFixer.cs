using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// KPL2003: Assembly.GetEntryAssembly() → typeof(Containing).Assembly; DependencyContext.Default →
/// DependencyContext.Load(typeof(Containing).Assembly); AppContext.BaseDirectory and
/// AppDomain.CurrentDomain.BaseDirectory → the directory of typeof(Containing).Assembly.Location. BaseDirectory ends with
/// a directory separator and GetDirectoryName does not, so outside Path.Combine/Join the separator is appended to keep
/// string concatenations such as BaseDirectory + "config.json" pointing at the same file.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HostEntryAssemblyOrDirectoryFixer)), Shared]
public sealed class HostEntryAssemblyOrDirectoryFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HostEntryAssemblyOrDirectory);

    protected override string Title => "Use this module's own assembly";

    protected override string EquivalenceKey => RuleIds.HostEntryAssemblyOrDirectory + ".ModuleAssembly";

    protected override bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(HostEntryAssemblyOrDirectoryAnalyzer.KindProperty);

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        if (node is not ExpressionSyntax expression || ModuleAssemblyExpressions.TypeOfContaining(expression, editor.SemanticModel) is not { } typeOf)
        {
            return;
        }

        ExpressionSyntax replacement;
        var kind = diagnostic.Properties[HostEntryAssemblyOrDirectoryAnalyzer.KindProperty];
        if (kind == HostEntryAssemblyOrDirectoryAnalyzer.EntryAssemblyKind)
        {
            replacement = ModuleAssemblyExpressions.Fill("__0.Assembly", typeOf);
        }
        else if (kind == HostEntryAssemblyOrDirectoryAnalyzer.DependencyContextKind)
        {
            // Reads the module's own <assembly>.deps.json instead of the host's.
            replacement = ModuleAssemblyExpressions.Fill("DependencyContext.Load(__0.Assembly)", typeOf);
            namespaces.Add("Microsoft.Extensions.DependencyModel");
        }
        else
        {
            namespaces.Add("System.IO");
            replacement = IsPathPart(expression, editor.SemanticModel, cancellationToken)
                ? ModuleAssemblyExpressions.Fill("Path.GetDirectoryName(__0.Assembly.Location)!", typeOf)
                : ModuleAssemblyExpressions.Fill("Path.GetDirectoryName(__0.Assembly.Location) + Path.DirectorySeparatorChar", typeOf);
            if (!IsPathPart(expression, editor.SemanticModel, cancellationToken) && NeedsParentheses(expression))
            {
                replacement = SyntaxFactory.ParenthesizedExpression(replacement);
            }
        }

        editor.ReplaceNode(expression, replacement.WithTriviaFrom(expression));
    }

    /// <summary>An argument of Path.Combine or Path.Join, which add the separator themselves.</summary>
    private static bool IsPathPart(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        => expression.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { Name: "Combine" or "Join" } method
            && method.ContainingType.ToDisplayString() == "System.IO.Path";

    /// <summary>"a + b" binds looser than everything but assignment, lambdas, conditionals and coalescing.</summary>
    private static bool NeedsParentheses(ExpressionSyntax expression) => expression.Parent switch
    {
        ArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax
            or InterpolationSyntax or ExpressionStatementSyntax or ParenthesizedExpressionSyntax => false,
        AssignmentExpressionSyntax assignment => assignment.Left == expression,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) => binary.Left != expression,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) => false,
        _ => true,
    };
}
