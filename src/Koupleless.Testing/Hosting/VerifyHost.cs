using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using Koupleless.Testing.CrossTalk;
using Koupleless.Testing.Loading;

namespace Koupleless.Testing.Hosting;

/// <summary>
/// The host process of `koupleless verify` (this assembly run with <see cref="Verb"/>): a base with nothing but the
/// framework and the shared paths in its default context, the module loaded N times beside it, each entry run in each
/// copy, then unload and, for what stays, the retention path. A module that ends the process or hangs takes only this
/// process with it; the caller reports that.
/// </summary>
internal static class VerifyHost
{
    public const string Verb = "verify-host";

    private static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Arguments: the request JSON file, the result JSON file to write.</summary>
    public static int Run(IReadOnlyList<string> arguments)
    {
        if (arguments.Count != 2)
        {
            Console.Error.WriteLine($"usage: {Verb} <request.json> <result.json>");
            return 2;
        }

        var request = JsonSerializer.Deserialize<VerifyRequest>(File.ReadAllText(arguments[0]))!;
        File.WriteAllText(arguments[1], JsonSerializer.Serialize(Verify(request)));
        return 0;
    }

    private static VerifyResult Verify(VerifyRequest request)
    {
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var shared = SharedAssemblies.FrameworkAnd(Array.Empty<string>()).With(request.SharedPaths);
        using var copies = ModuleCopies.Load(request.ModulePath, new ModuleLoadOptions { Copies = request.Copies, Shared = shared, UnloadWait = request.UnloadWait });
        copies.RunEach(copy =>
        {
            foreach (var entry in request.Entries)
            {
                RunEntry(copy, entry, failures);
            }
        });

        var crossTalk = copies.CrossTalk;
        var unloaded = copies.Unload();
        return new VerifyResult(copies.Copies.Select(c => c.Name).ToList(), unloaded.Retained, unloaded.WaitTime.TotalMilliseconds, unloaded.Retention, crossTalk, failures)
        {
            TotalMilliseconds = watch.Elapsed.TotalMilliseconds,
        };
    }

    /// <summary>Calls the entry (waiting for a returned task); what it throws becomes text, so no exception object keeps the copy.</summary>
    private static void RunEntry(ModuleCopy copy, string entry, List<string> failures)
    {
        try
        {
            if (copy.Invoke(entry) is Task task && !task.Wait(TaskTimeout))
            {
                failures.Add($"{copy.Name}: {entry} did not complete in {TaskTimeout.TotalSeconds:0} s");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var cause = e is AggregateException { InnerException: { } inner } ? inner : e;
            failures.Add($"{copy.Name}: {entry} threw {cause.GetType().FullName}: {cause.Message}");
        }
    }
}
