using System.CommandLine;

namespace Koupleless.Cli.Commands;

/// <summary>
/// One `koupleless` sub-command. To add a command: write a class implementing this in Commands/ and add one line
/// to <see cref="CommandRegistry.All"/>.
/// </summary>
public interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command with its options and action (the action returns an exit code).</summary>
    Command Create();
}
