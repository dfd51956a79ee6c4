using System.Linq;
using Koupleless.Scanner.Baselines;
using Koupleless.Scanner.Model;
using Xunit;

namespace Koupleless.Scanner.Tests.Reporting;

public sealed class FingerprintTests
{
    private static Finding At(int line, string rule = "KPL1003", string path = "src/A.cs") => new()
    {
        RuleId = rule,
        Level = FindingLevel.Warning,
        Message = "m",
        Path = path,
        Line = line,
        Column = 9,
        Project = "P",
        Family = RuleFamilies.Of(rule),
        Category = "c",
        Fingerprint = string.Empty,
    };

    [Fact]
    public void Moving_and_reindenting_a_line_keeps_its_fingerprint()
    {
        var before = Fingerprints.Assign(new[] { (At(10), "    Environment.Exit(1);") }).Single();
        var after = Fingerprints.Assign(new[] { (At(42), "\t\t  Environment.Exit(1);  ") }).Single();
        Assert.Equal(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void Identical_lines_in_one_file_get_distinct_fingerprints_by_occurrence()
    {
        var found = Fingerprints.Assign(new[] { (At(5), "Exit();"), (At(9), "Exit();") });
        Assert.NotEqual(found[0].Fingerprint, found[1].Fingerprint);

        // Moving both keeps both: the occurrence index follows file order, not line numbers.
        var moved = Fingerprints.Assign(new[] { (At(105), "Exit();"), (At(109), "Exit();") });
        Assert.Equal(found.Select(f => f.Fingerprint), moved.Select(f => f.Fingerprint));
    }

    [Theory]
    [InlineData("KPL1004", "src/A.cs", "Exit();")]
    [InlineData("KPL1003", "src/B.cs", "Exit();")]
    [InlineData("KPL1003", "src/A.cs", "Exit(2);")]
    public void Rule_path_and_line_text_each_change_the_fingerprint(string rule, string path, string text)
    {
        var reference = Fingerprints.Assign(new[] { (At(1), "Exit();") }).Single().Fingerprint;
        Assert.NotEqual(reference, Fingerprints.Assign(new[] { (At(1, rule, path), text) }).Single().Fingerprint);
    }

    [Fact]
    public void Normalize_collapses_white_space()
        => Assert.Equal("a b c", Fingerprints.Normalize("  a \t b\r\n   c "));
}
