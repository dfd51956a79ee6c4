using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Spectre.Console;

namespace Koupleless.Cli.Terminal;

/// <summary>
/// Shows scan progress on stderr (stdout stays for the summary): a live Spectre.Console display on a terminal,
/// plain lines when stderr is redirected or the CI environment variable is set (logs keep every line).
/// </summary>
public static class ProgressDisplay
{
    public static bool UseLiveDisplay(TextWriter stderr)
        => ReferenceEquals(stderr, System.Console.Error)
            && !System.Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

    public static async Task<T> RunAsync<T>(TextWriter stderr, bool verbose, Func<IScanProgress, Task<T>> work)
    {
        if (!UseLiveDisplay(stderr))
        {
            return await work(new PlainProgress(stderr, verbose)).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var live = new LiveProgress(context, console, verbose);
                result = await work(live).ConfigureAwait(false);
                live.Complete();
            }).ConfigureAwait(false);
        return result;
    }

    private sealed class PlainProgress : IScanProgress
    {
        private readonly TextWriter _out;
        private readonly bool _verbose;
        private int _total;
        private int _done;

        public PlainProgress(TextWriter output, bool verbose)
        {
            _out = output;
            _verbose = verbose;
        }

        public void Stage(string description) => Write(description + "…");

        public void ProjectsFound(int count) => _total = count;

        public void ProjectLoaded(string name)
        {
            if (_verbose)
            {
                Write($"  loaded {name}");
            }
        }

        public void ProjectAnalyzed(string name, int findings, bool failed)
        {
            var done = Interlocked.Increment(ref _done);
            Write($"  [{done}/{_total}] {name}: {findings} finding(s){(failed ? " (incomplete, see report)" : string.Empty)}");
        }

        public void Detail(string message)
        {
            if (_verbose)
            {
                Write("  " + message);
            }
        }

        private void Write(string line)
        {
            lock (_out)
            {
                _out.WriteLine(line);
            }
        }
    }

    private sealed class LiveProgress : IScanProgress
    {
        private readonly ProgressContext _context;
        private readonly IAnsiConsole _console;
        private readonly bool _verbose;
        private readonly ProgressTask _load;
        private ProgressTask? _analyse;
        private int _loaded;

        public LiveProgress(ProgressContext context, IAnsiConsole console, bool verbose)
        {
            _context = context;
            _console = console;
            _verbose = verbose;
            _load = context.AddTask("Restore and load").IsIndeterminate();
        }

        public void Stage(string description)
        {
            if (description.StartsWith("Analys", StringComparison.Ordinal))
            {
                _load.Description = $"Loaded {_loaded} project(s)";
                _load.IsIndeterminate = false;
                _load.Value = _load.MaxValue;
                _load.StopTask();
            }
            else
            {
                _load.Description = Markup.Escape(description);
            }
        }

        public void ProjectsFound(int count)
            => _analyse = _context.AddTask("Compile and analyse", maxValue: Math.Max(1, count));

        public void ProjectLoaded(string name)
        {
            var n = Interlocked.Increment(ref _loaded);
            _load.Description = Markup.Escape($"Loading: {n} project(s), last {name}");
        }

        public void ProjectAnalyzed(string name, int findings, bool failed)
        {
            _analyse?.Increment(1);
            if (_verbose || failed)
            {
                _console.MarkupLine(failed
                    ? $"  [yellow]{Markup.Escape(name)}[/]: {findings} finding(s), incomplete (see report)"
                    : $"  {Markup.Escape(name)}: {findings} finding(s)");
            }
        }

        public void Detail(string message)
        {
            if (_verbose)
            {
                _console.MarkupLine("  [grey]" + Markup.Escape(message) + "[/]");
            }
        }

        public void Complete()
        {
            _load.StopTask();
            if (_analyse is not null)
            {
                _analyse.Value = _analyse.MaxValue;
                _analyse.StopTask();
            }
        }
    }
}
