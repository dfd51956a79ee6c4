using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Koupleless.Testing.Hosting;

namespace Koupleless.Testing.Retention;

/// <summary>
/// Runs this assembly as a helper process (<see cref="HelperProcess"/>) that attaches to the given process and writes
/// the retention report as JSON. The process being explained is suspended while the helper reads it.
/// </summary>
internal static class ExplainerProcess
{
    public const string Verb = "explain-retention";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static RetentionReport? Run(int processId, string modulePath, IReadOnlyList<CopyIdentity> copies, out string? error)
    {
        var output = Path.Combine(Path.GetTempPath(), $"koupleless-retention-{Guid.NewGuid():N}.json");
        try
        {
            var arguments = new List<string> { Verb, processId.ToString(CultureInfo.InvariantCulture), modulePath, output };
            foreach (var copy in copies)
            {
                arguments.Add(copy.Name);
                arguments.Add(copy.LoaderAllocator.ToString(CultureInfo.InvariantCulture));
            }

            var outcome = HelperProcess.Run(arguments, Timeout, environment: null, out error);
            if (outcome is null)
            {
                return null;
            }

            if (outcome.ExitCode != 0 || !File.Exists(output))
            {
                error = $"the helper exited with {outcome.ExitCode}: {outcome.Stderr.Trim()}";
                return null;
            }

            return JsonSerializer.Deserialize<RetentionReport>(File.ReadAllText(output));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            error = e.Message;
            return null;
        }
        finally
        {
            File.Delete(output);
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
}
