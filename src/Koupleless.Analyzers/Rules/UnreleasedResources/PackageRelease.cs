using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// An adapter package's release of a process-wide type cache, registered on the module's unload by one call
/// (<c>Type.Method(typeof(X).Assembly)</c>): each is proven by its package's load-twice-and-unload test. A project that
/// calls it anywhere has the cache released; the KPL3010 fix writes the call when the project references the package.
/// </summary>
public sealed record PackageRelease(string TypeMetadataName, string MethodName)
{
    /// <summary>Koupleless.Adapters: System.Text.Json's reflection caches (tests/Koupleless.Adapters.Tests).</summary>
    public static readonly PackageRelease SystemTextJson = new("Koupleless.Adapters.FrameworkCaches", "ReleaseSystemTextJsonOnUnload");

    /// <summary>Koupleless.Adapters: the module's entries in TypeDescriptor's tables (UnloadTests.TypeDescriptor_…).</summary>
    public static readonly PackageRelease TypeDescriptor = new("Koupleless.Adapters.FrameworkCaches", "ReleaseTypeDescriptorOnUnload");

    /// <summary>Koupleless.Adapters.NewtonsoftJson: Newtonsoft's caches and TypeDescriptor's of the module (ModuleJsonTests).</summary>
    public static readonly PackageRelease Newtonsoft = new("Koupleless.Adapters.NewtonsoftJson.ModuleJson", "ReleaseOnUnload");

    /// <summary>
    /// Koupleless.Adapters.Dapper: the module's type maps, type handlers and Dapper's query cache (ModuleDapperTests), for
    /// the catalog's Dapper lines (<see cref="ForCatalogLine"/>).
    /// </summary>
    public static readonly PackageRelease Dapper = new("Koupleless.Adapters.Dapper.ModuleDapper", "ReleaseOnUnload");

    /// <summary>The release of a KPL3010 cache kind (<see cref="ProcessWideTypeCacheAnalyzer.CacheProperty"/>), if a package has one.</summary>
    public static PackageRelease? For(string? cache) => cache switch
    {
        ProcessWideTypeCacheAnalyzer.SystemTextJson => SystemTextJson,
        ProcessWideTypeCacheAnalyzer.TypeDescriptor => TypeDescriptor,
        ProcessWideTypeCacheAnalyzer.Newtonsoft => Newtonsoft,
        _ => null,
    };

    private static readonly PackageRelease[] All = { SystemTextJson, TypeDescriptor, Newtonsoft, Dapper };

    /// <summary>The release of a catalog line's cache: Dapper's own API is emptied by Dapper's release only.</summary>
    public static PackageRelease? ForCatalogLine(Catalog.CatalogEntry line)
        => line.SymbolId.StartsWith("M:Dapper.", System.StringComparison.Ordinal) ? Dapper : null;

    /// <summary>The release a diagnostic names in its properties (<see cref="Key"/>), for the code fix.</summary>
    public static PackageRelease? FromKey(string? key) => All.FirstOrDefault(release => release.Key == key);

    /// <summary>Type and method, as a diagnostic property carries it.</summary>
    public string Key => TypeMetadataName + "." + MethodName;

    /// <summary>"FrameworkCaches", the name a call site spells.</summary>
    public string TypeName => TypeMetadataName.Substring(TypeMetadataName.LastIndexOf('.') + 1);

    /// <summary>The statement the fix writes: the package's release for the assembly of <paramref name="typeName"/>.</summary>
    public string CallFor(string typeName) => $"global::{TypeMetadataName}.{MethodName}(typeof({typeName}).Assembly);";

    /// <summary>Whether the project references the package and can call the release.</summary>
    public bool IsAvailableIn(Compilation compilation)
        => compilation.GetTypeByMetadataName(TypeMetadataName) is { } type && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);

    /// <summary>
    /// Whether some file of the project calls the release (syntactic, once per compilation: the call may sit in any file).
    /// The receiver's name is checked where it is written (ModuleDapper has a ReleaseOnUnload too).
    /// </summary>
    public bool IsCalledIn(Compilation compilation, CancellationToken cancellationToken)
        => compilation.GetTypeByMetadataName(TypeMetadataName) is not null
            && compilation.SyntaxTrees.Any(tree => tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>().Any(Calls));

    private bool Calls(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == MethodName && ReceiverIs(access.Expression),
        IdentifierNameSyntax name => name.Identifier.ValueText == MethodName, // using static
        _ => false,
    };

    private bool ReceiverIs(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText == TypeName,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == TypeName,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText == TypeName,
        _ => false,
    };
}
