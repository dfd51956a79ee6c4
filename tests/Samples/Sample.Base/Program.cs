using System;
using System.Threading;
using Sample.Shared;

namespace Sample.Base;

internal static class Program
{
    private static int Main(string[] args)
    {
        // The base owns process-wide settings; the rules still flag them so the choice is explicit.
        ThreadPool.SetMinThreads(16, 16);
        JsonDefaults.UseCamelCase();

        var host = new ModuleHost();
        if (args.Length > 0)
        {
            host.Install(args[0]);
            PlatformEvents.RaiseConfigurationChanged("orders:enabled");
            host.Uninstall();
        }

        return 0;
    }
}
