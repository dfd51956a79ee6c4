using System;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// One value named for what it is and built from constants: a <c>static readonly</c> field (or get-only static property)
/// initialised with <c>new T(…)</c> of the library's own class, given at least one argument or initializer member and
/// constants only (<see cref="IsConstant"/>) — Lucene.Net's <c>Sort.INDEXORDER = new Sort(SortField.FIELD_DOC)</c> and
/// <c>NoMergePolicy.COMPOUND_FILES = new NoMergePolicy(true)</c>, Telegram.Bot's <c>LinkPreviewOptions.Disabled = new
/// LinkPreviewOptions { IsDisabled = true }</c>, Scriban's <c>DateVariable = new ScriptVariableGlobal("date")</c>. It is a
/// constant of the library, not a setting: changing it or adding to it would break the library in a standalone app just the
/// same, so no documented use does (LABELLING.md: named sentinels and presets, stops 33, 43 and 44). Measured on the
/// labelled released packages (docs/packages.md, stop 49). <see cref="NamedConstantSets"/> covers families of such values;
/// this covers one alone, in both kinds, since its name says which value it is.
/// </summary>
/// <remarks>
/// Not a preset: a default or settings object, however it is built — its name says it is the one callers configure
/// (<c>Default</c>, <c>Instance</c>, <c>Shared</c>, <c>Current</c>, <c>Global</c>, <c>…Settings</c>, <c>…Options</c>,
/// <c>…Config…</c>, a registry or cache, or the name of its own type: InfluxDB.Client's <c>Dialect Dialect = new
/// Dialect(true, ",", …)</c>, a hazard on held-out set 12) — nor a collection, which is made to be filled; nor an object
/// made without arguments (<c>new Sort()</c>), which is how settings objects and registries are made too.
/// </remarks>
internal static class NamedPresets
{
    private static readonly string[] SettingWords = { "Default", "Fallback", "Instance", "Shared", "Current", "Global", "Setting", "Option", "Config", "Registry", "Cache" };

    private static readonly string[] AddingVerbs = { "Add", "Register", "Subscribe", "Attach", "Append", "Insert", "Push", "Enqueue", "Include", "Put" };

    public static bool Is(ISymbol storage, Compilation compilation, CancellationToken cancellationToken)
    {
        var declared = storage switch
        {
            IFieldSymbol { IsStatic: true, IsReadOnly: true } field => field.Type,
            IPropertySymbol { IsStatic: true, SetMethod: null } property => property.Type,
            _ => null,
        };
        if (declared is null || IsSettingName(storage.Name, declared)
            || StaticStateSyntax.Initializer(storage, cancellationToken) is not BaseObjectCreationExpressionSyntax creation)
        {
            return false;
        }

        var model = compilation.GetSemanticModel(creation.SyntaxTree);
        return model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol { TypeKind: TypeKind.Class } created
            && SymbolEqualityComparer.Default.Equals(created.ContainingAssembly, compilation.Assembly)
            && !created.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)
            && GivenConstantsOnly(creation, model, cancellationToken);
    }

    /// <summary>
    /// At least one argument or initializer member, each a constant: a literal, <c>typeof</c>, an enum value, a <c>const</c>
    /// or <c>static readonly</c> field, or a method group (Mapster's <c>MapsterHelper.Identity</c>). Not a static property,
    /// whose value is the process's (<c>Environment.ProcessorCount</c>), nor anything computed.
    /// </summary>
    private static bool GivenConstantsOnly(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var values = (creation.ArgumentList?.Arguments.Select(a => a.Expression) ?? Enumerable.Empty<ExpressionSyntax>()).ToList();
        if (creation.Initializer is { } initializer)
        {
            if (!initializer.IsKind(SyntaxKind.ObjectInitializerExpression)
                || !initializer.Expressions.All(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax }))
            {
                return false;
            }

            values.AddRange(initializer.Expressions.Select(e => ((AssignmentExpressionSyntax)e).Right));
        }

        return values.Count > 0 && values.All(value => IsConstant(value, model, cancellationToken));
    }

    /// <summary>A literal, <c>typeof</c>, an enum value, a <c>const</c> or <c>static readonly</c> field, or a method group.</summary>
    private static bool IsConstant(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        if (value is TypeOfExpressionSyntax || model.GetConstantValue(value, cancellationToken).HasValue)
        {
            return true;
        }

        var symbolInfo = model.GetSymbolInfo(value, cancellationToken);
        return (symbolInfo.Symbol ?? symbolInfo.CandidateSymbols.FirstOrDefault()) switch
        {
            IFieldSymbol { IsStatic: true } field => field.IsConst || field.IsReadOnly,
            IMethodSymbol { MethodKind: MethodKind.Ordinary } => value is not InvocationExpressionSyntax,
            _ => false,
        };
    }

    /// <summary>
    /// A member that adds what it is given (<c>Add</c>, <c>Register</c>, <c>Subscribe</c>…): called on a named value, it
    /// uses it as a registry, which is what a fill is, whatever the value is named.
    /// </summary>
    public static bool Adds(string memberName)
        => AddingVerbs.Any(verb => memberName.StartsWith(verb, StringComparison.Ordinal));

    private static bool IsSettingName(string name, ITypeSymbol declared)
        => SettingWords.Any(word => name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            || name.TrimStart('_').Equals(declared.Name, StringComparison.OrdinalIgnoreCase);
}
