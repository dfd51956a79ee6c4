using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3007: module code creates a load context that is not collectible (measured in NonCollectibleLoadContextRuntimeTests:
/// the context outlives the module, and one of a module type keeps the module). Reported where the value is decided.
/// </summary>
public sealed class NonCollectibleLoadContextTests
{
    private const string EveryShape = """
        using System.Runtime.Loader;

        class Loaders
        {
            AssemblyLoadContext Named(string name) => {|#0:new AssemblyLoadContext(name)|};
            AssemblyLoadContext Explicit() => {|#1:new AssemblyLoadContext("plugins", false)|};
        }

        // A module's own context type: the constructor decides, so it is reported there.
        class Fixed : AssemblyLoadContext
        {
            public Fixed() {|#2:: base("fixed")|} { }
        }

        class NoConstructor : AssemblyLoadContext { }

        class NoInitializer : AssemblyLoadContext
        {
            public {|#4:NoInitializer|}() { }
        }

        // The constructor passes its parameter on: the creations decide.
        class Forwarding : AssemblyLoadContext
        {
            public Forwarding(string name, bool isCollectible) : base(name, isCollectible) { }
        }

        class Chained : Forwarding
        {
            public Chained() {|#5:: base("chained", false)|} { }
        }

        // The plugin loaders' shape: an opt-in flag, false unless EnableUnloading is called.
        class Builder
        {
            private bool _isCollectible;

            public Builder EnableUnloading()
            {
                _isCollectible = true;
                return this;
            }

            public AssemblyLoadContext Build() => {|#6:new Forwarding("plugin", _isCollectible)|};
            public AssemblyLoadContext Fixed() => {|#7:new Forwarding("plugin", isCollectible: false)|};
        }
        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult At(int location, string member, string type, string because = "")
        => AnalyzerSpec<NonCollectibleLoadContextAnalyzer>.Diagnostic("KPL3007").WithLocation(location).WithArguments(member, type, because);

    [Fact]
    public Task Every_context_created_non_collectible_is_reported_where_the_value_is_decided() => AnalyzerSpec<NonCollectibleLoadContextAnalyzer>.For(
            EveryShape.Replace("class NoConstructor", "class {|#3:NoConstructor|}"))
        .Expect(
            At(0, "Loaders.Named", "AssemblyLoadContext"),
            At(1, "Loaders.Explicit", "AssemblyLoadContext"),
            At(2, "Fixed.Fixed", "Fixed"),
            At(3, "NoConstructor.NoConstructor", "NoConstructor"),
            At(4, "NoInitializer.NoInitializer", "NoInitializer"),
            At(5, "Chained.Chained", "Chained"),
            At(6, "Builder.Build", "Forwarding", " (isCollectible is '_isCollectible', false unless something sets it)"),
            At(7, "Builder.Fixed", "Forwarding"))
        .RunAsync();

    [Fact]
    public Task Collectible_contexts_and_values_chosen_at_run_time_are_not_reported() => AnalyzerSpec<NonCollectibleLoadContextAnalyzer>.For("""
        using System.Runtime.Loader;

        class Loaders
        {
            private readonly bool _fromCaller;
            private bool _startsTrue = true;
            public bool Unloadable;

            Loaders(bool fromCaller) { _fromCaller = fromCaller; }

            AssemblyLoadContext Collectible(string name) => new AssemblyLoadContext(name, isCollectible: true);
            AssemblyLoadContext Chosen(string name, bool collectible) => new AssemblyLoadContext(name, collectible);
            AssemblyLoadContext FromCaller() => new AssemblyLoadContext("a", _fromCaller);
            AssemblyLoadContext StartsTrue() => new AssemblyLoadContext("b", _startsTrue);
            AssemblyLoadContext Public() => new AssemblyLoadContext("c", Unloadable);
            AssemblyLoadContext Forwarded() => new Forwarding("d", true);
        }

        class Forwarding : AssemblyLoadContext
        {
            public Forwarding(string name, bool isCollectible) : base(name, isCollectible) { }
        }

        class Own : AssemblyLoadContext
        {
            public Own() : base("own", isCollectible: true) { }
            public Own(int unused) : base(true) { }
            public Own(string name) : this() { }
        }
        """)
        .RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task The_base_keeps_its_own_contexts_so_shared_and_base_code_is_not_reported(string role)
        => AnalyzerSpec<NonCollectibleLoadContextAnalyzer>.For(Markup.Strip(EveryShape)).InRole(role).RunAsync();
}
