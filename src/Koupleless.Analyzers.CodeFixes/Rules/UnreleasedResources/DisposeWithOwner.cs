using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// Releases an instance field in its owner's <c>Dispose()</c>: appends the release to an existing parameterless
/// Dispose of the type, or makes the type <c>IDisposable</c> with <c>public void Dispose() =&gt; _field.Dispose();</c>.
/// The type's Dispose is a release path (the owner — a DI container, the module's host — disposes it before uninstall).
/// </summary>
internal static class DisposeWithOwner
{
    /// <summary>What one diagnostic asks for: release <see cref="Field"/> of the type declared by <see cref="Type"/>.</summary>
    public sealed record Plan(TypeDeclarationSyntax Type, INamedTypeSymbol Owner, IFieldSymbol Field, string Release, MethodDeclarationSyntax? ExistingDispose);

    /// <summary>The plan for a creation stored in an instance field of its own class, or null when the fix does not fit.</summary>
    /// <param name="solution">The Dispose to extend, or the part to add one to, may be in another document (a partial type).</param>
    public static Plan? For(SyntaxNode creation, string releaseCall, SemanticModel model, Solution solution, CancellationToken cancellationToken)
    {
        if (Field(creation, model, cancellationToken) is not { IsStatic: false } field
            || field.ContainingType is not { TypeKind: TypeKind.Class, IsStatic: false } owner
            || creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { OpenBraceToken.IsMissing: false } type
            || !SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(type, cancellationToken), owner))
        {
            return null;
        }

        var name = SyntaxFacts.GetKeywordKind(field.Name) == SyntaxKind.None ? field.Name : "@" + field.Name;
        var access = field.NullableAnnotation == NullableAnnotation.NotAnnotated ? "." : "?.";
        var release = name + access + releaseCall;

        var dispose = owner.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(IsParameterlessDispose);
        if (dispose is not null)
        {
            // Extend the type's own Dispose when it has a body to add to, in whichever part (document) of the type it is.
            var syntax = dispose.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(m => solution.GetDocumentId(m.SyntaxTree) is not null && (m.Body is not null || m.ExpressionBody is not null));
            return syntax is not null && dispose.ReturnsVoid ? new Plan(type, owner, field, release, syntax) : null;
        }

        // Adding IDisposable must not hide or overload a Dispose the type inherits, nor re-implement the interface.
        var disposable = model.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        for (var current = owner; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.GetMembers("Dispose").Length > 0)
            {
                return null;
            }
        }

        return owner.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default) || FirstPart(owner, solution, cancellationToken) is not { } part
            ? null
            : new Plan(part, owner, field, release, null);
    }

    /// <summary>
    /// The part of the type that gets IDisposable and Dispose: the first declaration (compilation order) in a document
    /// of the solution that has members to lay the new one out by. Whichever field (part, document) a fix starts from,
    /// a partial type gets its one Dispose in the same place, so single fixes and Fix All agree and never add two.
    /// </summary>
    private static TypeDeclarationSyntax? FirstPart(INamedTypeSymbol owner, Solution solution, CancellationToken cancellationToken)
        => owner.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .FirstOrDefault(t => t is { OpenBraceToken.IsMissing: false, Members.Count: > 0 } && solution.GetDocumentId(t.SyntaxTree) is not null);

    /// <summary>
    /// Applies every plan in one pass: one IDisposable and one Dispose per type, whatever the number of fields and of
    /// documents they are in. Each type's edit goes to the document of its Dispose (or of its first part).
    /// </summary>
    public static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
    {
        var owners = plans
            .GroupBy(p => p.Owner, SymbolEqualityComparer.Default)
            .Select(g => (Plan: g.First(), Releases: g.GroupBy(p => p.Field, SymbolEqualityComparer.Default).Select(f => f.First().Release).ToList()))
            .GroupBy(o => solution.GetDocumentId(((SyntaxNode?)o.Plan.ExistingDispose ?? o.Plan.Type).SyntaxTree))
            .Where(g => g.Key is not null);

        // Every document is edited from its original tree (the plans' nodes belong to it), then put into the result.
        var result = solution;
        foreach (var document in owners)
        {
            var editor = await DocumentEditor.CreateAsync(solution.GetDocument(document.Key)!, cancellationToken).ConfigureAwait(false);
            foreach (var (first, releases) in document)
            {
                if (first.ExistingDispose is { } dispose)
                {
                    editor.ReplaceNode(dispose, (current, _) => Append((MethodDeclarationSyntax)current, releases));
                }
                else
                {
                    editor.ReplaceNode(first.Type, (current, _) => AddDisposable((TypeDeclarationSyntax)current, releases));
                }
            }

            var fixedDocument = await UnloadingRelease.CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
            result = result.WithDocumentSyntaxRoot(document.Key!, (await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
        }

        return result;
    }

    private static bool IsParameterlessDispose(IMethodSymbol method)
        => method.Parameters.IsEmpty && !method.IsStatic && method.Arity == 0
            && (method.Name == "Dispose"
                || (method.MethodKind == MethodKind.ExplicitInterfaceImplementation
                    && method.ExplicitInterfaceImplementations.Any(i => i.Name == "Dispose" && i.ContainingType.SpecialType == SpecialType.System_IDisposable)));

    private static IFieldSymbol? Field(SyntaxNode creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var value = creation;
        while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            value = value.Parent;
        }

        return value.Parent switch
        {
            AssignmentExpressionSyntax assignment when assignment.Right == value && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol as IFieldSymbol,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } declarator }
                => model.GetDeclaredSymbol(declarator, cancellationToken) as IFieldSymbol,
            _ => null,
        };
    }

    private static MethodDeclarationSyntax Append(MethodDeclarationSyntax method, IReadOnlyList<string> releases)
    {
        var statements = Statements(releases);
        if (method.Body is { } body)
        {
            if (body.Statements.Count == 0)
            {
                return method.WithBody(body.WithStatements(SyntaxFactory.List(statements)).WithAdditionalAnnotations(Formatter.Annotation));
            }

            // Same line layout as the body's last statement; the user's statements and comments are left alone.
            var last = body.Statements.Last();
            var indentation = last.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var newLine = last.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var added = statements.Select(s => s
                .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
                .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticLineFeed : newLine));
            return method.WithBody(body.WithStatements(body.Statements.AddRange(added)));
        }

        var arrow = method.ExpressionBody!;
        var block = SyntaxFactory.Block(new StatementSyntax[] { SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()) }.Concat(statements))
            .WithTrailingTrivia(method.SemicolonToken.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return method
            .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(block);
    }

    private static List<StatementSyntax> Statements(IEnumerable<string> releases)
        => releases.Select(r => SyntaxFactory.ParseStatement(r + ";").WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker)).ToList();

    private static BlockSyntax Block(IEnumerable<string> releases) => SyntaxFactory.Block(Statements(releases));

    private static TypeDeclarationSyntax AddDisposable(TypeDeclarationSyntax type, IReadOnlyList<string> releases)
    {
        var disposable = SyntaxFactory.SimpleBaseType(SyntaxFactory.ParseTypeName("global::System.IDisposable")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        type = AddBaseType(type, disposable);

        var lastMember = type.Members.Last();
        var indentation = lastMember.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var newLine = lastMember.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var lineBreak = newLine == default ? SyntaxFactory.ElasticCarriageReturnLineFeed : newLine;
        var leading = indentation == default ? SyntaxFactory.TriviaList(lineBreak) : SyntaxFactory.TriviaList(lineBreak, indentation);
        var member = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                releases.Count == 1 ? $"public void Dispose() => {releases[0]};" : "public void Dispose() { }")!;
        if (releases.Count > 1)
        {
            // Several fields (Fix All): a block, laid out by the formatter like the one an expression body becomes.
            member = member
                .WithParameterList(member.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                .WithBody(Block(releases).WithAdditionalAnnotations(Formatter.Annotation));
        }

        member = member.WithLeadingTrivia(leading).WithTrailingTrivia(lineBreak);
        return type.WithMembers(type.Members.Add(member));
    }

    /// <summary>Appends a base type, keeping the line break or comment that followed the name (or the last base type) after it.</summary>
    private static TypeDeclarationSyntax AddBaseType(TypeDeclarationSyntax type, BaseTypeSyntax added)
    {
        if (type.BaseList is { } list)
        {
            var last = list.Types.Last();
            var trailing = last.GetTrailingTrivia();
            var types = list.Types.Replace(last, last.WithTrailingTrivia()).Add(added.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));
            return type.WithBaseList(list.WithTypes(types));
        }

        var before = type.ParameterList?.CloseParenToken ?? type.TypeParameterList?.GreaterThanToken ?? type.Identifier;
        var moved = before.TrailingTrivia;
        type = type.ReplaceToken(before, before.WithTrailingTrivia());
        var baseList = SyntaxFactory.BaseList(
                SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.SingletonSeparatedList(added.WithTrailingTrivia(moved)));
        return type.WithBaseList(baseList);
    }
}
