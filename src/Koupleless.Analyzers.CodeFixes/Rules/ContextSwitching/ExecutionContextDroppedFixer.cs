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
/// KPL2005: UnsafeQueueUserWorkItem → QueueUserWorkItem, UnsafeStart → Start, UnsafeRegisterWaitForSingleObject →
/// RegisterWaitForSingleObject, UnsafeRegister → Register: the same parameters, but the execution context — and the
/// contextual-reflection scope in it — flows to the callback (measured). Work started under SuppressFlow has no
/// mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExecutionContextDroppedFixer)), Shared]
public sealed class ExecutionContextDroppedFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ExecutionContextDropped);

    protected override string Title => "Use the variant that flows the execution context";

    protected override string EquivalenceKey => RuleIds.ExecutionContextDropped + ".FlowContext";

    protected override bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(ExecutionContextDroppedAnalyzer.SafeVariantProperty);

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        var safe = diagnostic.Properties[ExecutionContextDroppedAnalyzer.SafeVariantProperty];
        var name = node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name,
            InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple,
            _ => null,
        };
        if (name is null || safe is null)
        {
            return;
        }

        editor.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(safe).WithTriviaFrom(name.Identifier)));
    }
}
