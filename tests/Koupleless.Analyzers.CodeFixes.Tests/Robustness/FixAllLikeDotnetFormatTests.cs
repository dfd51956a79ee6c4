using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Robustness;

/// <summary>
/// <c>dotnet format analyzers</c> runs one solution-wide Fix All per diagnostic ID and fixer, keyed by the first action
/// the fixer offers for the first diagnostic. When that diagnostic has no fix the key is null: a Fix All that matches
/// actions by key (the batch fixer) then returned nothing and dotnet format printed "didn't return a Fix All action"
/// (issue 18: KPL1003, the KPL3001/KPL3006 using-declaration fix, KPL3010). Every fixer must fix the rest anyway.
/// </summary>
public sealed class FixAllLikeDotnetFormatTests
{
    [Fact]
    public void Every_fixer_offers_Fix_All_in_solution_scope()
    {
        foreach (var fixer in AllFixers.Instances)
        {
            var provider = fixer.GetFixAllProvider();
            Assert.True(provider is not null, fixer.GetType().Name + " returns no Fix All provider");
            Assert.Contains(FixAllScope.Solution, provider!.GetSupportedFixAllScopes());
        }
    }

    [Fact]
    public async Task KPL1003_culture_defaults_are_fixed_when_the_first_finding_has_no_fix()
    {
        var (fixedText, firstHasFix) = await AllFixers.FixAllLikeDotnetFormatAsync("""
            using System;
            using System.Globalization;

            public static class Startup
            {
                public static void Configure()
                {
                    Environment.SetEnvironmentVariable("MODE", "module");
                    CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
                    CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
                }
            }
            """, "Module", new DefaultThreadCultureFixer(), RuleIds.ProcessGlobalStateMutation);

        Assert.False(firstHasFix, "the case needs a first finding this fixer cannot fix");
        Assert.NotNull(fixedText);
        Assert.Contains("Environment.SetEnvironmentVariable(\"MODE\", \"module\");", fixedText);
        Assert.Contains("CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;", fixedText);
        Assert.Contains("CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;", fixedText);
    }

    [Fact]
    public async Task The_using_declaration_fix_scopes_locals_when_the_first_timer_is_a_field()
    {
        var (fixedText, firstHasFix) = await AllFixers.FixAllLikeDotnetFormatAsync("""
            using System;
            using System.Threading.Tasks;

            public static class Progress
            {
                private static System.Threading.Timer? _heartbeat;

                public static void Start() => _heartbeat = new System.Threading.Timer(_ => Console.WriteLine("alive"), null, 0, 1000);

                public static async Task MonitorAsync(Task work)
                {
                    var dots = new System.Timers.Timer(500);
                    dots.Elapsed += (_, _) => Console.Write(".");
                    dots.Start();
                    await work;
                }
            }
            """, "Module", new UsingDeclarationFixer(), RuleIds.UndisposedTimer);

        Assert.False(firstHasFix, "the case needs a first finding this fixer cannot fix");
        Assert.NotNull(fixedText);
        Assert.Contains("using var dots = new System.Timers.Timer(500);", fixedText);
        Assert.Contains("_heartbeat = new System.Threading.Timer(_ => Console.WriteLine(\"alive\"), null, 0, 1000);", fixedText);
    }

    [Fact]
    public async Task KPL3010_System_Text_Json_is_released_when_the_first_finding_is_TypeDescriptor()
    {
        var (fixedText, firstHasFix) = await AllFixers.FixAllLikeDotnetFormatAsync("""
            using System.ComponentModel;
            using System.Text.Json;

            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Store
            {
                public static object Describe() => TypeDescriptor.GetProperties(typeof(Widget));

                public static string Save(Widget w) => JsonSerializer.Serialize(w);
            }
            """, "Module", new ProcessWideTypeCacheFixer(), RuleIds.ProcessWideTypeCache);

        Assert.False(firstHasFix, "the case needs a first finding this fixer cannot fix");
        Assert.NotNull(fixedText);
        Assert.Contains("internal static class JsonCacheRelease", fixedText);
    }
}
