using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Reporting.GitHub;
using Koupleless.Scanner.Tests.Infrastructure;
using Koupleless.Scanner.Tests.Packages;
using Xunit;

namespace Koupleless.Scanner.Tests.Reporting;

/// <summary>`--github`: GitHub Actions workflow commands that annotate a pull request.</summary>
public sealed class GitHubAnnotationTests
{
    [Fact]
    public void Active_findings_become_annotations_relative_to_the_workspace_errors_first()
    {
        var report = SampleReport.Create();
        using var output = new StringWriter();
        GitHubAnnotations.Write(report, output, workspace: Path.GetDirectoryName(report.RootDirectory)!);
        var lines = output.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);

        // The suppressed KPL1004 error is left out; the project-wide KPL9002 has a file but no line.
        Assert.Equal(2, lines.Length);
        Assert.Equal("::warning file=repo/src/App.csproj,title=KPL9002%3A Unknown role::role", lines[0]);
        Assert.StartsWith("::warning file=repo/src/My App/Program.cs,line=10,endLine=10,col=9,endColumn=40,title=KPL1003%3A Process-wide state is changed ", lines[1]);
        Assert.EndsWith("::msg " + SampleReport.Hostile, lines[1]);
    }

    [Theory]
    [InlineData("50% done\r\nnext", "50%25 done%0D%0Anext")]
    [InlineData("a::b", "a::b")]
    public void Data_escapes_what_ends_a_command(string text, string expected) => Assert.Equal(expected, WorkflowCommand.EscapeData(text));

    [Fact]
    public void Properties_also_escape_their_separators()
        => Assert.Equal("::error file=a%2Cb%3Ac.cs,title=T%0A::m%25", WorkflowCommand.Annotation(WorkflowCommand.Error, "m%", ("file", "a,b:c.cs"), ("line", null), ("title", "T\n")));

    [Fact]
    public void At_most_ten_of_each_kind_then_how_many_more()
    {
        var sample = SampleReport.Create();
        var many = Enumerable.Range(1, 12).Select(i => sample.Findings[0] with { Line = i, EndLine = i, Fingerprint = i.ToString() })
            .Append(sample.Findings[0] with { Level = FindingLevel.Error, Line = 99, EndLine = 99 })
            .ToList();
        var report = new ScanReport { Tool = sample.Tool, Target = sample.Target, RootDirectory = sample.RootDirectory, Rules = sample.Rules, Findings = many, Counts = sample.Counts };
        using var output = new StringWriter();
        GitHubAnnotations.Write(report, output, sample.RootDirectory);
        var lines = output.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("::error file=src/My App/Program.cs,line=99,", lines[0]);
        Assert.Equal(WorkflowCommand.ShownPerKind, lines.Count(l => l.StartsWith("::warning ", System.StringComparison.Ordinal)));
        Assert.StartsWith("koupleless: 2 more finding(s) not annotated", lines[^1]);
    }

    [Fact]
    public void Packages_that_need_attention_become_run_annotations()
    {
        var report = PackagesReportTests.Sample("Acme.One", "Acme.Two");
        report.Packages[1].Verdict = Verdicts.Compatible;
        using var output = new StringWriter();
        PackagesGitHubAnnotations.Write(report, output);
        var line = Assert.Single(output.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries));

        var kind = report.Packages[0].Verdict == Verdicts.Incompatible ? "error" : report.Packages[0].Verdict == Verdicts.NeedsReview ? "warning" : "notice";
        Assert.StartsWith($"::{kind} title=Koupleless%3A Acme.One 1.0.0 - ", line);
        Assert.Contains("::Acme.One 1.0.0: ", line);
        Assert.Contains("%0AKPL1001 in Acme.One.Config.Current: static field '<script>alert(1)</script>' is not readonly", line);
    }
}
