using System;
using System.IO;
using System.Runtime.Loader;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Adapters.Tests;

/// <summary>The call-in scope: shared code resolves a module's type by name only inside it, and the scope ends with the call.</summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ModuleCallTests
{
    [Fact]
    public void Inside_the_scope_shared_code_resolves_the_module_type_by_name_and_afterwards_it_does_not()
    {
        var name = ModuleRuntime.UniqueAssemblyName();
        var context = new AssemblyLoadContext(name, isCollectible: true);
        var module = context.LoadFromStream(new MemoryStream(ModuleRuntime.Compile(name, new[] { "namespace Module { public sealed class Widget { } }" })));
        var typeName = "Module.Widget, " + name;

        Assert.Null(Type.GetType(typeName));
        var resolved = ModuleCall.Run(module, () => Type.GetType(typeName));
        Assert.Same(module.GetType("Module.Widget"), resolved);
        Assert.Null(Type.GetType(typeName));
        Assert.Null(AssemblyLoadContext.CurrentContextualReflectionContext);
        context.Unload();
    }

    [Fact]
    public void ModuleUnload_registers_nothing_for_a_context_that_cannot_unload()
        => Assert.False(ModuleUnload.Register(typeof(ModuleCallTests).Assembly, () => throw new InvalidOperationException("never runs")));
}
