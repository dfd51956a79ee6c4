using System;
using Koupleless.Testing.CrossTalk;

namespace Koupleless.Testing;

/// <summary>A copy of the module changed process-wide state (and a later copy ran with it).</summary>
public sealed class CrossTalkException : Exception
{
    public CrossTalkException(CrossTalkReport report)
        : base("The copies changed process-wide state:" + Environment.NewLine + report.Format()) => Report = report;

    public CrossTalkReport Report { get; }
}
