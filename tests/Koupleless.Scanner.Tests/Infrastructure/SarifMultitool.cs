using System;
using System.Collections.Generic;
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

    /// <summary>The validator's rule sets: SARIF's own and GitHub's upload rules (GHxxxx, what code scanning rejects).</summary>
    public const string SarifAndGitHubRules = "Sarif;Gh";

    /// <summary>Validates a SARIF file; returns the validator's errors and warnings (empty when valid).</summary>
    public static async Task<string[]> ValidateAsync(string tool, string sarifPath, string ruleKinds = SarifAndGitHubRules)
        => (await ValidateAllAsync(tool, sarifPath, ruleKinds))
            .Where(r => r.Level is "error" or "warning")
            .Select(r => r.Json)
            .ToArray();

    /// <summary>
    /// Every result of the validator, notes included (a note such as SARIF2012 "rule name is not PascalCase" never fails
    /// validation on its own). The validator's npm launcher hands its arguments to a shell, where the ';' of a rule-kind
    /// list would end the command, so the platform binary it wraps is run directly.
    /// </summary>
    public static async Task<IReadOnlyList<(string RuleId, string Level, string Json)>> ValidateAllAsync(string tool, string sarifPath, string ruleKinds = SarifAndGitHubRules)
    {
        var output = sarifPath + ".validation.sarif";
        File.Delete(output);
        var (_, binary) = await RunAsync("node", TimeSpan.FromMinutes(1), "-p", $"require({JsonSerializer.Serialize(Path.GetDirectoryName(tool))})");
        var (code, text) = await RunAsync(binary.Trim(), TimeSpan.FromMinutes(2), "validate", sarifPath, "--output", output, "--rule-kind", ruleKinds, "--level", "Error;Warning;Note");
        if (!File.Exists(output))
        {
            return new[] { ("validator", "error", $"validator exited with {code} and wrote no result: {text}") };
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (
                r.GetProperty("ruleId").GetString() ?? string.Empty,
                r.TryGetProperty("level", out var level) ? level.GetString() ?? "warning" : "warning",
                r.GetRawText()))
            .ToList();
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
