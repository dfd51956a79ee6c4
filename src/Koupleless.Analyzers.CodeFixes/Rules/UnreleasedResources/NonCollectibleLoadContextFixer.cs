using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3007: make the module's load context collectible. Measured (NonCollectibleLoadContextRuntimeTests): a collectible
/// child context that nobody unloads is collected with the module, so passing <c>isCollectible: true</c> is the whole fix
/// — appended where the argument was omitted, <c>false</c> turned into <c>true</c> where it was written, or
/// <c>: base(isCollectible: true)</c> given to a constructor that chained to nothing. The analyzer says which.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonCollectibleLoadContextFixer)), Shared]
public sealed class NonCollectibleLoadContextFixer : DiagnosticRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NonCollectibleLoadContext);

    protected override string Title => "Make the load context collectible";

    protected override string EquivalenceKey => RuleIds.NonCollectibleLoadContext + ".Collectible";

    protected override bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(NonCollectibleLoadContextAnalyzer.FixProperty);

    protected override void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken)
    {
        var how = diagnostic.Properties[NonCollectibleLoadContextAnalyzer.FixProperty];
        if (how == NonCollectibleLoadContextAnalyzer.AddInitializer)
        {
            if (node is ConstructorDeclarationSyntax { Initializer: null } constructor)
            {
                var initializer = SyntaxFactory.ConstructorInitializer(
                    SyntaxKind.BaseConstructorInitializer, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(CollectibleArgument())));
                editor.ReplaceNode(constructor, constructor
                    .WithParameterList(constructor.ParameterList.WithoutTrailingTrivia())
                    .WithInitializer(initializer.WithTrailingTrivia(constructor.ParameterList.GetTrailingTrivia())));
            }

            return;
        }

        var arguments = node switch
        {
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            ConstructorInitializerSyntax initializer => initializer.ArgumentList,
            _ => null,
        };
        if (arguments is null)
        {
            return;
        }

        if (how == NonCollectibleLoadContextAnalyzer.AppendArgument)
        {
            editor.ReplaceNode(arguments, arguments.AddArguments(CollectibleArgument()));
        }
        else if (int.TryParse(how, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < arguments.Arguments.Count
            && arguments.Arguments[index].Expression is LiteralExpressionSyntax written)
        {
            editor.ReplaceNode(written, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(written));
        }
    }

    private static ArgumentSyntax CollectibleArgument() => SyntaxFactory.Argument(
        SyntaxFactory.NameColon("isCollectible"), default, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
}
