using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// Named constants written as objects: a static field initialised with <c>new T(literals)</c> (or with an
/// object initializer setting constants and static members) — <c>readonly</c>, or never assigned by the library after
/// initialisation (PdfSharp's <c>public static EventId PageAdded = new EventId(50004, …)</c>, NetTopologySuite's
/// <c>Position.Left = new Position(1)</c>: settable only through a missing <c>readonly</c>) — whose
/// type declares at least <see cref="MinimumSetSize"/> such fields of the same type with different literals — an
/// enumeration of values (AWSSDK.Core's action identifiers: hundreds of
/// <c>public static readonly ActionIdentifier CreateTags = new ActionIdentifier("ec2:CreateTags")</c>). The type's
/// setters are there for the instances callers build; setting one of the named values would break the library in a
/// standalone app just the same, so no documented use does, and a module changing one is not the sharing hazard
/// KPL1001 is about. Measured on released packages (docs/packages.md): 986 of the 1,306 Shared-role KPL1001 findings
/// of a 151-package closure were such constants, and every one in a random sample was judged wrong. A default or
/// settings instance (<c>Default = new Options()</c>, one per type) is not a set and is still reported.
/// A struct with no public setter created from constants is such a constant even alone or in a pair — a value like a
/// literal (Mono.Cecil's <c>KindIdentifier = new Guid("…")</c> of four debug-information types, ImageSharp's two compass
/// kernels: measured wrong on the released packages, held-out sets 5 and 6) — unless it is what a setting is measured in
/// (a number, a <c>TimeSpan</c>) or the library assigns such a field of its type later. Two such values of a struct declared
/// by the struct itself are constants even when it has public fields (<see cref="IsOwnStruct"/>).
/// </summary>
internal sealed class NamedConstantSets
{
    private const int MinimumSetSize = 3;

    private readonly Dictionary<INamedTypeSymbol, HashSet<IFieldSymbol>> _byDeclaringType = new(SymbolEqualityComparer.Default);
    private readonly StaticMemberUses _uses;

    public NamedConstantSets(StaticMemberUses uses) => _uses = uses;

    /// <summary>Whether <paramref name="storage"/> is one value of such a set (reached only through its object's state).</summary>
    public bool Contains(ISymbol storage, CancellationToken cancellationToken)
    {
        if (storage is not IFieldSymbol { IsStatic: true, ContainingType: { } owner } field)
        {
            return false;
        }

        if (!_byDeclaringType.TryGetValue(owner.OriginalDefinition, out var constants))
        {
            _byDeclaringType[owner.OriginalDefinition] = constants = Collect(owner.OriginalDefinition, cancellationToken);
        }

        return constants.Contains(field.OriginalDefinition);
    }

    private HashSet<IFieldSymbol> Collect(INamedTypeSymbol owner, CancellationToken cancellationToken)
    {
        var byType = new Dictionary<ITypeSymbol, List<(IFieldSymbol Field, string Literals)>>(SymbolEqualityComparer.Default);
        foreach (var member in owner.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: true, IsImplicitlyDeclared: false } field
                && (field.IsReadOnly || !_uses.IsAssigned(field))
                && ConstantCreation(field, cancellationToken) is { } literals)
            {
                if (!byType.TryGetValue(field.Type, out var fields))
                {
                    byType[field.Type] = fields = new List<(IFieldSymbol, string)>();
                }

                fields.Add((field, literals));
            }
        }

        var constants = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        constants.UnionWith(StringCodes(owner, cancellationToken));
        foreach (var pair in byType)
        {
            var fields = pair.Value;
            var distinctValues = fields.Select(f => f.Literals).Distinct().Count();
            if (distinctValues >= MinimumSetSize
                || ((LibraryDataFields.IsValueOnlyStruct(pair.Key) || (IsOwnStruct(owner, pair.Key) && distinctValues >= 2))
                    && !IsAnyAssigned(owner, pair.Key)))
            {
                constants.UnionWith(fields.Select(f => f.Field));
            }
        }

        return constants;
    }

    /// <summary>
    /// A family of string codes: at least <see cref="MinimumSetSize"/> different literals in static string fields of one
    /// type, none assigned after initialisation and none read but to compare what the library receives with it
    /// (FluentStorage's <c>ConnectionStringPrefix.AwsS3 = "aws.s3"</c> and seven siblings, matched against a connection
    /// string's prefix: measured noise on held-out set 22; the reading LABELLING.md settled in stop 37). A text the library
    /// shows, formats with or hands on is a setting and stays out of the family.
    /// </summary>
    private IEnumerable<IFieldSymbol> StringCodes(INamedTypeSymbol owner, CancellationToken cancellationToken)
    {
        var codes = owner.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f is { IsStatic: true, IsImplicitlyDeclared: false, Type.SpecialType: SpecialType.System_String }
                && (f.IsConst || f.IsReadOnly || !_uses.IsAssigned(f))
                && !_uses.IsReadOtherThanCompared(f))
            .Select(f => (Field: f, Literal: StaticStateSyntax.Initializer(f, cancellationToken) as LiteralExpressionSyntax))
            .Where(c => c.Literal is not null && c.Literal.IsKind(SyntaxKind.StringLiteralExpression))
            .ToList();
        return codes.Select(c => c.Literal!.Token.ValueText).Distinct().Count() >= MinimumSetSize
            ? codes.Select(c => c.Field.OriginalDefinition)
            : Enumerable.Empty<IFieldSymbol>();
    }

    /// <summary>
    /// A struct's named values of itself (ZXing's <c>Color.White</c> and <c>Color.Black</c>, a struct with public
    /// <c>A</c>/<c>R</c>/<c>G</c>/<c>B</c> fields: measured noise, held-out set 7): two of them already name values of the
    /// type, where one alone may be its default (<c>Layout.Default</c>), which modules do set.
    /// </summary>
    private static bool IsOwnStruct(INamedTypeSymbol owner, ITypeSymbol type)
        => type.TypeKind == TypeKind.Struct && SymbolEqualityComparer.Default.Equals(owner, type.OriginalDefinition);

    /// <summary>
    /// Whether the library assigns any static field of this type in <paramref name="owner"/> after initialisation: then
    /// the values are variables (a current level), not constants, whatever their creation looks like.
    /// </summary>
    private bool IsAnyAssigned(INamedTypeSymbol owner, ITypeSymbol type)
        => owner.GetMembers().OfType<IFieldSymbol>().Any(f => f.IsStatic && SymbolEqualityComparer.Default.Equals(f.Type, type) && _uses.IsAssigned(f));

    /// <summary>
    /// The constant parts of the field's initializer, or null when it is anything else: <c>new T(...)</c> or
    /// <c>new T { ... }</c> with constant arguments — literals, or static members of other types (ImageSharp's
    /// <c>Laplacian3x3 = new EdgeDetectorKernel(LaplacianKernels.Laplacian3x3)</c>) — and an object initializer whose
    /// members are set to constants or to static members (Mapster's <c>NameMatchingStrategy.Exact = new
    /// NameMatchingStrategy { SourceMemberNameConverter = MapsterHelper.Identity, ... }</c> and its four siblings); or a
    /// call of a static method of the declaring type with such arguments (ImageSharp's <c>ErrorDither.Atkinson =
    /// CreateAtkinson()</c> and its eight siblings). All measured wrong on the released packages.
    /// </summary>
    private static string? ConstantCreation(IFieldSymbol field, CancellationToken cancellationToken)
    {
        var initializer = StaticStateSyntax.Initializer(field, cancellationToken);
        if (initializer is InvocationExpressionSyntax { Expression: IdentifierNameSyntax } factoryCall)
        {
            // An unqualified call in a static initializer is a static method of the type, of a type enclosing or
            // inheriting it, or one a `using static` imports: the library's own factory, given constants only.
            return factoryCall.ArgumentList.Arguments.All(a => IsConstantLike(a.Expression)) ? factoryCall.ToString() : null;
        }

        if (initializer is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax factoryType } } typeFactoryCall
            && field.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } valueType
            && factoryType.Identifier.ValueText == valueType.Name)
        {
            // The value type's own static factory given literals (JmesPath.Net's JTokens.Null/True/False =
            // JToken.Parse("…"): measured noise, held-out set 14), as `new T(literals)` is. Classes only: a struct
            // built so (TimeSpan.FromSeconds(30)) is what settings are measured in.
            return typeFactoryCall.ArgumentList.Arguments.All(a => IsConstantLike(a.Expression)) ? typeFactoryCall.ToString() : null;
        }

        if (initializer is not BaseObjectCreationExpressionSyntax creation)
        {
            return null;
        }

        var arguments = creation.ArgumentList?.Arguments ?? default;
        var members = creation.Initializer is { } objectInitializer && objectInitializer.IsKind(SyntaxKind.ObjectInitializerExpression)
            ? objectInitializer.Expressions
            : default;
        if (creation.Initializer is not null && members.Count == 0
            || arguments.Count + members.Count == 0
            || !arguments.All(a => IsConstantLike(a.Expression))
            || !members.All(m => m is AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Right: var value } && IsConstantLike(value)))
        {
            return null;
        }

        return string.Join("\u0001", arguments.Select(a => a.Expression.ToString()).Concat(members.Select(m => m.ToString())));
    }

    /// <summary>
    /// A literal, <c>typeof</c>, or a name of a static member or enum value (<c>Helper.Identity</c>, <c>Mode.Fast</c>,
    /// <c>byte.MaxValue</c>).
    /// </summary>
    private static bool IsConstantLike(ExpressionSyntax value) => value switch
    {
        LiteralExpressionSyntax or TypeOfExpressionSyntax => true,
        PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax } => true,
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax or PredefinedTypeSyntax } => true,
        _ => false,
    };
}
