using System;
using System.Reflection;
using Serilog;
using Serilog.Core;

namespace Koupleless.Adapters.Serilog;

/// <summary>
/// A module's own Serilog logger when the base shares Serilog. A module that assigns the static <c>Log.Logger</c> takes
/// every other module's <c>Log.Information</c> into its sinks (DESIGN.md) and, with a sink of its own, stays loaded after
/// it unloads (ModuleLogTests); a logger of the module's own, disposed on unload, flushes its sinks and lets it go.
/// </summary>
public static class ModuleLog
{
    /// <summary>
    /// Builds the module's logger from <paramref name="configure"/> and disposes it (flushing its sinks) when
    /// <paramref name="moduleAssembly"/>'s context unloads. Never touches <c>Log.Logger</c>: the base owns it. In the
    /// base's own (non-collectible) code the logger is returned undisposed; the caller owns it.
    /// </summary>
    /// <param name="moduleAssembly">The module's assembly, usually <c>typeof(SomeModuleType).Assembly</c>.</param>
    /// <param name="configure">Adds the module's sinks and enrichers, e.g. <c>c =&gt; c.WriteTo.Sink(sink)</c>.</param>
    public static ILogger Create(Assembly moduleAssembly, Action<LoggerConfiguration> configure)
    {
        if (moduleAssembly is null)
        {
            throw new ArgumentNullException(nameof(moduleAssembly));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var configuration = new LoggerConfiguration();
        configure(configuration);
        Logger logger = configuration.CreateLogger();
        ModuleUnload.Register(moduleAssembly, logger.Dispose);
        return logger;
    }
}
