using System;
using System.Linq;
using Koupleless.Testing.Retention;

namespace Koupleless.Testing;

/// <summary>
/// This assembly run as a process: the retention helper that attaches to a test (or `koupleless verify`) process
/// (ClrMD cannot attach to the process it runs in). Not a user command.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ExplainerProcess.Verb)
        {
            return ExplainerProcess.RunHelper(args.Skip(1).ToList());
        }

        Console.Error.WriteLine($"Koupleless.Testing is a library; run as a process it only serves '{ExplainerProcess.Verb}'.");
        return 2;
    }
}
