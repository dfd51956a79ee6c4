using System;
using System.IO;
using System.Threading.Tasks;
using Koupleless.Cli.Terminal;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;

namespace Koupleless.Cli.Commands;

/// <summary>
/// Runs an engine (scan, fix) behind the progress display and turns what stops it into a message and an exit code:
/// bad input 2, cancelled or failed 3 — never a stack trace for the user unless -v asks for one.
/// </summary>
internal static class EngineRun
{
    /// <param name="what">What stopped, for the message ("scan", "fix").</param>
    /// <returns>The engine's result, or null and the exit code to return.</returns>
    public static async Task<(T? Result, int ExitCode)> RunAsync<T>(TextWriter stderr, bool verbose, string what, Func<IScanProgress, Task<T>> work)
        where T : class
    {
        try
        {
            return (await ProgressDisplay.RunAsync(stderr, verbose, work).ConfigureAwait(false), ExitCodes.Clean);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return (null, ExitCodes.UsageError);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("koupleless: cancelled.");
            return (null, ExitCodes.Incomplete);
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"koupleless: the {what} stopped: {ex.GetType().Name}: {ex.Message}");
            if (verbose)
            {
                stderr.WriteLine(ex.ToString());
            }

            return (null, ExitCodes.Incomplete);
        }
    }
}
