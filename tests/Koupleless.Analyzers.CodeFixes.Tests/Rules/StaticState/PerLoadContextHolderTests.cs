using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>The code the holder fix produces (the holder type and the converted members) is clean for KPL1001 and KPL1002.</summary>
public sealed class PerLoadContextHolderTests
{
    private const string Converted = """
        using System.Collections.Generic;
        using Koupleless.Adapters;

        public static class Registry
        {
            private static int _count { get => _countPerContext.Value; set => _countPerContext.Value = value; }
            private static readonly PerLoadContext<int> _countPerContext = new PerLoadContext<int>();
            internal static Dictionary<string, int> Types { get => TypesPerContext.Value; }
            private static readonly PerLoadContext<Dictionary<string, int>> TypesPerContext = new PerLoadContext<Dictionary<string, int>>(() => new Dictionary<string, int>());

            public static void Register(string name) => Types[name] = ++_count;
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task The_generated_code_has_no_kpl1001(string role) => Run<MutableStaticFieldAnalyzer>(role);

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task The_generated_code_has_no_kpl1002(string role) => Run<StaticStateWriteAnalyzer>(role);

    private static Task Run<TAnalyzer>(string role)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, EmptyCodeFixProvider, DefaultVerifier> { ReferenceAssemblies = ReferenceAssemblies.Net.Net80 };
        test.TestState.Sources.Add(("/0/Registry.cs", Converted));
        test.TestState.Sources.Add(("/0/" + PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.KouplelessRole = {role}\n"));
        return test.RunAsync(CancellationToken.None);
    }
}
