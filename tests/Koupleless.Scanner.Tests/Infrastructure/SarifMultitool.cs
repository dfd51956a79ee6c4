using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>
/// Microsoft's SARIF validator (npm package @microsoft/sarif-multitool), installed once into a cache folder
/// (KOUPLELESS_SARIF_TOOL_DIR, default: the temp folder). Null when npm/node are missing or the install fails.
/// </summary>
public static class SarifMultitool
{
    public const string Version = "5.7.0";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string?> FindOrInstallAsync(Action<string> log)
    {
        var directory = Environment.GetEnvironmentVariable("KOUPLELESS_SARIF_TOOL_DIR")
            ?? Path.Combine(Path.GetTempPath(), "koupleless-sarif-multitool-" + Version);
        var entry = Path.Combine(directory, "node_modules", "@microsoft", "sarif-multitool", "bin.js");
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(entry))
            {
                if (Which("npm") is null || Which("node") is null)
                {
                    log("npm/node not found: SARIF validation skipped.");
                    return null;
                }

                Directory.CreateDirectory(directory);
                var (code, output) = await RunAsync("npm", TimeSpan.FromMinutes(4), "install", "--no-audit", "--no-fund", "--prefix", directory, "@microsoft/sarif-multitool@" + Version);
                if (code != 0 || !File.Exists(entry))
                {
                    log("npm install @microsoft/sarif-multitool failed: SARIF validation skipped.\n" + output);
                    return null;
                }
            }

            // npm 11 does not run the package's postinstall (chmod u+x) unless approved; do it here.
            foreach (var binary in Directory.GetFiles(Path.Combine(directory, "node_modules", "@microsoft"), "Sarif.Multitool", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(binary, File.GetUnixFileMode(binary) | UnixFileMode.UserExecute);
                }
            }

            return entry;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Validates a SARIF file; returns the validator's errors and warnings (empty when valid).</summary>
    public static async Task<string[]> ValidateAsync(string tool, string sarifPath)
    {
        var output = sarifPath + ".validation.sarif";
        File.Delete(output);
        var (code, text) = await RunAsync("node", TimeSpan.FromMinutes(2), tool, "validate", sarifPath, "--output", output);
        if (!File.Exists(output))
        {
            return new[] { $"validator exited with {code} and wrote no result: {text}" };
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => !r.TryGetProperty("level", out var level) || level.GetString() is "error" or "warning")
            .Select(r => r.GetRawText())
            .ToArray();
    }

    private static string? Which(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> RunAsync(string file, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
