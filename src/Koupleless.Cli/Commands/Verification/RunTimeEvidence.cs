using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Koupleless.Scanner.Model;

namespace Koupleless.Cli.Commands.Verification;

/// <summary>
/// Whether a run-time finding is evidence for a static one of the same rule: the API the static message quotes
/// ('AppDomain.ProcessExit', 'Console.SetOut(TextWriter)') is named on the retention path or in the changed state
/// ("ProcessExit", "Console.Out"); a static message that quotes no API (a timer field, a thread) is matched by its
/// file's type ("BackgroundServices.cs" and a path through Sample.Module.BackgroundServices). Rule alone would
/// confirm every finding of a rule the run saw once, executed or not.
/// </summary>
internal static partial class RunTimeEvidence
{
    public static bool Confirms(Finding runTime, Finding staticFinding)
    {
        if (runTime.RuleId != staticFinding.RuleId)
        {
            return false;
        }

        var evidence = Normalize(runTime.Message);
        var apis = QuotedApi().Matches(staticFinding.Message).Select(m => m.Groups["api"].Value).ToList();
        if (apis.Count == 0)
        {
            var type = Path.GetFileNameWithoutExtension(staticFinding.Path ?? "");
            return type.Length > 0 && runTime.Message.Contains("." + type, StringComparison.Ordinal);
        }

        return apis.Any(api => Names(api).Any(name => evidence.Contains(name, StringComparison.Ordinal)));
    }

    /// <summary>What the run names an API by: "console.out" for Console.SetOut, "environmentvariable", "typedescriptor".</summary>
    private static string[] Names(string api)
    {
        var parts = api.Split('(')[0].Split('.');
        var type = Normalize(parts[^2]);
        var member = Normalize(parts[^1]);
        member = member.StartsWith("set", StringComparison.Ordinal) && member.Length > 3 ? member[3..] : member;
        return new[] { type + "." + member, member.Length >= 8 ? member : null, type.Length >= 8 ? type : null }.OfType<string>().ToArray();
    }

    private static string Normalize(string text) => text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>A quoted Type.Member, e.g. 'AppDomain.ProcessExit' or 'Environment.SetEnvironmentVariable(string, string?)'.</summary>
    [GeneratedRegex(@"'(?<api>[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+)(\([^']*\))?'")]
    private static partial Regex QuotedApi();
}
