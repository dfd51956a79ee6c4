using System;
using System.IO;
using System.Text.Json;

namespace Koupleless.Testing.Hosting;

/// <summary>
/// Verifies a built module in a host process of its own (<see cref="VerifyHost"/>): the module's threads, timers and
/// process-wide changes stay there, and one that calls Environment.Exit ends that process, not the caller.
/// </summary>
public static class ModuleVerification
{
    /// <summary>Runs the request; null with <paramref name="error"/> when the host process did not write a result.</summary>
    public static VerifyResult? Run(VerifyRequest request, out string? error)
    {
        var work = Directory.CreateTempSubdirectory("koupleless-verify-");
        try
        {
            var requestFile = Path.Combine(work.FullName, "request.json");
            var resultFile = Path.Combine(work.FullName, "result.json");
            File.WriteAllText(requestFile, JsonSerializer.Serialize(request));
            var outcome = HelperProcess.Run(new[] { VerifyHost.Verb, requestFile, resultFile }, request.Timeout, request.Environment, out error);
            if (outcome is null)
            {
                return null;
            }

            if (outcome.ExitCode != 0 || !File.Exists(resultFile))
            {
                error = $"the host process exited with code {outcome.ExitCode} before it wrote a result (a module that ends the process, KPL1004?)"
                    + (outcome.Stderr.Trim() is { Length: > 0 } stderr ? ": " + Last(stderr, 2000) : "");
                return null;
            }

            return JsonSerializer.Deserialize<VerifyResult>(File.ReadAllText(resultFile));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Last(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
