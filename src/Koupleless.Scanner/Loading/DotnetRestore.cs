using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Runs `dotnet restore` on the scan target: MSBuildWorkspace evaluates projects but never restores them, and an
/// unrestored project loads without its package references (every package type becomes a compile error).
/// </summary>
internal static class DotnetRestore
{
    public static async Task<IReadOnlyList<ScanFailure>> RunAsync(IEnumerable<string> targets, ScanOptions options, IScanProgress progress, CancellationToken cancellationToken)
    {
        var failures = new List<ScanFailure>();
        foreach (var target in targets)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("restore");
            start.ArgumentList.Add(target);
            start.ArgumentList.Add("-nologo");
            start.ArgumentList.Add("-v:q");
            start.ArgumentList.Add($"-p:Configuration={options.Configuration}");
            foreach (var property in options.Properties)
            {
                start.ArgumentList.Add($"-p:{property.Key}={property.Value}");
            }

            // Telemetry and the first-run banner only slow a CI step down.
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            progress.Detail($"dotnet restore {target}");
            try
            {
                using var process = Process.Start(start)!;
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var output = (await stdout.ConfigureAwait(false)) + "\n" + (await stderr.ConfigureAwait(false));
                if (process.ExitCode != 0)
                {
                    var errors = output.Split('\n')
                        .Select(l => l.Trim())
                        .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                        .Distinct()
                        .Take(5)
                        .ToList();
                    var message = errors.Count == 0 ? $"dotnet restore exited with {process.ExitCode}" : string.Join(" | ", errors);
                    failures.Add(new ScanFailure("restore", null, target, message));
                }
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                failures.Add(new ScanFailure("restore", null, target, $"could not run 'dotnet restore': {ex.Message}"));
            }
        }

        return failures;
    }
}
