namespace Koupleless.Cli;

internal static class Program
{
    // Placeholder entry point: the scanner issue builds the commands.
    private static int Main(string[] args) => 0;
}
