using System;
using System.CommandLine;
using System.Threading.Tasks;
using Koupleless.Cli.Commands;

namespace Koupleless.Cli;

public static class Program
{
    // Main mentions no MSBuild or MSBuildWorkspace type: commands register MSBuild (Microsoft.Build.Locator)
    // before the first method that does is compiled.
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, System.IO.TextWriter stdout, System.IO.TextWriter stderr)
    {
        var root = BuildRootCommand();
        var parseResult = root.Parse(args);

        // System.CommandLine reports parse errors with exit code 1, which CI must not confuse with "findings".
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                stderr.WriteLine($"koupleless: {error.Message}");
            }

            stderr.WriteLine("Run 'koupleless --help' for usage.");
            return ExitCodes.UsageError;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parseResult.InvokeAsync(configuration).ConfigureAwait(false);
    }

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Koupleless scanner: finds code that breaks when it runs as a hot-swappable module in its own collectible AssemblyLoadContext.");
        foreach (var command in CommandRegistry.All)
        {
            root.Subcommands.Add(command.Create());
        }

        return root;
    }
}
