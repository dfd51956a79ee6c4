using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

/// <summary>Small additions to <see cref="CodeFixSpec{TAnalyzer, TCodeFix}"/> the context-switching fix tests use.</summary>
internal static class ContextSwitchingSpecs
{
    /// <summary>A second document, so Fix All has to cover two files.</summary>
    public static CodeFixSpec<TAnalyzer, TCodeFix> WithSecondDocument<TAnalyzer, TCodeFix>(this CodeFixSpec<TAnalyzer, TCodeFix> spec, string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        spec.Test.TestState.Sources.Add(("/0/Second.cs", source));
        spec.Test.FixedState.Sources.Add(("/0/Second.cs", fixedSource));
        return spec.KeepingUnfixedDiagnostics();
    }

    /// <summary>Diagnostics the fix does not apply to stay in the fixed code as markup.</summary>
    public static CodeFixSpec<TAnalyzer, TCodeFix> KeepingUnfixedDiagnostics<TAnalyzer, TCodeFix>(this CodeFixSpec<TAnalyzer, TCodeFix> spec)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        spec.Test.FixedState.MarkupHandling = MarkupMode.Allow;
        return spec;
    }
}
