using System.Linq;
using Dapper;
using Koupleless.Adapters.Tests;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Koupleless.Adapters.Dapper.Tests;

/// <summary>
/// Dapper (and Microsoft.Data.Sqlite) shared by the base — this test process loads them in the default context — and a
/// module loaded twice side by side that runs real queries into its own row type against an in-memory database.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ModuleDapperTests
{
    static ModuleDapperTests()
    {
        // The base opens its own connection first, as a base that shares Microsoft.Data.Sqlite does: the connection pool
        // starts its prune timer on first use, and a timer started inside a module's call captures the module's
        // contextual-reflection scope in its execution context and keeps that module loaded (measured with dotnet-dump
        // gcroot; a hazard of its own, not Dapper's).
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
    }

    private const string QueryingModule = """
        using System.Data;
        using System.Linq;
        using Dapper;
        using Koupleless.Adapters;
        using Koupleless.Adapters.Dapper;
        using Microsoft.Data.Sqlite;

        namespace Module
        {
            public sealed class Row { public long Id { get; set; } public string Name { get; set; } = ""; }

            public sealed class Tag { public string Text = ""; }

            public sealed class TaggedRow { public long Id { get; set; } public Tag? Name { get; set; } }

            // A type handler for a module type: Dapper keeps it in its process-wide handler table.
            public sealed class TagHandler : SqlMapper.TypeHandler<Tag>
            {
                public override Tag Parse(object value) => new Tag { Text = (string)value };
                public override void SetValue(IDbDataParameter parameter, Tag? value) => parameter.Value = value?.Text;
            }

            public static class Entry
            {
                public static string Run()
                {
                    var assembly = typeof(Entry).Assembly;
                    RELEASE;
                    using var connection = new SqliteConnection("Data Source=:memory:");
                    connection.Open();
                    connection.Execute("create table row (id integer, name text)");
                    connection.Execute("insert into row values (@Id, @Name)", new Row { Id = 1, Name = "one" });
                    if (TAGGED)
                    {
                        SqlMapper.AddTypeHandler(new TagHandler());
                        return connection.Query<TaggedRow>("select id as Id, name as Name from row").Single().Name!.Text;
                    }

                    return connection.Query<Row>("select id as Id, name as Name from row").Single().Name;
                }
            }
        }
        """;

    private static string Module(string release, bool tagged = false)
        => ModuleCopies.Compile(QueryingModule.Replace("RELEASE", release).Replace("TAGGED", tagged ? "true" : "false"), typeof(SqlMapper), typeof(ModuleDapper), typeof(SqliteConnection), typeof(System.Data.Common.DbConnection));

    [Fact]
    public void Without_the_adapter_a_module_that_queried_its_row_type_stays_loaded()
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("_ = assembly"), explainRetention: false);
        Assert.Equal(new object?[] { "one", "one" }, results);
        Assert.True(unloaded.Retained.Count == 2, "Dapper's caches did not keep the copy loaded");
    }

    [Fact]
    public void Purging_the_query_cache_alone_is_not_enough()
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("ModuleUnload.Register(assembly, SqlMapper.PurgeQueryCache)"), explainRetention: false);
        Assert.Equal(new object?[] { "one", "one" }, results);
        Assert.True(unloaded.Retained.Count == 2, "PurgeQueryCache alone let the copy go: the type-map release is not needed");
    }

    [Fact]
    public void With_the_adapter_both_copies_unload()
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("ModuleDapper.ReleaseOnUnload(assembly); ModuleDapper.ReleaseOnUnload(assembly)"));
        Assert.Equal(new object?[] { "one", "one" }, results);
        Assert.True(unloaded.IsCollected, "a copy stayed loaded although ModuleDapper released Dapper's caches" + ": " + unloaded.Retention?.Format());
    }

    [Fact]
    public void A_type_handler_for_a_module_type_keeps_the_module_until_the_adapter_removes_it()
    {
        // Everything but the handler released: the handler table still holds the module.
        var (without, withoutResults) = ModuleCopies.LoadTwiceRunAndUnload(Module(
            "ModuleUnload.Register(assembly, () => { SqlMapper.SetTypeMap(typeof(TaggedRow), null); SqlMapper.PurgeQueryCache(); })", tagged: true), explainRetention: false);
        Assert.Equal(new object?[] { "one", "one" }, withoutResults);
        Assert.False(without.IsCollected, "the type handler did not keep a copy loaded");

        var (with, withResults) = ModuleCopies.LoadTwiceRunAndUnload(Module("ModuleDapper.ReleaseOnUnload(assembly)", tagged: true));
        Assert.Equal(new object?[] { "one", "one" }, withResults);
        Assert.True(with.IsCollected, "a copy stayed loaded although ModuleDapper removed its type handler" + ": " + with.Retention?.Format());
    }
}
