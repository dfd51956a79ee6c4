using System.Text.RegularExpressions;

namespace Koupleless.Analyzers.Tests.Infrastructure;

/// <summary>Turns a markup source into plain code, to run the same code where the rule must stay silent (other roles).</summary>
public static class Markup
{
    public static string Strip(string source) => Regex.Replace(source, @"\{\|[^:|]+:", string.Empty).Replace("|}", string.Empty);
}
