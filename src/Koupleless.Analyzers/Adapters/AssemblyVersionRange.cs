using System;
using System.Globalization;

namespace Koupleless.Analyzers.Adapters;

/// <summary>
/// One NuGet version range of an adapter table ("[6.0,)", "(,9.0)", "[1.0,2.0)", "[2.5.1]" or "*") evaluated against the
/// version of a referenced assembly. The analyzers see assemblies, not packages: an assembly version usually carries the
/// package's major.minor (Serilog 4.0.1 → 4.0.0.0) but not always its patch (Newtonsoft.Json 13.0.3 → 13.0.0.0), so
/// ranges whose bounds fall on major or minor versions — all of the default table — answer as NuGet would.
/// Pre-release labels are ignored. Hand-written because NuGet.Versioning cannot ship inside an analyzer assembly.
/// </summary>
public sealed class AssemblyVersionRange
{
    private readonly Version? _min;
    private readonly bool _minInclusive;
    private readonly Version? _max;
    private readonly bool _maxInclusive;

    private AssemblyVersionRange(Version? min, bool minInclusive, Version? max, bool maxInclusive)
    {
        _min = min;
        _minInclusive = minInclusive;
        _max = max;
        _maxInclusive = maxInclusive;
    }

    public static readonly AssemblyVersionRange All = new(null, false, null, false);

    public static bool TryParse(string text, out AssemblyVersionRange range)
    {
        range = All;
        if (text == "*")
        {
            return true;
        }

        if (text.Length < 3 || (text[0] != '[' && text[0] != '(') || (text[text.Length - 1] != ']' && text[text.Length - 1] != ')'))
        {
            return false;
        }

        var minInclusive = text[0] == '[';
        var maxInclusive = text[text.Length - 1] == ']';
        var inner = text.Substring(1, text.Length - 2);
        var comma = inner.IndexOf(',');
        if (comma < 0)
        {
            // "[2.5.1]": exactly that version.
            if (!minInclusive || !maxInclusive || !TryParseVersion(inner, out var exact))
            {
                return false;
            }

            range = new AssemblyVersionRange(exact, true, exact, true);
            return true;
        }

        Version? min = null;
        Version? max = null;
        var minText = inner.Substring(0, comma);
        var maxText = inner.Substring(comma + 1);
        if ((minText.Length > 0 && !TryParseVersion(minText, out min)) || (maxText.Length > 0 && !TryParseVersion(maxText, out max)))
        {
            return false;
        }

        if (min is null && max is null)
        {
            return false;
        }

        range = new AssemblyVersionRange(min, minInclusive, max, maxInclusive);
        return true;
    }

    public bool Satisfies(Version version)
    {
        var v = Normalize(version);
        if (_min is not null)
        {
            var c = v.CompareTo(_min);
            if (c < 0 || (c == 0 && !_minInclusive))
            {
                return false;
            }
        }

        if (_max is not null)
        {
            var c = v.CompareTo(_max);
            if (c > 0 || (c == 0 && !_maxInclusive))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseVersion(string text, out Version? version)
    {
        version = null;
        var dash = text.IndexOfAny(new[] { '-', '+' });
        var core = dash < 0 ? text : text.Substring(0, dash);
        var parts = core.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var numbers = new int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new Version(numbers[0], numbers[1], numbers[2], numbers[3]);
        return true;
    }

    /// <summary>"6.0" and "6.0.0.0" must compare equal; <see cref="Version"/> ranks missing parts below zero.</summary>
    private static Version Normalize(Version v)
        => new(v.Major, Math.Max(v.Minor, 0), Math.Max(v.Build, 0), Math.Max(v.Revision, 0));
}
