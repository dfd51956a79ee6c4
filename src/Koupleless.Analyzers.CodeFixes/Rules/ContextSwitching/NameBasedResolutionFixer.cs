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
/// KPL2001, Module role only: AppDomain.CurrentDomain.Load(name) → Assembly.Load(name), AppDomain.CreateInstance(a, t, …) →
/// Activator.CreateInstance(a, t, …), CreateInstanceAndUnwrap → Activator.CreateInstance(…)?.Unwrap(). Measured: from module
/// code the AppDomain members resolve in the default context (FileNotFoundException for a private dependency) while
/// Assembly.Load and Activator.CreateInstance resolve in the module's own context. Shared and base code have no mechanical
/// fix: the owner Assembly has to come from the caller (see the rule's page).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NameBasedResolutionFixer)), Shared]
public sealed class NameBasedResolutionFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NameBasedResolution);

    protected override string Title => "Resolve in this module's own context (Assembly.Load / Activator.CreateInstance)";

    protected override string EquivalenceKey => RuleIds.NameBasedResolution + ".CallerContext";

    protected override bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(NameBasedResolutionAnalyzer.ModuleForwarderProperty);

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
        {
            return;
        }

        var forwarder = diagnostic.Properties[NameBasedResolutionAnalyzer.ModuleForwarderProperty];
        var (type, ns) = forwarder == "Load" ? ("Assembly", "System.Reflection") : ("Activator", "System");
        var member = forwarder == "Load" ? "Load" : "CreateInstance";
        ExpressionSyntax replacement = invocation.WithExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(type).WithTriviaFrom(access.Expression),
                SyntaxFactory.IdentifierName(member).WithTriviaFrom(access.Name)));
        if (forwarder == "CreateInstanceAndUnwrap")
        {
            replacement = ModuleAssemblyExpressions.Fill("__0?.Unwrap()", replacement.WithoutTrivia()).WithTriviaFrom(invocation);
            if (invocation.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax)
            {
                replacement = SyntaxFactory.ParenthesizedExpression(replacement.WithoutTrivia()).WithTriviaFrom(invocation);
            }
        }

        namespaces.Add(ns);
        editor.ReplaceNode(invocation, replacement);
    }
}
