using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// KPL2007: AssemblyBuilderAccess.Run → AssemblyBuilderAccess.RunAndCollect. Measured: the same emission from shared
/// code then proxies a module's interface and the module unloads. Only the access written as the Run member is
/// rewritten; a constant of the code's own may be used elsewhere, and the Save variants of .NET Framework have no
/// collectible counterpart.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonCollectibleDynamicAssemblyFixer)), Shared]
public sealed class NonCollectibleDynamicAssemblyFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NonCollectibleDynamicAssembly);

    protected override string Title => "Use AssemblyBuilderAccess.RunAndCollect";

    protected override string EquivalenceKey => RuleIds.NonCollectibleDynamicAssembly + ".RunAndCollect";

    protected override bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(NonCollectibleDynamicAssemblyAnalyzer.RunArgumentProperty);

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax invocation
            || !int.TryParse(diagnostic.Properties[NonCollectibleDynamicAssemblyAnalyzer.RunArgumentProperty], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= invocation.ArgumentList.Arguments.Count)
        {
            return;
        }

        var name = invocation.ArgumentList.Arguments[index].Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            IdentifierNameSyntax identifier => identifier,
            _ => null,
        };
        if (name is not null)
        {
            editor.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier("RunAndCollect").WithTriviaFrom(name.Identifier)));
        }
    }
}
