using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Koupleless.Testing.Hosting;

/// <summary>
/// Runs this assembly as a process (<c>dotnet exec</c> with a runtimeconfig written here and the calling process's
/// deps.json, so it finds ClrMD where the caller did): the retention helper that attaches to a test process, and the
/// host process `koupleless verify` loads a module in.
/// </summary>
internal static class HelperProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs <c>Koupleless.Testing.dll arguments...</c>; null with <paramref name="error"/> when it could not start or timed out.</summary>
    public static Outcome? Run(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, out string? error)
    {
        error = null;
        var dotnet = DotnetHost();
        var depsFile = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (dotnet is null || depsFile is null || !File.Exists(depsFile))
        {
            error = "no dotnet host or deps.json to start the helper process with";
            return null;
        }

        var work = Directory.CreateTempSubdirectory("koupleless-helper-");
        try
        {
            var runtimeConfig = Path.Combine(work.FullName, "helper.runtimeconfig.json");
            File.WriteAllText(runtimeConfig, RuntimeConfig());
            var start = new ProcessStartInfo(dotnet) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "exec", "--runtimeconfig", runtimeConfig, "--depsfile", depsFile, typeof(HelperProcess).Assembly.Location }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using var helper = Process.Start(start)!;
            var stdout = helper.StandardOutput.ReadToEndAsync();
            var stderr = helper.StandardError.ReadToEndAsync();
            if (!helper.WaitForExit(timeout))
            {
                helper.Kill(entireProcessTree: true);
                error = $"the helper process did not finish in {timeout.TotalSeconds:0} s";
                return null;
            }

            return new Outcome(helper.ExitCode, stdout.Result, stderr.Result);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            error = e.Message;
            return null;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The dotnet host beside the shared runtime this process runs on (…/dotnet/shared/Microsoft.NETCore.App/x.y.z/).</summary>
    private static string? DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : null;
    }

    private static string RuntimeConfig()
        => $$"""
            { "runtimeOptions": { "tfm": "net{{Environment.Version.Major}}.{{Environment.Version.Minor}}", "rollForward": "LatestPatch",
              "framework": { "name": "Microsoft.NETCore.App", "version": "{{Environment.Version}}" } } }
            """;
}
