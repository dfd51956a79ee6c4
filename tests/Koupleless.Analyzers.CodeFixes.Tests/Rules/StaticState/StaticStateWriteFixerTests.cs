using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.StaticState;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>KPL1002 fixes for static auto-properties: "Remove the setter" and "Use a per-load-context holder".</summary>
public sealed class StaticStateWriteFixerTests
{
    private static CodeFixSpec<StaticStateWriteAnalyzer, StaticStateWriteFixer> Spec(string source, string fixedSource)
        => CodeFixSpec<StaticStateWriteAnalyzer, StaticStateWriteFixer>.For(source, fixedSource).InRole("Base");

    [Fact]
    public Task Remove_the_setter_of_properties_set_only_at_type_initialization() => Spec("""
        public static class Defaults
        {
            /// <summary>Shown in logs.</summary>
            public static string Name { get; {|KPL1002:set|}; } = "base"; // fixed at start
            public static int Retries { get; private {|KPL1002:set|}; }

            static Defaults() { Retries = 3; }
        }
        """, """
        public static class Defaults
        {
            /// <summary>Shown in logs.</summary>
            public static string Name { get; } = "base"; // fixed at start
            public static int Retries { get; }

            static Defaults() { Retries = 3; }
        }
        """).UsingFix(StaticStateWriteFixer.RemoveSetterKey).RunAsync();

    [Fact]
    public Task Remove_the_setter_is_not_offered_when_the_property_changes_later()
    {
        const string Source = """
            public static class Defaults
            {
                public static string Name { get; {|KPL1002:set|}; } = "base";
                public static void Rename(string name) => Name = name;
            }
            """;
        return Spec(Source, Source).UsingFix(StaticStateWriteFixer.RemoveSetterKey).RunAsync();
    }

    [Fact]
    public Task Per_load_context_holder_keeps_the_property_and_its_accessors() => Spec("""
        using System.Collections.Generic;

        namespace Host
        {
            public static class Session
            {
                // the current user
                public static string User { get; {|KPL1002:set|}; } = "anonymous";
                public static List<string> Roles { get; private {|KPL1002:set|}; }

                public static void SignIn(string user) { User = user; Roles = new List<string>(); }
            }
        }
        """, """
        using System.Collections.Generic;
        using Koupleless.Adapters;

        namespace Host
        {
            public static class Session
            {
                // the current user
                public static string User { get => UserPerContext.Value; set => UserPerContext.Value = value; }
                private static readonly PerLoadContext<string> UserPerContext = new PerLoadContext<string>(() => "anonymous");
                public static List<string> Roles { get => RolesPerContext.Value; private set => RolesPerContext.Value = value; }
                private static readonly PerLoadContext<List<string>> RolesPerContext = new PerLoadContext<List<string>>();

                public static void SignIn(string user) { User = user; Roles = new List<string>(); }
            }
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(StaticStateWriteFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Per_load_context_holder_fixes_all_documents_and_adds_the_holder_once() => Spec("""
        public static class First
        {
            public static int Calls { get; {|KPL1002:set|}; }
        }
        """, """
        using Koupleless.Adapters;

        public static class First
        {
            public static int Calls { get => CallsPerContext.Value; set => CallsPerContext.Value = value; }
            private static readonly PerLoadContext<int> CallsPerContext = new PerLoadContext<int>();
        }
        """).WithDocument("/0/Second.cs", """
        using System;

        public static class Second
        {
            public static DateTime Started { get; {|KPL1002:set|}; }
            public static void Touch() { First.Calls++; Started = DateTime.UtcNow; }
        }
        """, """
        using System;
        using Koupleless.Adapters;

        public static class Second
        {
            public static DateTime Started { get => StartedPerContext.Value; set => StartedPerContext.Value = value; }
            private static readonly PerLoadContext<DateTime> StartedPerContext = new PerLoadContext<DateTime>();
            public static void Touch() { First.Calls++; Started = DateTime.UtcNow; }
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(StaticStateWriteFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Custom_setters_have_no_mechanical_fix()
    {
        const string Source = """
            public class Options { public int Timeout { get; set; } }

            public static class Settings
            {
                private static readonly Options Current = new Options();
                public static int Timeout { get => Current.Timeout; {|KPL1002:set|} => Current.Timeout = value; }
            }
            """;
        return Spec(Source, Source).UsingFix(StaticStateWriteFixer.PerLoadContextKey).RunAsync();
    }
}
