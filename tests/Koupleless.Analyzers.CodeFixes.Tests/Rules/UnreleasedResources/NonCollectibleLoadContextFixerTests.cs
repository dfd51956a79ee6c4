using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3007's fix: the module's load context becomes collectible (the testing library also applies Fix All to the document,
/// project and solution, and compiles the result). A context type with no constructor of its own, an opt-in flag and a
/// constant of the code's own are left to the author.
/// </summary>
public sealed class NonCollectibleLoadContextFixerTests
{
    [Fact]
    public Task Every_context_the_fix_can_change_becomes_collectible() => CodeFixSpec<NonCollectibleLoadContextAnalyzer, NonCollectibleLoadContextFixer>.For(
        """
        using System.Runtime.Loader;

        class Loaders
        {
            const bool Collectible = false;

            AssemblyLoadContext Named(string name) => {|KPL3007:new AssemblyLoadContext(name)|};
            AssemblyLoadContext Written() => {|KPL3007:new AssemblyLoadContext("plugins", false /* for now */)|};
            AssemblyLoadContext Named() => {|KPL3007:new AssemblyLoadContext(isCollectible: false, name: "named")|};
            AssemblyLoadContext TargetTyped() { AssemblyLoadContext context = {|KPL3007:new("typed")|}; return context; }
            AssemblyLoadContext Constant() => {|KPL3007:new AssemblyLoadContext("constant", Collectible)|};
        }

        class Fixed : AssemblyLoadContext
        {
            public Fixed() {|KPL3007:: base("fixed")|} { }
            public Fixed(int unused) {|KPL3007:: base()|} { }
        }

        class NoInitializer : AssemblyLoadContext
        {
            public {|KPL3007:NoInitializer|}()
            {
            }
        }

        class {|KPL3007:NoConstructor|} : AssemblyLoadContext { }

        class Forwarding : AssemblyLoadContext
        {
            public Forwarding(string name, bool isCollectible) : base(name, isCollectible) { }
        }

        class Builder
        {
            private bool _isCollectible;

            public void EnableUnloading() => _isCollectible = true;

            public AssemblyLoadContext Build() => {|KPL3007:new Forwarding("plugin", _isCollectible)|};
            public AssemblyLoadContext Fixed() => {|KPL3007:new Forwarding("plugin", false)|};
        }
        """,
        """
        using System.Runtime.Loader;

        class Loaders
        {
            const bool Collectible = false;

            AssemblyLoadContext Named(string name) => new AssemblyLoadContext(name, isCollectible: true);
            AssemblyLoadContext Written() => new AssemblyLoadContext("plugins", true /* for now */);
            AssemblyLoadContext Named() => new AssemblyLoadContext(isCollectible: true, name: "named");
            AssemblyLoadContext TargetTyped() { AssemblyLoadContext context = new("typed", isCollectible: true); return context; }
            AssemblyLoadContext Constant() => {|KPL3007:new AssemblyLoadContext("constant", Collectible)|};
        }

        class Fixed : AssemblyLoadContext
        {
            public Fixed() : base("fixed", isCollectible: true) { }
            public Fixed(int unused) : base(isCollectible: true) { }
        }

        class NoInitializer : AssemblyLoadContext
        {
            public NoInitializer() : base(isCollectible: true)
            {
            }
        }

        class {|KPL3007:NoConstructor|} : AssemblyLoadContext { }

        class Forwarding : AssemblyLoadContext
        {
            public Forwarding(string name, bool isCollectible) : base(name, isCollectible) { }
        }

        class Builder
        {
            private bool _isCollectible;

            public void EnableUnloading() => _isCollectible = true;

            public AssemblyLoadContext Build() => {|KPL3007:new Forwarding("plugin", _isCollectible)|};
            public AssemblyLoadContext Fixed() => new Forwarding("plugin", true);
        }
        """).RemainingAfterFix().RunAsync();
}
