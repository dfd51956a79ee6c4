using System;
using System.IO;
using Koupleless.Testing;
using Xunit;

namespace Sample.Module.Tests;

/// <summary>
/// The module's start-up, run in two copies side by side and unloaded, as the base will. The second test fails on
/// purpose: Sample.Module is the catalogue of hazards, and the failure names what keeps it (Koupleless.Cli.Tests
/// checks that it does).
/// </summary>
public sealed class OrderModuleUnloadTests
{
    [Fact]
    public void Fixed_module_unloads() => StartTwiceAndUnload("Sample.Module.Fixed");

    [Fact]
    public void Original_module_unloads() => StartTwiceAndUnload("Sample.Module");

    private static void StartTwiceAndUnload(string project)
    {
        var projectFile = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", project, project + ".csproj");
        using var copies = ModuleCopies.Load(ModuleCopies.ProjectOutput(projectFile));
        copies.RunEach("Sample.Module.BackgroundServices.Start");
        copies.UnloadAndAssertCollected();
    }
}
