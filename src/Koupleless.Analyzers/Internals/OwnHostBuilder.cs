using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Whether this compilation builds a generic or web host of its own (<c>Host.CreateDefaultBuilder</c>,
/// <c>WebApplication.CreateBuilder</c>, <c>new HostBuilder()</c>, ...). A module that does owns its host: the
/// <c>IHostApplicationLifetime</c> its code is given is that host's, whose tokens end with the module, not the base's
/// (measured on real apps: Jackett and Kavita register on their own host's lifetime in <c>Startup.Configure</c>).
/// A project can also say it (<c>KouplelessModuleHost</c>, <see cref="ModuleHostReader"/>): a library cannot see the host
/// of the module that loads it, and a declaration wins over what the code shows.
/// Read once per compilation, and only when a rule asks (a registration on a lifetime token was found).
/// </summary>
internal sealed class OwnHostBuilder
{
    private static readonly (string Type, string[] Methods)[] Factories =
    {
        ("Microsoft.Extensions.Hosting.Host", new[] { "CreateDefaultBuilder", "CreateApplicationBuilder", "CreateEmptyApplicationBuilder" }),
        ("Microsoft.AspNetCore.WebHost", new[] { "CreateDefaultBuilder" }),
        ("Microsoft.AspNetCore.Builder.WebApplication", new[] { "Create", "CreateBuilder", "CreateSlimBuilder", "CreateEmptyBuilder" }),
    };

    private static readonly string[] Builders =
    {
        "Microsoft.Extensions.Hosting.HostBuilder", "Microsoft.Extensions.Hosting.HostApplicationBuilder", "Microsoft.AspNetCore.Hosting.WebHostBuilder",
    };

    private readonly Compilation _compilation;
    private readonly ModuleHost _declared;
    private readonly ImmutableHashSet<INamedTypeSymbol> _factoryTypes;
    private readonly ImmutableHashSet<INamedTypeSymbol> _builderTypes;
    private readonly ImmutableHashSet<string> _names;
    private readonly Lazy<bool> _builds;

    public OwnHostBuilder(Compilation compilation, ModuleHost declared, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _declared = declared;
        var factories = Factories.Select(f => (Type: compilation.GetTypeByMetadataName(f.Type), f.Methods)).Where(f => f.Type is not null).ToList();
        _factoryTypes = factories.Select(f => f.Type!).ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        _builderTypes = Builders.Select(compilation.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        _names = factories.SelectMany(f => f.Methods).Concat(_builderTypes.Select(t => t.Name)).ToImmutableHashSet(StringComparer.Ordinal);
        _builds = new Lazy<bool>(() => Find(cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Whether the module owns its host: declared so (<c>Own</c>; <c>Base</c> says it does not), else some code of this
    /// compilation calls a host factory or creates a host builder.
    /// </summary>
    public bool OwnsItsHost => _declared switch
    {
        ModuleHost.Own => true,
        ModuleHost.Base => false,
        _ => _builds.Value,
    };

    private bool Find(CancellationToken cancellationToken)
    {
        if (_factoryTypes.IsEmpty && _builderTypes.IsEmpty)
        {
            return false; // nothing to build a host with is referenced
        }

        foreach (var tree in TreesNaming.Any(_compilation, _names, cancellationToken))
        {
            var candidates = tree.GetRoot(cancellationToken).DescendantNodes().Where(IsCandidate).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

#pragma warning disable RS1030 // Only on demand, once per compilation: the rule's own operations cannot see another type's Main.
            var model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            if (candidates.Any(node => IsHostBuilding(model.GetSymbolInfo(node, cancellationToken).Symbol)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Cheap syntax test: a call or creation whose last name is one of the factories or builders.</summary>
    private bool IsCandidate(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => _names.Contains(access.Name.Identifier.ValueText),
        ObjectCreationExpressionSyntax { Type: var type } => _names.Contains(LastName(type)),
        _ => false,
    };

    private bool IsHostBuilding(ISymbol? symbol) => symbol switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => _builderTypes.Contains(constructor.ContainingType),
        IMethodSymbol method => _factoryTypes.Contains(method.ContainingType) && _names.Contains(method.Name),
        _ => false,
    };

    private static string LastName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
