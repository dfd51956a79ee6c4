using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Koupleless.Testing.Retention;

/// <summary>
/// Runs this assembly as a helper process (<c>dotnet exec</c> with a runtimeconfig written here and this process's
/// deps.json, so it finds ClrMD where this process did) that attaches to the given process and writes the retention
/// report as JSON. The process being explained is suspended while the helper reads it.
/// </summary>
internal static class ExplainerProcess
{
    public const string Verb = "explain-retention";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static RetentionReport? Run(int processId, string modulePath, IReadOnlyList<CopyIdentity> copies, out string? error)
    {
        error = null;
        var dotnet = DotnetHost();
        var depsFile = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (dotnet is null || depsFile is null || !File.Exists(depsFile))
        {
            error = "no dotnet host or deps.json to start the helper with";
            return null;
        }

        var work = Directory.CreateTempSubdirectory("koupleless-explain-");
        try
        {
            var runtimeConfig = Path.Combine(work.FullName, "explainer.runtimeconfig.json");
            File.WriteAllText(runtimeConfig, RuntimeConfig());
            var output = Path.Combine(work.FullName, "retention.json");
            var start = new ProcessStartInfo(dotnet) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "exec", "--runtimeconfig", runtimeConfig, "--depsfile", depsFile, typeof(ExplainerProcess).Assembly.Location, Verb, processId.ToString(CultureInfo.InvariantCulture), modulePath, output })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var copy in copies)
            {
                start.ArgumentList.Add(copy.Name);
                start.ArgumentList.Add(copy.LoaderAllocator.ToString(CultureInfo.InvariantCulture));
            }

            using var helper = Process.Start(start)!;
            var stderr = helper.StandardError.ReadToEndAsync();
            _ = helper.StandardOutput.ReadToEndAsync();
            if (!helper.WaitForExit(Timeout))
            {
                helper.Kill(entireProcessTree: true);
                error = "the helper did not finish in " + Timeout;
                return null;
            }

            if (helper.ExitCode != 0 || !File.Exists(output))
            {
                error = $"the helper exited with {helper.ExitCode}: {stderr.Result.Trim()}";
                return null;
            }

            return JsonSerializer.Deserialize<RetentionReport>(File.ReadAllText(output));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or JsonException or InvalidOperationException)
        {
            error = e.Message;
            return null;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The helper's side: attach, explain, write JSON. Exit code 0 when a report was written.</summary>
    public static int RunHelper(IReadOnlyList<string> arguments)
    {
        if (arguments.Count < 3 || !int.TryParse(arguments[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var processId))
        {
            Console.Error.WriteLine($"usage: {Verb} <pid> <module path> <output json> [<copy name> <loader allocator>]...");
            return 2;
        }

        var copies = new List<CopyIdentity>();
        for (var i = 3; i + 1 < arguments.Count; i += 2)
        {
            copies.Add(new CopyIdentity(arguments[i], ulong.Parse(arguments[i + 1], CultureInfo.InvariantCulture)));
        }

        var report = RetentionExplainer.ExplainProcess(processId, arguments[1], copies);
        File.WriteAllText(arguments[2], JsonSerializer.Serialize(report));
        return 0;
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
