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
    public static Plan? For(SyntaxNode creation, string releaseCall, SemanticModel model, CancellationToken cancellationToken)
    {
        if (Field(creation, model, cancellationToken) is not { IsStatic: false } field
            || field.ContainingType is not { TypeKind: TypeKind.Class, IsStatic: false } owner
            || creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { OpenBraceToken.IsMissing: false, Members.Count: > 0 } type
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
            // Extend the type's own Dispose when it is in this document and has a body to add to.
            var syntax = dispose.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(m => m.SyntaxTree == creation.SyntaxTree && (m.Body is not null || m.ExpressionBody is not null));
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

        return owner.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default) ? null : new Plan(type, owner, field, release, null);
    }

    /// <summary>Applies every plan of a document in one pass: one IDisposable and one Dispose per type, whatever the number of fields.</summary>
    public static async Task<Document> ApplyAsync(Document document, IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var group in plans.GroupBy(p => p.Owner, SymbolEqualityComparer.Default))
        {
            var releases = group
                .GroupBy(p => p.Field, SymbolEqualityComparer.Default)
                .Select(g => g.First().Release)
                .ToList();
            var first = group.First();
            if (first.ExistingDispose is { } dispose)
            {
                editor.ReplaceNode(dispose, (current, _) => Append((MethodDeclarationSyntax)current, releases));
            }
            else
            {
                editor.ReplaceNode(first.Type, (current, _) => AddDisposable((TypeDeclarationSyntax)current, releases));
            }
        }

        return await UnloadingRelease.CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
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
