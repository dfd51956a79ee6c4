using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The statics, declared in a type or the types nested in it, that hold an instance of that type created where they are
/// declared (<c>static readonly Scheduler Instance = new Scheduler("Default")</c>, <c>static Cache Shared { get; } = new()</c>):
/// the type's default instance, created on first use and kept for as long as its load context lives.
/// </summary>
internal static class StaticDefaults
{
    public static List<ISymbol> Of(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var found = new List<ISymbol>();
        Collect(type, type, found, cancellationToken);
        return found;
    }

    /// <summary>
    /// What a user of the type disposes: the default itself when code outside can see it, else a visible static property of
    /// the type that hands it out (Pipelines.Sockets.Unofficial's <c>Default =&gt; StaticContext.Instance</c>), else a static
    /// property of the type itself rather than a field of a nested holder class.
    /// </summary>
    public static ISymbol VisibleName(INamedTypeSymbol type, ISymbol staticDefault)
    {
        if (Flow.EntryPoints.IsVisibleOutside(staticDefault))
        {
            return staticDefault;
        }

        var handingOut = type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p is { IsStatic: true, GetMethod: not null } && SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, type.OriginalDefinition))
            .ToList();
        return handingOut.FirstOrDefault(p => Flow.EntryPoints.IsVisibleOutside(p.GetMethod!))
            ?? (SymbolEqualityComparer.Default.Equals(staticDefault.ContainingType, type) ? null : handingOut.FirstOrDefault())
            ?? staticDefault;
    }

    private static void Collect(INamedTypeSymbol declaring, INamedTypeSymbol type, List<ISymbol> found, CancellationToken cancellationToken)
    {
        foreach (var member in declaring.GetMembers())
        {
            var (memberType, isStatic) = member switch
            {
                IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field => (field.Type, field.IsStatic),
                IPropertySymbol property => (property.Type, property.IsStatic),
                _ => (null, false),
            };
            if (isStatic && SymbolEqualityComparer.Default.Equals(memberType?.OriginalDefinition, type.OriginalDefinition)
                && IsCreatedWhereDeclared(member, cancellationToken))
            {
                found.Add(member);
            }
        }

        foreach (var nested in declaring.GetTypeMembers())
        {
            Collect(nested, type, found, cancellationToken);
        }
    }

    private static bool IsCreatedWhereDeclared(ISymbol member, CancellationToken cancellationToken)
        => Internals.StaticStateSyntax.Initializer(member, cancellationToken) is BaseObjectCreationExpressionSyntax
            || IsCreatedInStaticConstructor(member, cancellationToken);

    /// <summary>
    /// <c>Instance = new T()</c> in the type's static constructor: how a decompiler shows a field initialiser of a type that
    /// also has a static constructor (ApplicationInsights' <c>SelfDiagnosticsInitializer.Instance</c>), and how some write it.
    /// </summary>
    private static bool IsCreatedInStaticConstructor(ISymbol member, CancellationToken cancellationToken)
        => Internals.StaticStateSyntax.StaticConstructorAssignments(member, cancellationToken).Any(a => a.Right is BaseObjectCreationExpressionSyntax);
}
