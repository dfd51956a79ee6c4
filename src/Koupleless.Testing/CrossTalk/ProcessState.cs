using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime;
using System.Threading;

namespace Koupleless.Testing.CrossTalk;

/// <summary>
/// The process-wide state the taxonomy names (DESIGN.md, KPL1003 and KPL1005), read into text: environment variables,
/// current directory, default and current cultures, Console.Out/Error/In, AppContext switches and data, Trace
/// listeners, thread-pool minimums, GC latency mode, and the catalog's library singletons present in the default
/// context. Objects are described, never kept: a snapshot holding a module's writer would itself pin the module.
/// </summary>
internal static class ProcessState
{
    /// <summary>How a library singleton of the catalog (KPL1005) is named; every other key is KPL1003's process-wide state.</summary>
    public const string LibrarySingletonPrefix = "library singleton ";

    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public;

    public static IReadOnlyDictionary<string, string> Capture(IReadOnlyCollection<ModuleCopy> copies, IReadOnlyCollection<string> ignoredVariables)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (!ignoredVariables.Contains(name, StringComparer.Ordinal))
            {
                state["environment variable " + name] = (string?)variable.Value ?? "";
            }
        }

        state["current directory"] = Directory.GetCurrentDirectory();
        state["CultureInfo.DefaultThreadCurrentCulture"] = CultureInfo.DefaultThreadCurrentCulture?.Name ?? "(not set)";
        state["CultureInfo.DefaultThreadCurrentUICulture"] = CultureInfo.DefaultThreadCurrentUICulture?.Name ?? "(not set)";
        state["CultureInfo.CurrentCulture of the calling thread"] = CultureInfo.CurrentCulture.Name;
        state["Console.Out"] = Describe(Unwrapped(Console.Out), copies);
        state["Console.Error"] = Describe(Unwrapped(Console.Error), copies);
        state["Console.In"] = Describe(Unwrapped(Console.In), copies);
        state["Trace.Listeners"] = string.Join(", ", System.Diagnostics.Trace.Listeners.Cast<object>().Select(l => Describe(l, copies)));
        ThreadPool.GetMinThreads(out var workers, out var io);
        state["ThreadPool minimum threads"] = $"{workers} workers, {io} I/O";
        state["GCSettings.LatencyMode"] = GCSettings.LatencyMode.ToString();
        foreach (var (key, value) in PrivateDictionary(typeof(AppContext), "s_switches"))
        {
            state["AppContext switch " + key] = Describe(value, copies);
        }

        foreach (var (key, value) in PrivateDictionary(typeof(AppContext), "s_dataStore"))
        {
            state["AppContext data " + key] = Describe(value, copies);
        }

        foreach (var singleton in CatalogSingletons.Present())
        {
            state[LibrarySingletonPrefix + singleton.Name] = Describe(singleton.Read(), copies);
        }

        return state;
    }

    /// <summary>A value as text, with the copy that owns it when it is (or calls into) a module object.</summary>
    public static string Describe(object? value, IReadOnlyCollection<ModuleCopy> copies)
    {
        if (value is null)
        {
            return "null";
        }

        var text = value switch
        {
            string s => s.Length > 200 ? s[..200] + "…" : s,
            bool or int or long or Enum => value.ToString()!,
            Delegate d => $"delegate {d.Method.DeclaringType?.FullName}.{d.Method.Name}",
            _ => value.GetType().FullName ?? value.GetType().Name,
        };
        var owner = copies.FirstOrDefault(c => c.Owns(value) || (value is Delegate d && (c.Owns(d.Target) || OwnsType(c, d.Method.DeclaringType))));
        return owner is null ? text : $"{text} (of {owner.Name})";
    }

    private static bool OwnsType(ModuleCopy copy, Type? type)
        => type is not null && copy.Context is { } context && System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(type.Assembly) == context;

    /// <summary>Console.SetOut wraps the writer in a synchronized one: what the module installed is inside.</summary>
    private static object Unwrapped(object writer)
        => writer.GetType().Name.StartsWith("Sync", StringComparison.Ordinal)
            && writer.GetType().GetField("_out", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(writer) is { } inner
            ? inner
            : writer;

    /// <summary>AppContext keeps switches and data in private dictionaries (no public enumeration): read them as they are.</summary>
    private static IEnumerable<(string Key, object? Value)> PrivateDictionary(Type type, string field)
    {
        if (type.GetField(field, AnyStatic)?.GetValue(null) is not IDictionary dictionary)
        {
            return Array.Empty<(string, object?)>();
        }

        var entries = new List<(string, object?)>();
        lock (dictionary)
        {
            for (var entry = dictionary.GetEnumerator(); entry.MoveNext();)
            {
                entries.Add((entry.Key.ToString()!, entry.Value));
            }
        }

        return entries;
    }
}
