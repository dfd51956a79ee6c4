using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Model;
using Spectre.Console;

namespace Koupleless.Cli.Terminal;

/// <summary>
/// `koupleless packages` progress on stderr, as <see cref="ProgressDisplay"/> does for `scan`: a live Spectre.Console bar on a
/// terminal, one plain line per package when stderr is redirected or CI is set (logs keep every line).
/// </summary>
public static class PackagesProgressDisplay
{
    public static async Task<T> RunAsync<T>(TextWriter stderr, Func<IPackagesProgress, Task<T>> work)
    {
        if (!ProgressDisplay.UseLiveDisplay(stderr))
        {
            return await work(new PlainProgress(stderr)).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var live = new LiveProgress(context, console);
                result = await work(live).ConfigureAwait(false);
                live.Complete();
            }).ConfigureAwait(false);
        return result;
    }

    private static string Line(PackageResult result)
        => result.Scanned
            ? $"{result.Id} {result.Version}: {result.Verdict}, {result.Findings.Count} finding(s){(result.Complete ? string.Empty : " (incomplete, see report)")}"
            : $"{result.Id} {result.Version}: not scanned ({(result.Problems.Count > 0 ? result.Problems[0] : "see report")})";

    private sealed class PlainProgress : IPackagesProgress
    {
        private readonly TextWriter _out;
        private int _total;
        private int _done;

        public PlainProgress(TextWriter output) => _out = output;

        public void PackagesFound(int count)
        {
            _total = count;
            Write($"Scanning {count} package(s)…");
        }

        public void PackageScanned(PackageResult result)
        {
            var done = Interlocked.Increment(ref _done);
            Write($"  [{done}/{_total}] {Line(result)}");
        }

        private void Write(string line)
        {
            lock (_out)
            {
                _out.WriteLine(line);
            }
        }
    }

    private sealed class LiveProgress : IPackagesProgress
    {
        private readonly ProgressContext _context;
        private readonly IAnsiConsole _console;
        private ProgressTask? _scan;
        private int _done;

        public LiveProgress(ProgressContext context, IAnsiConsole console)
        {
            _context = context;
            _console = console;
        }

        public void PackagesFound(int count) => _scan = _context.AddTask("Fetch and scan packages", maxValue: Math.Max(1, count));

        public void PackageScanned(PackageResult result)
        {
            var done = Interlocked.Increment(ref _done);
            if (_scan is not null)
            {
                _scan.Increment(1);
                _scan.Description = Markup.Escape($"Scanned {done} package(s), last {result.Id} {result.Version}");
            }

            // Clean packages only move the bar; the ones that need a look get a line that stays.
            if (!result.Scanned || !result.Complete)
            {
                _console.MarkupLine("  [yellow]" + Markup.Escape(Line(result)) + "[/]");
            }
        }

        public void Complete()
        {
            if (_scan is not null)
            {
                _scan.Value = _scan.MaxValue;
                _scan.StopTask();
            }
        }
    }
}
