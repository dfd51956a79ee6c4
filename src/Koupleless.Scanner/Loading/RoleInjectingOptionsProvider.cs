using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Wraps a project's analyzer config options and adds build_property.KouplelessRole to the global options, as the
/// package's CompilerVisibleProperty would have. Per-tree options (.editorconfig) pass through unchanged.
/// </summary>
internal sealed class RoleInjectingOptionsProvider : AnalyzerConfigOptionsProvider
{
    public const string RoleKey = "build_property.KouplelessRole";

    private readonly AnalyzerConfigOptionsProvider _inner;

    public RoleInjectingOptionsProvider(AnalyzerConfigOptionsProvider inner, string role)
    {
        _inner = inner;
        GlobalOptions = new WithRole(inner.GlobalOptions, role);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _inner.GetOptions(tree);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _inner.GetOptions(textFile);

    private sealed class WithRole : AnalyzerConfigOptions
    {
        private readonly AnalyzerConfigOptions _inner;
        private readonly string _role;

        public WithRole(AnalyzerConfigOptions inner, string role)
        {
            _inner = inner;
            _role = role;
        }

        public override IEnumerable<string> Keys
        {
            get
            {
                yield return RoleKey;
                foreach (var key in _inner.Keys)
                {
                    if (!KeyComparer.Equals(key, RoleKey))
                    {
                        yield return key;
                    }
                }
            }
        }

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            if (KeyComparer.Equals(key, RoleKey))
            {
                value = _role;
                return true;
            }

            return _inner.TryGetValue(key, out value);
        }
    }
}
