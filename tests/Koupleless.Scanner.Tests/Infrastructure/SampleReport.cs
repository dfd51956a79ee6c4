using System;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>An in-memory report whose every text field carries markup, to test the writers' escaping.</summary>
public static class SampleReport
{
    public const string Hostile = "<script>alert('x')</script> | *bold* `code` [link](javascript:alert(1)) & \"quoted\"";

    public static ScanReport Create()
    {
        var findings = new[]
        {
            new Finding
            {
                RuleId = "KPL1003", Level = FindingLevel.Warning, Message = "msg " + Hostile, Path = "src/My App/Program.cs",
                Line = 10, Column = 9, EndLine = 10, EndColumn = 40, Project = "App<1>", Family = RuleFamilies.StaticState,
                Category = "Koupleless.StaticState", Fingerprint = "0123456789abcdef0123456789abcdef",
                Snippet = new[] { "{", "    Environment.SetEnvironmentVariable(\"A\", \"<script>alert(1)</script>\");", "}" }, SnippetStartLine = 9,
            },
            new Finding
            {
                RuleId = "KPL1004", Level = FindingLevel.Error, Message = "exit", Path = "src/A.cs", Line = 3, Column = 1,
                EndLine = 3, EndColumn = 5, Project = "App<1>", Family = RuleFamilies.StaticState, Category = "Koupleless.StaticState",
                Fingerprint = "fedcba9876543210fedcba9876543210", Suppression = "inSource",
            },
            new Finding
            {
                RuleId = "KPL9002", Level = FindingLevel.Warning, Message = "role", Path = "src/App.csproj", Project = "App<1>",
                Family = RuleFamilies.Configuration, Category = "Koupleless.Configuration", Fingerprint = "11112222333344445555666677778888",
            },
        };

        return new ScanReport
        {
            Tool = new ToolInfo("koupleless", "0.1.0", "https://example.invalid/koupleless"),
            Target = "My<Target>.sln",
            RootDirectory = OperatingSystem.IsWindows() ? @"C:\repo" : "/repo",
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            DurationSeconds = 1.5,
            Rules = new[]
            {
                new RuleInfo("KPL1003", "Process-wide state is changed " + Hostile, "desc", "Koupleless.StaticState", RuleFamilies.StaticState, FindingLevel.Warning, "https://example.invalid/KPL1003.md"),
                new RuleInfo("KPL1004", "Module code ends the process", "desc", "Koupleless.StaticState", RuleFamilies.StaticState, FindingLevel.Warning, "javascript:alert(1)"),
                new RuleInfo("KPL9002", "Unknown role", "desc", "Koupleless.Configuration", RuleFamilies.Configuration, FindingLevel.Warning, null),
            },
            Projects = new[] { new ProjectResult("App<1>", "src/App.csproj", "Module", "net10.0", 3, 2, ProjectStatus.Analyzed) },
            Findings = findings,
            Failures = new[] { new ScanFailure("load", "Bad<Project>", "bad/Bad.csproj", "could not load " + Hostile) },
            Counts = ReportCountsBuilder.From(findings),
        };
    }
}
