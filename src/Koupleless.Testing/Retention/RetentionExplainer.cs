using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>
/// Explains a failed unload: finds the retained copies' objects in the heap and the chain of references from a GC root
/// to each, named by type and member (the dotnet-gcdump/SOS gcroot walk, done for the user).
/// </summary>
public static class RetentionExplainer
{
    /// <summary>
    /// Explains copies retained in this very process. ClrMD cannot attach to its own process, so a helper process
    /// (this assembly, run by the dotnet host) attaches to this one, suspended while it reads; when that is not possible
    /// (no ptrace permission, no dotnet host) this process reads a snapshot of itself, the same walk over a core dump,
    /// measured 1.3 to 2 times slower (docs/testing.md, "How the retention path is found, and what it costs").
    /// </summary>
    public static RetentionReport ExplainThisProcess(string modulePath, IReadOnlyList<CopyIdentity> copies)
    {
        var watch = Stopwatch.StartNew();
        var attached = ExplainerProcess.Run(Environment.ProcessId, modulePath, copies, out var helperError);
        if (attached is { Error: null })
        {
            return attached with { ExplainTime = watch.Elapsed, Source = "attached" };
        }

        var snapshot = ExplainSnapshotOfThisProcess(modulePath, copies);
        return snapshot with { ExplainTime = watch.Elapsed, Source = "snapshot (helper: " + (attached?.Error ?? helperError) + ")", Error = snapshot.Error is null ? null : snapshot.Error };
    }

    /// <summary>Reads a snapshot of this very process (a core dump written through the runtime's diagnostics port).</summary>
    public static RetentionReport ExplainSnapshotOfThisProcess(string modulePath, IReadOnlyList<CopyIdentity> copies)
        => Explain(() => HeapSource.Snapshot(Environment.ProcessId), modulePath, copies);

    /// <summary>Attaches to another process (suspended while it is read).</summary>
    public static RetentionReport ExplainProcess(int processId, string modulePath, IReadOnlyList<CopyIdentity> copies)
        => Explain(() => HeapSource.Attach(processId), modulePath, copies);

    private const int WalkableHeapAttempts = 10;

    private static (DataTarget Target, ClrRuntime Runtime) Open(Func<DataTarget> open)
    {
        for (var attempt = 1; ; attempt++)
        {
            var target = open();
            var runtime = HeapSource.Runtime(target);
            if (runtime.Heap.CanWalkHeap || attempt == WalkableHeapAttempts)
            {
                return (target, runtime);
            }

            runtime.Dispose();
            target.Dispose();
            System.Threading.Thread.Sleep(50);
        }
    }

    /// <summary>
    /// How often a read whose statics were not all named is repeated. Measured under load: in 11 of 30 attaches the
    /// TypeDef→MethodTable map of System.Private.CoreLib came back cut short (ClrMD's EnumerateTypeDefToMethodTableMap
    /// ended after 207–602 of its ~1,020 loaded types, the same on a second enumeration of that attach), and when the
    /// missing types held `TimerQueue.Instances` or `TaskScheduler.UnobservedTaskException` their paths were not named;
    /// the next attach, a moment later, read the whole map every time (docs/testing.md).
    /// </summary>
    private const int StaticsAttempts = 5;

    private static RetentionReport Explain(Func<DataTarget> open, string modulePath, IReadOnlyList<CopyIdentity> copies)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // A process suspended in the middle of a garbage collection has a heap that cannot be walked (ClrMD's
                // CanWalkHeap): its roots and references are incomplete. Let it run a moment and read it again.
                var (target, runtime) = Open(open);
                using (target)
                using (runtime)
                {
                    var modules = ModuleObjects.Find(runtime, modulePath, copies);
                    if (modules.IsEmpty)
                    {
                        return new RetentionReport(Array.Empty<RetentionPath>(), watch.Elapsed, "none of the copies' types is in the heap");
                    }

                    var search = new RootPathSearch(runtime.Heap, modules, StaticSlots.Read(runtime), new ObjectNames(modules));
                    var paths = search.Run();
                    if (search.UnnamedStaticSlots == 0 || attempt == StaticsAttempts)
                    {
                        return new RetentionReport(paths, watch.Elapsed) { ObjectsWalked = search.Visited };
                    }
                }

                System.Threading.Thread.Sleep(50 * attempt);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.IO.IOException
            or ClrDiagnosticsException or NotSupportedException or UnauthorizedAccessException or PlatformNotSupportedException
            or Microsoft.Diagnostics.NETCore.Client.ServerNotAvailableException)
        {
            return new RetentionReport(Array.Empty<RetentionPath>(), watch.Elapsed, e.GetType().Name + ": " + e.Message);
        }
    }
}
