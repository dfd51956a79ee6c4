using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Reads the KPL3005 catalog lines by what they name (docs/rules/KPL3005.md): a method returning a value registers
/// and returns the registration; a void method registers its disposable argument; a type registers every instance of
/// it or of a subclass; an observable property or field registers whatever <c>Subscribe</c> on it returns. Plus, in
/// code, <c>CancellationToken.Register</c>/<c>UnsafeRegister</c>, a hazard only on a token of <see cref="BaseTokens"/>:
/// as catalog lines the package scan would report every <c>Register</c> of every package.
/// </summary>
internal sealed class ListenerCatalog
{
    public const string RegisterReason = "keeps the callback in the token's source until the registration is disposed or the token is canceled";
    public const string HostTokenReason = "is the host's lifetime token: its source lives as long as the host, which is the base's when the base injects it";

    /// <summary>
    /// Tokens owned by the base: their source lives as long as the host that the base builds and injects into modules.
    /// A token of any other origin (a parameter, a request, the module's own CancellationTokenSource) is not reported,
    /// nor is <c>ApplicationStarted</c>: the host cancels it once started, and a canceled token keeps no registration
    /// (measured: LinkedTokenSourceRuntimeTests; a wrong report on Hangfire.NetCore's released package).
    /// </summary>
    public static readonly ImmutableArray<string> BaseTokens = ImmutableArray.Create(
        "P:Microsoft.Extensions.Hosting.IHostApplicationLifetime.ApplicationStopping",
        "P:Microsoft.Extensions.Hosting.IHostApplicationLifetime.ApplicationStopped");

    private readonly HazardCatalog _catalog;
    private readonly INamedTypeSymbol _disposable;
    private readonly ImmutableHashSet<ISymbol> _baseTokens;

    public ListenerCatalog(HazardCatalog catalog, Compilation compilation)
    {
        _catalog = catalog;
        _disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        CancellationTokenSource = compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
        _baseTokens = BaseTokens
            .SelectMany(id => DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation))
            .ToImmutableHashSet(SymbolEqualityComparer.Default);
    }

    /// <summary>Whether the compilation can register anything this rule reports (Register only counts on a base token).</summary>
    public bool IsEmpty => !_catalog.HasRule(RuleIds.UndisposedListenerRegistration) && (CancellationToken is null || _baseTokens.IsEmpty);

    /// <summary>Why a token property or field is owned by the base, or null when it is not one of <see cref="BaseTokens"/>.</summary>
    public string? BaseTokenReason(ISymbol member) => _baseTokens.Contains(member.OriginalDefinition) ? HostTokenReason : null;

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    public bool IsCancellationTokenSource(ITypeSymbol? type)
        => CancellationTokenSource is not null && SymbolEqualityComparer.Default.Equals(type, CancellationTokenSource);

    public CatalogEntry? Entry(ISymbol? symbol)
        => _catalog.EntriesFor(symbol).FirstOrDefault(e => e.RuleId == RuleIds.UndisposedListenerRegistration);

    public bool IsCancellationToken(ITypeSymbol? type)
        => CancellationToken is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    public bool IsDisposable(ITypeSymbol? type)
        => type is not null && type.TypeKind != TypeKind.Error
            && (SymbolEqualityComparer.Default.Equals(type, _disposable) || type.AllInterfaces.Contains(_disposable, SymbolEqualityComparer.Default));

    public ListenerRegistration? FromInvocation(IInvocationOperation invocation, ISymbol creator)
    {
        var method = invocation.TargetMethod;
        if (method is null)
        {
            return null;
        }

        var api = $"{method.ContainingType?.Name}.{method.Name}";
        if (IsCancellationToken(method.ContainingType))
        {
            return method.Name is "Register" or "UnsafeRegister" && !method.ReturnsVoid && invocation.Instance is { } token
                ? new ListenerRegistration(invocation, RegistrationResource.Result, api, RegisterReason, creator, token)
                : null;
        }

        if (Entry(method) is { } entry)
        {
            if (method.ReturnsVoid)
            {
                return RegisteredArgument(invocation) is null
                    ? null
                    : new ListenerRegistration(invocation, RegistrationResource.Argument, api, entry.Reason, creator, null);
            }

            return new ListenerRegistration(invocation, RegistrationResource.Result, api, entry.Reason, creator, null);
        }

        if (method.Name != "Subscribe" || method.ReturnsVoid)
        {
            return null;
        }

        var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        ISymbol? observable = OperationWalk.Innermost(receiver) switch
        {
            IPropertyReferenceOperation property => property.Property,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };
        if (observable is null || Entry(observable) is not { } observed)
        {
            return null;
        }

        return new ListenerRegistration(
            invocation, RegistrationResource.Result, $"{observable.ContainingType?.Name}.{observable.Name}.Subscribe", observed.Reason, creator, null);
    }

    public ListenerRegistration? FromCreation(IObjectCreationOperation creation, ISymbol creator)
    {
        for (var type = creation.Type as INamedTypeSymbol; type is not null; type = type.BaseType)
        {
            if (Entry(type) is { } entry)
            {
                return new ListenerRegistration(creation, RegistrationResource.Creation, creation.Type!.Name, entry.Reason, creator, null);
            }
        }

        return null;
    }

    /// <summary>The value of the disposable argument a void registration keeps (the ActivityListener).</summary>
    public IOperation? RegisteredArgument(IInvocationOperation invocation)
        => invocation.Arguments.FirstOrDefault(a => IsDisposable(a.Parameter?.Type))?.Value is { } value
            ? OperationWalk.Innermost(value)
            : null;
}
