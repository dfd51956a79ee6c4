using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.RealCode;
using Koupleless.Scanner.Engine;

// realcode: the real-code precision benchmark (tests/RealCode/README.md).
var arguments = Arguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine("""
        usage: realcode [--libraries FILE] [--labels FILE]... [--sources DIR] [--work DIR]
                        [--library NAME]... [--set all|benchmark|holdout|module|module-holdout] [--role ROLE] [--unlabelled FILE] [--findings FILE] [--strict] [--verbose] [--timing]
                        [--packages FILE]
          --labels      the labels (default labels.tsv); repeat to combine files, a later file's row wins on the same key
          --sources     where the git copies of the libraries are (default /work/.mirror: owner+name/repo, or name/.git)
          --work        where the pinned commits are checked out (default $TMPDIR/koupleless-realcode)
          --role        scan every library in this role instead of its own (Module: the pass `koupleless packages`
                        uses for a private per-module copy); judge those findings with their own --labels file
          --unlabelled  write the findings no label covers as labels.tsv rows with an empty verdict, for a person to judge
          --findings    write every finding with its label
          --strict      exit 1 when a finding has no label
          --verbose     show the first compile errors of each library
          --timing      measure the compiler and the analyzers on each library instead (docs/performance.md)
          --packages    a `koupleless packages -f json` report of the same versions: compare its Shared-role findings
                        with the source findings by rule, type and member (package-parity.sh)
        """);
    return 2;
}

var libraries = LibraryList.Load(arguments.LibrariesFile).Libraries
    .Where(l => arguments.Set == "all" || l.Set == arguments.Set)
    .Where(l => arguments.Only.Count == 0 || arguments.Only.Contains(l.Name, StringComparer.OrdinalIgnoreCase))
    .ToList();
var labels = Labels.Load(arguments.LabelsFiles);

if (arguments.Timing)
{
    Timing.WriteHeader(Console.Out);
    foreach (var library in libraries)
    {
        var checkout = Checkout.Ensure(library, arguments.SourcesDirectory, arguments.WorkDirectory);
        var projects = SourceProjects.For(library, checkout, Path.Combine(arguments.WorkDirectory, ".generated", library.CheckoutName));
        await Timing.MeasureAsync(library, projects, Console.Out);
    }

    return 0;
}

var judged = new List<JudgedFinding>();
var located = new List<SourceFinding>();
var checkouts = new Dictionary<Library, string>();
Console.WriteLine("| library | set | role | files | compile errors | findings | seconds |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|");
foreach (var library in libraries)
{
    var clock = Stopwatch.StartNew();
    var checkout = checkouts[library] = Checkout.Ensure(library, arguments.SourcesDirectory, arguments.WorkDirectory);
    var projects = SourceProjects.For(library, checkout, Path.Combine(arguments.WorkDirectory, ".generated", library.CheckoutName));
    var report = await SourceProjectScan.RunAsync(projects, checkout, new ScanOptions { Target = library.Name, RoleOverride = arguments.Role, Catalogs = arguments.Catalogs });
    if (arguments.EmitCatalogFile is { } emitCatalog)
    {
        // One file per run: the last library's (emit from a run of the base's shared code alone).
        Koupleless.Scanner.Reporting.ModuleCatalogExport.Write(report, emitCatalog);
    }

    var compileErrors = report.Failures.Where(f => f.Stage == "compile").Select(f => f.Message.Split(' ')[0]).Select(n => int.TryParse(n, out var c) ? c : 0).Sum();
    foreach (var failure in report.Failures.Where(f => arguments.Verbose || f.Stage != "compile"))
    {
        Console.Error.WriteLine($"{library.Name}: {failure.Stage} {failure.Path}: {failure.Message}");
    }

    foreach (var finding in report.Findings)
    {
        var key = Scoring.KeyOf(library, finding);
        var judgedFinding = new JudgedFinding(library, finding, key, labels.Find(key));
        judged.Add(judgedFinding);
        if (finding.Path is { } path && finding.Family != Koupleless.Scanner.Model.RuleFamilies.Configuration)
        {
            var symbols = projects.FirstOrDefault(p => p.Name == finding.Project)?.PreprocessorSymbols ?? Array.Empty<string>();
            var (type, member) = DeclaredMember.Of(Path.Combine(checkout, path), finding.Line, finding.Column, symbols);
            located.Add(new SourceFinding(judgedFinding, type, member));
        }
    }

    Console.WriteLine($"| {library.Name} | {library.Set} | {arguments.Role ?? library.Role} | {projects.Where(p => p.Analyze).Sum(p => p.SourceFiles.Count)} | {compileErrors} | {report.Findings.Count} | {clock.Elapsed.TotalSeconds:0.0} |");
}

foreach (var set in libraries.Select(l => l.Set).Distinct())
{
    var names = libraries.Where(l => l.Set == set).Select(l => l.Name).ToHashSet();
    Scoring.Print(Console.Out, $"{set} ({string.Join(", ", names)})", Scoring.Score(judged.Where(j => names.Contains(j.Library.Name)).ToList(), labels.Rows, names));
}

var scanned = libraries.Select(l => l.Name).ToHashSet();
var foundKeys = judged.Select(j => j.Key).ToHashSet();
var missed = labels.Rows.Where(l => l.IsHazard && scanned.Contains(l.Key.Library) && !foundKeys.Contains(l.Key)).ToList();
if (missed.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"## Labelled hazards no finding reaches ({missed.Count})");
    foreach (var row in missed)
    {
        Console.WriteLine($"- {row.Key.Library} {row.Key.Rule} {row.Key.Path}: `{row.Key.Line}` — {row.Reason} ({row.Origin})");
    }
}

var unlabelled = judged.Where(j => j.Label is null).ToList();
if (unlabelled.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"## Findings without a label ({unlabelled.Count})");
    foreach (var j in unlabelled)
    {
        Console.WriteLine($"- {j.Library.Name} {j.Finding.RuleId} {j.Finding.Path}:{j.Finding.Line}: {j.Finding.Message}");
    }
}

if (arguments.UnlabelledFile is { } unlabelledFile)
{
    File.WriteAllLines(unlabelledFile, new[] { Labels.Header + "\tmessage\tline-number" }.Concat(unlabelled.Select(j =>
        string.Join('\t', j.Key.Library, j.Key.Rule, j.Key.Path, j.Key.Line, string.Empty, string.Empty, Labels.Escape(j.Finding.Message), j.Finding.Line))));
}

if (arguments.FindingsFile is { } findingsFile)
{
    var members = located.GroupBy(l => l.Judged).ToDictionary(g => g.Key, g => (g.First().Type, g.First().Member));
    File.WriteAllLines(findingsFile, new[] { "library\trule\tpath\tline-number\tverdict\tmessage\treason\ttype\tmember" }.Concat(judged.Select(j =>
        string.Join('\t', j.Key.Library, j.Key.Rule, j.Key.Path, j.Finding.Line, j.Label is null ? "?" : j.Label.IsHazard ? "hazard" : "noise", Labels.Escape(j.Finding.Message), j.Label?.Reason ?? string.Empty,
            members.GetValueOrDefault(j).Type, members.GetValueOrDefault(j).Member))));
}

if (arguments.PackagesFile is { } packagesFile)
{
    PackageParity.Print(Console.Out, packagesFile, libraries, checkouts, located, labels);
}

return arguments.Strict && unlabelled.Count > 0 ? 1 : 0;

internal sealed record Arguments(
    string LibrariesFile, IReadOnlyList<string> LabelsFiles, string SourcesDirectory, string WorkDirectory, string Set,
    IReadOnlyList<string> Only, string? UnlabelledFile, string? FindingsFile, bool Strict, bool Verbose, bool Timing,
    string? PackagesFile, string? Role, IReadOnlyList<string> Catalogs, string? EmitCatalogFile)
{
    public static Arguments? Parse(string[] args)
    {
        var here = AppContext.BaseDirectory;
        var libraries = Path.Combine(here, "libraries.json");
        var labels = new List<string>();
        var sources = "/work/.mirror";
        var work = Path.Combine(Path.GetTempPath(), "koupleless-realcode");
        var set = "all";
        var only = new List<string>();
        string? unlabelled = null, findings = null, packages = null, role = null, emitCatalog = null;
        var catalogs = new List<string>();
        bool strict = false, verbose = false, timing = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--libraries": libraries = Next(); break;
                case "--labels": labels.Add(Next()); break;
                case "--sources": sources = Next(); break;
                case "--work": work = Next(); break;
                case "--set": set = Next(); break;
                case "--library": only.Add(Next()); break;
                case "--unlabelled": unlabelled = Next(); break;
                case "--findings": findings = Next(); break;
                case "--strict": strict = true; break;
                case "--verbose": verbose = true; break;
                case "--timing": timing = true; break;
                case "--packages": packages = Next(); break;
                case "--role": role = Next(); break;
                case "--catalog": catalogs.Add(Path.GetFullPath(Next())); break;
                case "--emit-catalog": emitCatalog = Path.GetFullPath(Next()); break;
                default: return null;
            }
        }

        var validRole = role is null or "Module" or "Shared" or "Base";
        return validRole
            ? new Arguments(libraries, labels.Count > 0 ? labels : new[] { Path.Combine(here, "labels.tsv") }, sources, work, set, only, unlabelled, findings, strict, verbose, timing, packages, role, catalogs, emitCatalog)
            : null;
    }
}
