using System.Linq;
using Koupleless.Adapters.Tests;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Serilog;
using Xunit;

namespace Koupleless.Adapters.Serilog.Tests;

/// <summary>
/// Serilog shared by the base (this test process loads it in the default context) and a module loaded twice side by
/// side that logs through a sink of its own, then unloaded.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ModuleLogTests
{
    /// <summary>Sinks of module copies disposed so far (Serilog disposes a logger's sinks when the logger is disposed).</summary>
    public static int DisposedSinks;

    private const string LoggingModule = """
        using System.Collections.Generic;
        using Serilog;
        using Serilog.Core;
        using Serilog.Events;
        using Koupleless.Adapters.Serilog;

        namespace Module
        {
            public sealed class Collect : ILogEventSink, System.IDisposable
            {
                public readonly List<string> Lines = new List<string>();
                public void Emit(LogEvent logEvent) => Lines.Add(logEvent.RenderMessage());
                public void Dispose() => Koupleless.Adapters.Serilog.Tests.ModuleLogTests.DisposedSinks++;
            }

            public static class Entry
            {
                private static readonly Collect Sink = new Collect();
                private static ILogger? _log;

                public static string Run()
                {
                    LOGGER
                    _log.Information("hello from {Copy}", typeof(Entry).Assembly.GetHashCode());
                    return "logged";
                }

                // Whether this copy's sink saw exactly its own line (not the other copy's).
                public static bool Check() => Sink.Lines.Count == 1 && Sink.Lines[0] == "hello from " + typeof(Entry).Assembly.GetHashCode();
            }
        }
        """;

    private static string Module(string logger) => ModuleCopies.Compile(LoggingModule.Replace("LOGGER", logger), typeof(Log), typeof(ModuleLog), typeof(ModuleLogTests));

    [Fact]
    public void Without_the_adapter_a_module_that_assigns_Log_Logger_stays_loaded()
    {
        try
        {
            var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Module(
                "Log.Logger = new LoggerConfiguration().WriteTo.Sink(Sink).CreateLogger(); _log = Log.Logger;"), explainRetention: false);
            Assert.Equal(new object?[] { "logged", "logged", true, true }, results);
            Assert.False(unloaded.IsCollected, "the static Log.Logger did not keep a copy loaded");

        }
        finally
        {
            Log.CloseAndFlush();
            Log.Logger = global::Serilog.Core.Logger.None;
        }
    }

    [Fact]
    public void With_the_adapter_each_copy_logs_to_its_own_sink_flushed_on_unload_and_both_unload()
    {
        var before = Log.Logger;
        var disposed = DisposedSinks;
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("_log = ModuleLog.Create(typeof(Entry).Assembly, c => c.WriteTo.Sink(Sink));"));
        Assert.Equal(new object?[] { "logged", "logged", true, true }, results);
        Assert.Same(before, Log.Logger);
        Assert.Equal(disposed + 2, DisposedSinks);
        Assert.True(unloaded.IsCollected, "a copy stayed loaded although its logger was disposed on unload" + ": " + unloaded.Retention?.Format());
    }
}
