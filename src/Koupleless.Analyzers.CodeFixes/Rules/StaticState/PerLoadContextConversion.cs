using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// Turns a static field or static auto-property into a static property of the same name and type whose value lives
/// in a <c>PerLoadContext&lt;T&gt;</c> holder: <c>static int _count;</c> becomes
/// <c>static int _count { get => _countPerContext.Value; set => _countPerContext.Value = value; }</c> plus
/// <c>private static readonly PerLoadContext&lt;int&gt; _countPerContext = new PerLoadContext&lt;int&gt;();</c>.
/// Every use keeps compiling unchanged (so no other document is edited). The holder is the Koupleless.Adapters package's
/// when the project references it; otherwise the same holder is nested once in each type that needs it (never a new
/// document: see <see cref="Internals.NestedHelperType"/>).
/// </summary>
internal static class PerLoadContextConversion
{
    private const string HolderSuffix = "PerContext";
    private const string HolderMetadataName = StaticStateTypes.PerLoadContextNamespace + "." + StaticStateTypes.PerLoadContextName + "`1";
    private const string DefaultTypeParameter = "TValue";

    /// <summary>The storage behind a KPL1001/KPL1002 diagnostic when the conversion applies to it, else null.</summary>
    public static async Task<ISymbol?> ConvertibleStorageAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var storage = await StorageAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        return storage is not null && await IsConvertibleAsync(storage, document.Project.Solution, cancellationToken).ConfigureAwait(false) ? storage : null;
    }

    /// <summary>Fix All: each storage once, however many diagnostics name it (every change of a static collection does).</summary>
    public static async Task<IReadOnlyList<ISymbol>> ConvertibleStoragesAsync(IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, Solution solution, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (document, diagnostic) in diagnostics)
        {
            if (await StorageAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } storage)
            {
                candidates.Add(storage);
            }
        }

        var convertible = new List<ISymbol>();
        foreach (var candidate in candidates)
        {
            if (await IsConvertibleAsync(candidate, solution, cancellationToken).ConfigureAwait(false))
            {
                convertible.Add(candidate);
            }
        }

        return convertible;
    }

    private static async Task<ISymbol?> StorageAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !IsAvailable(model.Compilation))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var symbol = node switch
        {
            VariableDeclaratorSyntax variable => model.GetDeclaredSymbol(variable, cancellationToken),
            AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } => model.GetDeclaredSymbol(property, cancellationToken),
            PropertyDeclarationSyntax property => model.GetDeclaredSymbol(property, cancellationToken),
            _ => model.GetSymbolInfo(node, cancellationToken).Symbol,
        };

        return symbol is not null && HasConvertibleDeclaration(symbol) ? symbol : null;
    }

    private static async Task<bool> IsConvertibleAsync(ISymbol storage, Solution solution, CancellationToken cancellationToken)
    {
        var uses = await StaticStorageUses.FindAsync(storage, solution, cancellationToken).ConfigureAwait(false);
        return !uses.UsedByReference && !uses.WrittenInTypeInitialization;
    }

    /// <summary>The holder needs AssemblyLoadContext.CurrentContextualReflectionContext (.NET Core 3.0 and later).</summary>
    private static bool IsAvailable(Compilation compilation)
        => compilation.GetTypeByMetadataName("System.Runtime.Loader.AssemblyLoadContext") is { } context
            && !context.GetMembers("CurrentContextualReflectionContext").IsEmpty
            && compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConditionalWeakTable`2") is not null;

    private static bool HasConvertibleDeclaration(ISymbol symbol)
    {
        if (!symbol.IsStatic || symbol.DeclaringSyntaxReferences.Length != 1 || symbol.ContainingType?.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        // A property returns a copy of a struct: only immutable structs keep their meaning behind one.
        var type = symbol switch
        {
            // A volatile field is a cross-thread flag whose ordering guarantees a property would silently drop.
            IFieldSymbol { IsConst: false, IsVolatile: false } field => field.Type,
            IPropertySymbol property when StaticStateSyntax.IsAutoProperty(property) => property.Type,
            _ => null,
        };
        if (type is null || type.TypeKind == TypeKind.Error || (type.IsValueType && !ImmutableTypes.IsImmutable(type)))
        {
            return false;
        }

        return symbol.DeclaringSyntaxReferences[0].GetSyntax() switch
        {
            VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } => field.AttributeLists.Count == 0,
            PropertyDeclarationSyntax property => property.AttributeLists.Count == 0,
            _ => false,
        };
    }

    /// <summary>Converts every storage (deduplicated); a type without access to the package's holder gets a nested one, once.</summary>
    public static async Task<Solution> ConvertAsync(Solution solution, IEnumerable<ISymbol> storages, CancellationToken cancellationToken)
    {
        var byDocument = storages
            .Distinct<ISymbol>(SymbolEqualityComparer.Default)
            .Select(s => (Storage: s, Syntax: s.DeclaringSyntaxReferences[0]))
            .GroupBy(s => solution.GetDocumentId(s.Syntax.SyntaxTree))
            .Where(g => g.Key is not null)
            .ToList();

        var typesGivenHolder = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var result = solution;
        foreach (var group in byDocument)
        {
            var document = solution.GetDocument(group.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit || compilation is null)
            {
                continue;
            }

            var usePackage = PackageHolderIsAvailable(compilation);
            var nodes = group.Select(s => s.Syntax.GetSyntax(cancellationToken)).ToList();
            var declarations = nodes.Select(n => n is VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax f } ? (MemberDeclarationSyntax)f : (MemberDeclarationSyntax)n)
                .Distinct().ToList();
            var partsNeedingHolder = usePackage
                ? new List<(TypeDeclarationSyntax Part, INamedTypeSymbol Type)>()
                : group
                    .Select(s => (Part: s.Syntax.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>(), Type: s.Storage.ContainingType))
                    .Where(p => p.Part is not null && !HasNestedHolder(p.Type) && typesGivenHolder.Add(p.Type))
                    .Select(p => (Part: p.Part!, p.Type))
                    .ToList();
            var takenNames = new HashSet<string>(group.SelectMany(s => s.Storage.ContainingType.MemberNames));
            var tracked = unit.TrackNodes(declarations.Concat<SyntaxNode>(partsNeedingHolder.Select(p => p.Part)));
            foreach (var declaration in declarations)
            {
                var current = tracked.GetCurrentNode(declaration)!;
                var replacement = declaration switch
                {
                    FieldDeclarationSyntax field => ConvertField(field, nodes.OfType<VariableDeclaratorSyntax>().Where(v => v.Parent?.Parent == field).ToList(), takenNames),
                    PropertyDeclarationSyntax property => ConvertProperty(property, takenNames),
                    _ => null,
                };
                if (replacement is not null)
                {
                    tracked = tracked.ReplaceNode(current, replacement);
                }
            }

            foreach (var (part, type) in partsNeedingHolder)
            {
                var current = tracked.GetCurrentNode(part)!;
                var holder = PerLoadContextTemplate.Nested(Internals.NestedHelperType.FreeTypeParameterName(type, DefaultTypeParameter));
                tracked = tracked.ReplaceNode(current, Internals.NestedHelperType.AddTo(current, Internals.NestedHelperType.Declaration(holder, current)));
            }

            result = result.WithDocumentSyntaxRoot(document.Id, usePackage ? AddUsing(tracked) : tracked);
        }

        return result;
    }

    /// <summary>The package's holder (or a copy an earlier version of the fix added to the project), public to this assembly.</summary>
    private static bool PackageHolderIsAvailable(Compilation compilation)
        => compilation.GetTypeByMetadataName(HolderMetadataName) is { } holder && compilation.IsSymbolAccessibleWithin(holder, compilation.Assembly);

    private static bool HasNestedHolder(INamedTypeSymbol type)
        => type.GetTypeMembers(StaticStateTypes.PerLoadContextName).Any(t => t.Arity == 1);

    /// <summary>
    /// Each converted variable becomes a property and its holder, in source order: the variables left as fields stay
    /// grouped in declarations between them, so converting one variable at a time or all at once gives the same code.
    /// </summary>
    private static IEnumerable<MemberDeclarationSyntax> ConvertField(FieldDeclarationSyntax field, List<VariableDeclaratorSyntax> converted, HashSet<string> takenNames)
    {
        var type = field.Declaration.Type.ToString();
        var readOnly = field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword);
        var modifiers = string.Join(" ", field.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword)).Select(m => m.Text));

        var members = new List<MemberDeclarationSyntax>();
        var kept = new List<VariableDeclaratorSyntax>();
        foreach (var variable in field.Declaration.Variables)
        {
            if (!converted.Contains(variable))
            {
                kept.Add(variable);
                continue;
            }

            FlushKept();
            var holder = HolderName(variable.Identifier.ValueText, takenNames);
            var accessors = readOnly
                ? $"get => {holder}.Value;"
                : $"get => {holder}.Value; set => {holder}.Value = value;";
            members.Add(ParseMember($"{modifiers} {type} {variable.Identifier.Text} {{ {accessors} }}"));
            members.Add(HolderField(type, holder, variable.Initializer?.Value, field.Declaration.Type));
        }

        FlushKept();
        var indentation = Indentation(field);
        var endOfLine = EndOfLine(field);
        for (var i = 0; i < members.Count; i++)
        {
            members[i] = members[i]
                .WithLeadingTrivia(i == 0 ? field.GetLeadingTrivia() : indentation)
                .WithTrailingTrivia(i == 0 ? field.GetTrailingTrivia() : endOfLine);
        }

        return members;

        void FlushKept()
        {
            if (kept.Count > 0)
            {
                var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), kept.Count - 1);
                var variables = SyntaxFactory.SeparatedList(kept.Select((v, i) => i == kept.Count - 1 ? v.WithoutTrailingTrivia() : v), separators);
                members.Add(field.WithDeclaration(field.Declaration.WithVariables(variables)));
                kept.Clear();
            }
        }
    }

    private static IEnumerable<MemberDeclarationSyntax> ConvertProperty(PropertyDeclarationSyntax property, HashSet<string> takenNames)
    {
        var holder = HolderName(property.Identifier.ValueText, takenNames);
        var accessorList = property.AccessorList!;
        var accessors = accessorList.Accessors.Select(accessor => accessor.WithExpressionBody(
            SyntaxFactory.ArrowExpressionClause(
                SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.ParseExpression(accessor.IsKind(SyntaxKind.GetAccessorDeclaration) ? holder + ".Value" : holder + ".Value = value"))));
        var converted = property.WithAccessorList(accessorList.WithAccessors(SyntaxFactory.List(accessors)));
        if (property.Initializer is not null)
        {
            converted = converted
                .WithInitializer(null)
                .WithSemicolonToken(default)
                .WithAccessorList(converted.AccessorList!.WithCloseBraceToken(
                    converted.AccessorList.CloseBraceToken.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia)));
        }

        var type = property.Type.ToString();
        return new MemberDeclarationSyntax[]
        {
            converted,
            HolderField(type, holder, property.Initializer?.Value, property.Type).WithLeadingTrivia(Indentation(property)).WithTrailingTrivia(EndOfLine(property)),
        };
    }

    private static MemberDeclarationSyntax HolderField(string type, string holder, ExpressionSyntax? initialValue, TypeSyntax declaredType)
    {
        var factory = initialValue switch
        {
            null => string.Empty,
            // "static int[] a = { 1, 2 };" has no expression of its own: a lambda needs "new int[] { 1, 2 }".
            InitializerExpressionSyntax arrayInitializer => $"() => new {declaredType} {arrayInitializer}",
            _ => "() => " + initialValue,
        };
        var holderType = $"{StaticStateTypes.PerLoadContextName}<{type}>";
        return ParseMember($"private static readonly {holderType} {holder} = new {holderType}({factory});");
    }

    private static MemberDeclarationSyntax ParseMember(string text) => SyntaxFactory.ParseMemberDeclaration(text)!;

    private static string HolderName(string name, HashSet<string> takenNames)
    {
        var candidate = name + HolderSuffix;
        for (var i = 2; takenNames.Contains(candidate); i++)
        {
            candidate = name + HolderSuffix + i;
        }

        takenNames.Add(candidate);
        return candidate;
    }

    private static SyntaxTriviaList Indentation(SyntaxNode declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
    }

    private static SyntaxTriviaList EndOfLine(SyntaxNode declaration)
    {
        var endOfLine = declaration.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return SyntaxFactory.TriviaList(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed);
    }

    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        const string Namespace = StaticStateTypes.PerLoadContextNamespace;
        if (unit.Usings.Any(u => u.Alias is null && u.Name?.ToString() == Namespace)
            || unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>()
                .Any(n => n.Name.ToString() == Namespace || n.Usings.Any(u => u.Alias is null && u.Name?.ToString() == Namespace)))
        {
            return unit;
        }

        var endOfLine = unit.Usings.Count > 0 ? EndOfLine(unit.Usings[0]) : SyntaxFactory.TriviaList(SyntaxFactory.LineFeed);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(endOfLine);
        if (unit.Usings.Count == 0)
        {
            // The first member keeps its comments after the new directive and a blank line.
            var first = unit.GetFirstToken();
            return unit.ReplaceToken(first, first.WithLeadingTrivia(endOfLine.AddRange(first.LeadingTrivia)))
                .WithUsings(SyntaxFactory.SingletonList(directive));
        }

        // System namespaces first, then ordinal order: the place "sort usings" would give it.
        var index = 0;
        while (index < unit.Usings.Count && IsBefore(unit.Usings[index], Namespace))
        {
            index++;
        }

        if (index == 0)
        {
            directive = directive.WithLeadingTrivia(unit.Usings[0].GetLeadingTrivia());
            var usings = unit.Usings.Replace(unit.Usings[0], unit.Usings[0].WithLeadingTrivia());
            return unit.WithUsings(usings.Insert(0, directive));
        }

        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    private static bool IsBefore(UsingDirectiveSyntax existing, string name)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Name is null)
        {
            return false;
        }

        var text = existing.Name.ToString();
        var isSystem = text == "System" || text.StartsWith("System.", System.StringComparison.Ordinal);
        return isSystem || string.CompareOrdinal(text, name) < 0;
    }
}
