using System;
using System.Collections.Generic;

namespace Koupleless.Testing.CrossTalk;

/// <summary>Captures process-wide state before and after each copy runs, in the order the copies ran.</summary>
internal sealed class ProcessStateWatch
{
    private readonly IReadOnlyCollection<string> _ignoredVariables;
    private readonly List<CopyRun> _runs = new();

    public ProcessStateWatch(IReadOnlyCollection<string> ignoredVariables) => _ignoredVariables = ignoredVariables;

    public void Around(ModuleCopy copy, Action run, IReadOnlyCollection<ModuleCopy> allCopies)
    {
        var before = ProcessState.Capture(allCopies, _ignoredVariables);
        try
        {
            run();
        }
        finally
        {
            _runs.Add(new CopyRun(copy.Name, before, ProcessState.Capture(allCopies, _ignoredVariables)));
        }
    }

    public CrossTalkReport Report() => CrossTalkReport.From(_runs);
}

/// <summary>The state before and after one run of one copy.</summary>
internal sealed record CopyRun(string Copy, IReadOnlyDictionary<string, string> Before, IReadOnlyDictionary<string, string> After);
