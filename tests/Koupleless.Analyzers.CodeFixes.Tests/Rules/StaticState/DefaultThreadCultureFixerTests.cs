using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>KPL1003 fix: the process-wide default thread culture becomes the current culture, which flows with the async context.</summary>
public sealed class DefaultThreadCultureFixerTests
{
    private static CodeFixSpec<CatalogHazardAnalyzer, DefaultThreadCultureFixer> Spec(string source, string fixedSource)
        => CodeFixSpec<CatalogHazardAnalyzer, DefaultThreadCultureFixer>.For(source, fixedSource);

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Default_thread_culture_becomes_current_culture(string role) => Spec("""
        using System.Globalization;

        class Startup
        {
            void Configure()
            {
                {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = new CultureInfo("fr-FR");
            }
        }
        """, """
        using System.Globalization;

        class Startup
        {
            void Configure()
            {
                CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            }
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task Default_thread_UI_culture_becomes_current_UI_culture() => Spec("""
        using System.Globalization;

        class Startup
        {
            void Configure(CultureInfo culture)
            {
                {|KPL1003:CultureInfo.DefaultThreadCurrentUICulture|} = culture;
            }
        }
        """, """
        using System.Globalization;

        class Startup
        {
            void Configure(CultureInfo culture)
            {
                CultureInfo.CurrentUICulture = culture;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_all_fixes_every_assignment_in_both_documents()
    {
        var spec = Spec("""
            using System.Globalization;

            class First
            {
                void Configure(CultureInfo culture)
                {
                    {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = culture;
                    {|KPL1003:CultureInfo.DefaultThreadCurrentUICulture|} = culture;
                    {|KPL1003:System.Globalization.CultureInfo.DefaultThreadCurrentCulture|} = CultureInfo.InvariantCulture;
                }
            }
            """, """
            using System.Globalization;

            class First
            {
                void Configure(CultureInfo culture)
                {
                    CultureInfo.CurrentCulture = culture;
                    CultureInfo.CurrentUICulture = culture;
                    System.Globalization.CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                }
            }
            """);
        spec.Test.TestState.Sources.Add(("/Second.cs", """
            using static System.Globalization.CultureInfo;

            class Second
            {
                void Configure() => {|KPL1003:DefaultThreadCurrentCulture|} = GetCultureInfo("de-DE");
            }
            """));
        spec.Test.FixedState.Sources.Add(("/Second.cs", """
            using static System.Globalization.CultureInfo;

            class Second
            {
                void Configure() => CurrentCulture = GetCultureInfo("de-DE");
            }
            """));
        return spec.RunAsync();
    }

    [Fact]
    public Task Comments_and_trivia_are_kept() => Spec("""
        using System.Globalization;

        class Startup
        {
            void Configure()
            {
                // French for this module
                {|KPL1003:CultureInfo
                    .DefaultThreadCurrentCulture|} /* was global */ =
                    new CultureInfo("fr-FR"); // trailing
            }
        }
        """, """
        using System.Globalization;

        class Startup
        {
            void Configure()
            {
                // French for this module
                CultureInfo
                    .CurrentCulture /* was global */ =
                    new CultureInfo("fr-FR"); // trailing
            }
        }
        """).RunAsync();

    [Fact]
    public Task No_fix_when_the_rename_would_change_behaviour()
    {
        // "??=" never assigns CurrentCulture (it is never null); CurrentCulture = null throws where the default resets.
        const string source = """
            using System.Globalization;

            class Startup
            {
                void Configure(CultureInfo culture)
                {
                    {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} ??= culture;
                    {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = null;
                    {|KPL1003:CultureInfo.DefaultThreadCurrentUICulture|} = default;
                }
            }
            """;
        return Spec(source, source).RunAsync();
    }

    [Fact]
    public Task No_fix_for_other_process_wide_writes_and_no_diagnostic_for_reads()
    {
        const string source = """
            using System;
            using System.Globalization;

            class Startup
            {
                CultureInfo Configure()
                {
                    {|KPL1003:Environment.SetEnvironmentVariable|}("MODE", "fast");
                    {|KPL1003:AppContext.SetSwitch|}("Switch.Name", true);
                    CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
                    return CultureInfo.DefaultThreadCurrentCulture ?? CultureInfo.DefaultThreadCurrentUICulture ?? CultureInfo.InvariantCulture;
                }
            }
            """;
        return Spec(source, source).RunAsync();
    }

    [Fact]
    public Task The_fix_follows_the_property_not_the_catalog_line()
    {
        // An enterprise table listing the property itself ("P:", any use) also reports reads; only the write is fixed.
        const string table = "KPL1003 | P:System.Globalization.CultureInfo.DefaultThreadCurrentCulture | Corp forbids the default culture\n";
        var spec = Spec("""
            using System.Globalization;

            class Startup
            {
                CultureInfo Configure(CultureInfo culture)
                {
                    {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = culture;
                    return {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|};
                }
            }
            """, """
            using System.Globalization;

            class Startup
            {
                CultureInfo Configure(CultureInfo culture)
                {
                    CultureInfo.CurrentCulture = culture;
                    return {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|};
                }
            }
            """);
        spec.Test.TestState.AdditionalFiles.Add(("/KouplelessHazards.Corp.txt", table));
        spec.Test.FixedState.AdditionalFiles.Add(("/KouplelessHazards.Corp.txt", table));
        spec.Test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return spec.RunAsync();
    }
}
