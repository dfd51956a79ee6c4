using System.Collections.Generic;
using System.Linq;
using System.Text;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting.Sarif;

/// <summary>
/// A rule as SARIF <c>tool.driver.rules[]</c> describes it, built the same way for the scan and the packages reports:
/// a PascalCase friendly name, the title and description, the docs page as <c>helpUri</c> and <c>help</c>.
/// </summary>
public static class SarifRules
{
    public static SarifReportingDescriptor Descriptor(RuleInfo rule) => new()
    {
        Id = rule.Id,
        Name = FriendlyName(rule.Title),
        ShortDescription = new SarifMessageString { Text = rule.Title },
        FullDescription = new SarifMessageString { Text = string.IsNullOrWhiteSpace(rule.Description) ? rule.Title : rule.Description },
        HelpUri = rule.HelpUri,
        // A rule without a page of its own still gets a help object: GitHub rejects a rule without one.
        Help = RuleHelp.For(rule.Id, rule.HelpUri) ?? new SarifMultiformatMessageString { Text = rule.Title, Markdown = rule.HelpUri is null ? null : $"[{rule.Id}]({rule.HelpUri})" },
        DefaultConfiguration = new SarifReportingConfiguration { Level = SarifReportWriter.Level(rule.DefaultLevel) },
        Properties = new Dictionary<string, object?> { ["family"] = rule.Family, ["category"] = rule.Category },
    };

    /// <summary>
    /// SARIF's friendly rule name: one identifier made of words that each start with a capital followed by lower-case
    /// letters or digits, the form Microsoft's validator checks (SARIF2012). From the title, articles dropped (a lone
    /// "A" cannot take that form): "A type or assembly is resolved by name" → TypeOrAssemblyIsResolvedByName,
    /// "Strong GC handle" → StrongGcHandle, "KouplelessRole has" → KouplelessRoleHas. Any other one-letter word joins
    /// the word after it ("alert x script" → AlertXscript), or the one before it at the end ("plan B" → Planb).
    /// </summary>
    public static string FriendlyName(string title)
    {
        var words = Words(title).ToList();
        var kept = words.Where(w => !Articles.Contains(w.ToLowerInvariant())).ToList();
        var builder = new StringBuilder();
        var loneLetter = false;
        foreach (var part in (kept.Count > 0 ? kept : words).SelectMany(CamelParts))
        {
            if ((char.IsDigit(part[0]) || loneLetter) && builder.Length > 0)
            {
                // Digits, or the rest of a word begun by a lone capital, continue the word before.
                builder.Append(part.ToLowerInvariant());
                loneLetter = false;
                continue;
            }

            if (char.IsDigit(part[0]))
            {
                continue; // an identifier cannot start with a digit
            }

            builder.Append(char.ToUpperInvariant(part[0])).Append(part[1..].ToLowerInvariant());
            loneLetter = part.Length == 1;
        }

        if (loneLetter && builder.Length > 1)
        {
            builder[^1] = char.ToLowerInvariant(builder[^1]);
        }

        return builder.ToString();
    }

    private static readonly HashSet<string> Articles = new(System.StringComparer.Ordinal) { "a", "an", "the" };

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (c is '\'' or '\u2019')
            {
                // "the host's entry assembly" → HostsEntryAssembly: an apostrophe does not start a word.
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>
    /// A word split where a lower-case letter meets a capital ("KouplelessRole" → Koupleless, Role); a run of capitals
    /// stays one part ("GC", "JSON") and becomes "Gc", "Json"; a lone capital joins the part after it ("IDisposable"
    /// → Idisposable) since a one-letter part cannot satisfy the pattern.
    /// </summary>
    private static IEnumerable<string> CamelParts(string word)
    {
        var start = 0;
        for (var i = 1; i < word.Length; i++)
        {
            if (char.IsUpper(word[i]) && char.IsLower(word[i - 1]))
            {
                yield return word[start..i];
                start = i;
            }
        }

        yield return word[start..];
    }
}
