using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.StaticState;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>KPL1002: static setters and writes to other assemblies' static fields in Shared and Base code.</summary>
public sealed class StaticStateWriteTests
{
    private const string StaticWrites = """
        using System;
        using System.Collections.Generic;

        public class Options { public int Timeout { get; set; } public int[] Limits = new int[2]; }

        public static class Settings
        {
            private static readonly Options Shared = new Options();
            public static string Name { get; {|KPL1002:set|}; } = "default";
            public static int Retries { get; private {|KPL1002:set|}; }
            public static Options Instance { get; } = new Options();

            public static int Timeout
            {
                get => Shared.Timeout;
                {|KPL1002:set|} => Shared.Timeout = value;
            }

            public static int Limit
            {
                get => Instance.Limits[0];
                {|KPL1002:set|} { var checkedValue = Math.Max(0, value); Instance.Limits[0] = checkedValue; }
            }
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Static_setters_are_reported_in_shared_and_base_code(string role)
        => AnalyzerSpec<StaticStateWriteAnalyzer>.For(StaticWrites).InRole(role).RunAsync();

    [Fact]
    public Task Module_static_setters_are_private_to_the_module_context() => AnalyzerSpec<StaticStateWriteAnalyzer>.For("""
        public static class Settings
        {
            public static string Name { get; set; } = "default";
            public static void Quiet() => System.Console.Out.Flush();
        }
        """).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Flow_local_and_field_backed_setters_are_not_reported(string role) => AnalyzerSpec<StaticStateWriteAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Threading;

        public static class Context
        {
            private static readonly AsyncLocal<string> CurrentTenant = new AsyncLocal<string>();
            private static readonly ThreadLocal<int> Depth = new ThreadLocal<int>();
            [ThreadStatic] private static int _perThread;
            private static int _backing; // KPL1001 reports this field at its declaration
            private static readonly Dictionary<string, string> Map = new Dictionary<string, string>();

            public static string Tenant { get => CurrentTenant.Value; set => CurrentTenant.Value = value; }
            public static int CurrentDepth { get => Depth.Value; set => Depth.Value = value; }
            public static int PerThread { get => _perThread; set => _perThread = value; }
            public static int Backing { get => _backing; set => _backing = value; }
            public static string Entry { get => Map["k"]; set => Map["k"] = value; }
            public static AsyncLocal<int> Holder { get; set; }
            public static int ReadOnly { get; } = 3;
            public static int Computed => _backing * 2;
            public static int Local { get => 0; set { var copy = new int[1]; copy[0] = value; } }

            public static int Compute() => Environment.ProcessorCount + Math.Abs(-1);
        }

        public class Instance
        {
            public int Value { get; set; }
            public string Name { get => Context.Tenant; set => Context.Tenant = value; }
        }
        """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Writes_to_static_fields_of_other_assemblies_are_reported(string role) => AnalyzerSpec<StaticStateWriteAnalyzer>
        .For("""
        public static class Startup
        {
            public static void Configure()
            {
                {|KPL1002:Library.Defaults.Retries|} = 3;
                {|KPL1002:Library.Defaults.Retries|} += 1;
                System.Threading.Interlocked.Increment(ref {|KPL1002:Library.Defaults.Retries|});
                var read = Library.Defaults.Retries + Library.Defaults.Fixed.Length;
            }
        }
        """)
        .WithReferencedLibrary("""
        namespace Library
        {
            public static class Defaults
            {
                public static int Retries;
                public static readonly string Fixed = "x";
            }
        }
        """)
        .InRole(role).RunAsync();

    [Fact]
    public Task Writes_to_static_fields_of_other_assemblies_are_not_reported_in_modules() => AnalyzerSpec<StaticStateWriteAnalyzer>
        .For("""
        public static class Startup
        {
            public static void Configure() => Library.Defaults.Retries = 3;
        }
        """)
        .WithReferencedLibrary("""
        namespace Library { public static class Defaults { public static int Retries; } }
        """)
        .InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Half_typed_code_does_not_throw(string role) => AnalyzerSpec<StaticStateWriteAnalyzer>.For("""
        public static class Broken
        {
            public static {|CS0246:Missing|} Value { get; {|KPL1002:set|}; }
            public static int Other
            {
                get => 0;
                set => {|CS0103:Unknown|}.Thing = value;
            }

            public static void Use() => {|CS0103:Nowhere|}.Field = 1;
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task The_message_names_the_property_and_the_role() => AnalyzerSpec<StaticStateWriteAnalyzer>.For("""
        public static class Settings
        {
            public static string Name { get; set; }
        }
        """).InRole("Shared").Expect(
            AnalyzerSpec<StaticStateWriteAnalyzer>.Diagnostic("KPL1002").WithSpan(3, 38, 3, 41)
                .WithArguments("Static property", "Settings.Name", "has a setter", "Shared")).RunAsync();
}
