using System.Collections.Generic;

namespace Koupleless.Cli.Commands;

/// <summary>Every sub-command of the tool, in help order.</summary>
public static class CommandRegistry
{
    public static readonly IReadOnlyList<ICliCommand> All = new ICliCommand[]
    {
        new ScanCommand(),
        new FixCommand(),
        new PackagesCommand(),
        new MergeCommand(),
        new VerifyCommand(),
    };
}
