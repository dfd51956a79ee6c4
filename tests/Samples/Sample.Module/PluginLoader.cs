using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Newtonsoft.Json;

namespace Sample.Module;

/// <summary>Family 2: context switching — look-ups that answer for the wrong load context.</summary>
public sealed class PluginLoader
{
    public Assembly LoadExtension(string fileName)
    {
        // The host's directory, not the module's.
        var path = Path.Combine(AppContext.BaseDirectory, "extensions", fileName);

        // Loads into the default context: a second, non-unloadable copy with split type identity.
        return Assembly.LoadFrom(path);
    }

    public Assembly LoadPatched(byte[] image, string path)
    {
        // Each loads into a new anonymous, non-collectible context.
        var fromFile = Assembly.LoadFile(path);
        return fromFile.GetName().Version is null ? fromFile : Assembly.Load(image);
    }

    public string DescribeHost()
    {
        // The base's entry assembly and every module's copies, not this module's.
        var entry = Assembly.GetEntryAssembly()?.GetName().Name ?? "?";
        var count = AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == "Sample.Module");
        return entry + " hosts " + count + " copies";
    }

    public object? ReadMessage(string json)
    {
        // With Newtonsoft.Json shared, the type named in the payload may bind to another module's copy.
        return JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All });
    }

    public void ProcessInBackground(Action work)
    {
        // The unsafe variant drops the execution context: the base's contextual-reflection scope is lost.
        ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null);
    }
}
