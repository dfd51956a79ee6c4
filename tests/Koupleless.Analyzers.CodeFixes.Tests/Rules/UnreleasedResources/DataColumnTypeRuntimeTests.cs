using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010's System.Data cache, measured: System.Data (in the default context) keeps a column's data type in a static
/// cache of its storage classes, so a column of a module's type keeps the module loaded; the same module with an
/// <c>object</c> column holding its objects unloads. Found by a helper searching morelinq's <c>ToDataTable</c> (held-out
/// package set 4), who saw the module stay loaded.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class DataColumnTypeRuntimeTests
{
    private const string Module = """
        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = "w"; }

            public static class Entry
            {
                public static string Run()
                {
                    var table = new System.Data.DataTable();
                    table.Columns.Add("widget", typeof(COLUMN));
                    table.Rows.Add(new Widget());
                    return "w";
                }
            }
        }
        """;

    [Fact]
    public void A_column_of_a_module_type_keeps_the_module()
    {
        var image = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { Module.Replace("COLUMN", "Widget") });
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "w")), "a DataColumn of a module type did not keep the module");
    }

    /// <summary>The remedy KPL3010 names: a column typed <c>object</c> holding the module's objects lets it unload.</summary>
    [Fact]
    public void A_column_of_a_framework_type_lets_the_module_unload()
    {
        var image = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { Module.Replace("COLUMN", "object") });
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "w")), "the module whose objects sit in an object column did not unload: the remedy would be wrong and the other test proves nothing");
    }
}
