using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>The code the holder fix produces (the nested holder type and the converted members) is clean for KPL1001 and KPL1002.</summary>
public sealed class PerLoadContextHolderTests
{
    private static readonly string Converted = $$"""
        using System;
        using System.Collections.Generic;

        public static class Registry
        {
            private static int _step { get => _stepPerContext.Value; set => _stepPerContext.Value = value; }
            private static readonly PerLoadContext<int> _stepPerContext = new PerLoadContext<int>();
            internal static Dictionary<string, Type> Types { get => TypesPerContext.Value; }
            private static readonly PerLoadContext<Dictionary<string, Type>> TypesPerContext = new PerLoadContext<Dictionary<string, Type>>(() => new Dictionary<string, Type>());

            public static void Register(string name, Type type, int step) { Types[name] = type; _step = step; }

        {{NestedHelperText.At(PerLoadContextTemplate.Nested("TValue"), "    ")}}
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task The_generated_code_has_no_kpl1001_or_kpl1002(string role)
    {
        var test = new CSharpCodeFixTest<SharedStaticStateAnalyzer, EmptyCodeFixProvider, DefaultVerifier> { ReferenceAssemblies = ReferenceAssemblies.Net.Net80 };
        test.TestState.Sources.Add(("/0/Registry.cs", Converted));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.KouplelessRole = {role}\n"));
        return test.RunAsync(CancellationToken.None);
    }
}
