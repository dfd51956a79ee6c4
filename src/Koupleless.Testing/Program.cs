using System;
using System.Linq;
using Koupleless.Testing.Hosting;
using Koupleless.Testing.Retention;

namespace Koupleless.Testing;

/// <summary>
/// This assembly run as a process: the retention helper that attaches to a test (or `koupleless verify`) process
/// (ClrMD cannot attach to the process it runs in), and the host process of `koupleless verify`. Not a user command.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case ExplainerProcess.Verb:
                return ExplainerProcess.RunHelper(args.Skip(1).ToList());
            case VerifyHost.Verb:
                return VerifyHost.Run(args.Skip(1).ToList());
        }

        Console.Error.WriteLine($"Koupleless.Testing is a library; run as a process it only serves '{ExplainerProcess.Verb}' and '{VerifyHost.Verb}'.");
        return 2;
    }
}
