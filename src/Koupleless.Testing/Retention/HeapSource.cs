using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>
/// Opens a process's managed heap with ClrMD: a snapshot (the runtime writes a core dump through its diagnostics
/// port, ClrMD reads it; the only way for the process itself) or a live attach (another process, suspended while read).
/// docs/testing.md has the measured cost of each: attaching is the faster.
/// </summary>
internal static class HeapSource
{
    public static DataTarget Snapshot(int processId) => DataTarget.CreateSnapshotAndAttach(processId);

    public static DataTarget Attach(int processId) => DataTarget.AttachToProcess(processId, suspend: true);

    /// <summary>
    /// The runtime of the target, read with the DAC of the runtime this process runs on when the target is on the same
    /// one (the kit's snapshot, verify's child): a core dump from createdump carries no version resource for ClrMD to
    /// match the DAC against, so the match is ours to make.
    /// </summary>
    public static ClrRuntime Runtime(DataTarget target)
    {
        var clr = target.ClrVersions.Length > 0
            ? target.ClrVersions[0]
            : throw new InvalidOperationException("no .NET runtime found in the target");
        var localDac = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), DacFileName());
        return File.Exists(localDac) ? clr.CreateRuntime(localDac, ignoreMismatch: true) : clr.CreateRuntime();
    }

    private static string DacFileName()
        => OperatingSystem.IsWindows() ? "mscordaccore.dll" : OperatingSystem.IsMacOS() ? "libmscordaccore.dylib" : "libmscordaccore.so";
}
