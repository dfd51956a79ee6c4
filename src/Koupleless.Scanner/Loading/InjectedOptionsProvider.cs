using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Wraps a project's analyzer config options and adds global options, as the package's CompilerVisibleProperty items
/// would have for a project that does not reference it: build_property.KouplelessRole,
/// build_property.KouplelessModuleAssemblies and build_property.KouplelessModuleHost. An injected key replaces the project's own; per-tree options
/// (.editorconfig) pass through unchanged.
/// </summary>
internal sealed class InjectedOptionsProvider : AnalyzerConfigOptionsProvider
{
    public const string RoleKey = "build_property.KouplelessRole";
    public const string ModuleAssembliesKey = "build_property.KouplelessModuleAssemblies";
    public const string ModuleHostKey = "build_property.KouplelessModuleHost";

    /// <summary>Set for a whole decompiled assembly: the analyzers may take code nothing calls for dead (UncalledMethods).</summary>
    public const string ReleasedAssemblyKey = "build_property.KouplelessReleasedAssembly";

    private readonly AnalyzerConfigOptionsProvider _inner;

    public InjectedOptionsProvider(AnalyzerConfigOptionsProvider inner, IReadOnlyDictionary<string, string> values)
    {
        _inner = inner;
        GlobalOptions = new WithValues(inner.GlobalOptions, values);
    }

    public static InjectedOptionsProvider WithRole(AnalyzerConfigOptionsProvider inner, string role)
        => new(inner, new Dictionary<string, string> { [RoleKey] = role });

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.SyntaxTree tree) => _inner.GetOptions(tree);

    public override AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.AdditionalText textFile) => _inner.GetOptions(textFile);

    private sealed class WithValues : AnalyzerConfigOptions
    {
        private readonly AnalyzerConfigOptions _inner;
        private readonly Dictionary<string, string> _values;

        public WithValues(AnalyzerConfigOptions inner, IReadOnlyDictionary<string, string> values)
        {
            _inner = inner;
            _values = values.ToDictionary(p => p.Key, p => p.Value, KeyComparer);
        }

        public override IEnumerable<string> Keys => _values.Keys.Concat(_inner.Keys.Where(key => !_values.ContainsKey(key)));

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            => _values.TryGetValue(key, out value) || _inner.TryGetValue(key, out value);
    }
}
