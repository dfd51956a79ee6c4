using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Koupleless.Testing.CrossTalk;
using Koupleless.Testing.Loading;
using Koupleless.Testing.Retention;

namespace Koupleless.Testing;

/// <summary>
/// A built module loaded N times side by side, each copy in its own collectible context with the shared assemblies in
/// the default one: run code in each copy, then unload and prove every copy went (docs/testing.md).
/// <code>
/// using var copies = ModuleCopies.Load("path/to/My.Module.dll");
/// copies.RunEach("My.Module.Startup.Start");
/// copies.UnloadAndAssertCollected();   // throws ModuleRetainedException with the retention path
/// </code>
/// </summary>
public sealed class ModuleCopies : IDisposable
{
    private readonly ModuleLoadOptions _options;
    private readonly CancellationTokenSource _baseLifetime = new();
    private readonly ProcessStateWatch _watch;
    private UnloadResult? _unloaded;

    private ModuleCopies(string modulePath, ModuleLoadOptions options)
    {
        ModulePath = modulePath;
        _options = options;
        _watch = new ProcessStateWatch(options.IgnoredEnvironmentVariables);
        var shared = options.Shared ?? SharedAssemblies.OfThisProcess();
        var name = Path.GetFileNameWithoutExtension(modulePath);
        Copies = Enumerable.Range(1, options.Copies)
            .Select(i => new ModuleCopy($"{name} #{i}", modulePath, shared, _baseLifetime.Token))
            .ToList();
    }

    public string ModulePath { get; }

    public IReadOnlyList<ModuleCopy> Copies { get; }

    /// <summary>
    /// The base's lifetime token, passed to entry parameters of type <see cref="CancellationToken"/>. Like a base's, it
    /// outlives the copies (it is cancelled on <see cref="Dispose"/>, after the unload check): a registration a module
    /// leaves on it keeps the module.
    /// </summary>
    public CancellationToken BaseLifetime => _baseLifetime.Token;

    /// <summary>What the copies changed process-wide so far, and which later copy ran with it.</summary>
    public CrossTalkReport CrossTalk => _watch.Report();

    /// <summary>Loads <paramref name="modulePath"/> (the module's main assembly; its deps.json beside it) N times.</summary>
    public static ModuleCopies Load(string modulePath, ModuleLoadOptions? options = null)
    {
        var full = Path.GetFullPath(modulePath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No module assembly at {full}: build the module first.", full);
        }

        return new ModuleCopies(full, options ?? new ModuleLoadOptions());
    }

    /// <summary>The main assembly of a project's build output: bin/{configuration}/{target framework}/{project name}.dll.</summary>
    public static string ProjectOutput(string projectFile, string configuration = "Debug")
    {
        var project = Path.GetFullPath(projectFile);
        var name = Path.GetFileNameWithoutExtension(project) + ".dll";
        var bin = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration);
        var found = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, name, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return found ?? throw new FileNotFoundException($"No {name} under {bin}: build {project} first.", Path.Combine(bin, name));
    }

    /// <summary>Calls "Namespace.Type.Method" in each copy, one copy after the other, watching process-wide state.</summary>
    public void RunEach(string entry, params object?[] arguments) => RunEach(copy => copy.Invoke(entry, arguments));

    /// <summary>Runs <paramref name="action"/> once per copy (inside its contextual-reflection scope), one after the other.</summary>
    public void RunEach(Action<ModuleCopy> action)
    {
        foreach (var copy in Copies)
        {
            _watch.Around(copy, () => copy.Run(_ => action(copy)), Copies);
        }
    }

    /// <summary>Unloads every copy and waits for the collector; explains what holds the copies that stay.</summary>
    public UnloadResult Unload()
    {
        if (_unloaded is not null)
        {
            return _unloaded;
        }

        var watch = Stopwatch.StartNew();
        var contexts = Copies.Select(c => (Copy: c, Context: c.StartUnload())).ToList();
        for (var round = 0; (round < _options.CollectionRounds || watch.Elapsed < _options.UnloadWait) && contexts.Any(c => c.Context.IsAlive); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(_options.CollectionPause);
        }

        var retained = contexts.Where(c => c.Context.IsAlive).Select(c => new CopyIdentity(c.Copy.Name, c.Copy.LoaderAllocator)).ToList();
        var unloadTime = watch.Elapsed;
        var retention = retained.Count > 0 && _options.ExplainRetention
            ? RetentionExplainer.ExplainThisProcess(ModulePath, retained)
            : null;
        _unloaded = new UnloadResult(retained.Select(c => c.Name).ToList(), unloadTime, retention);
        return _unloaded;
    }

    /// <summary>Unloads, and throws <see cref="ModuleRetainedException"/> naming the retention path when a copy stays.</summary>
    public void UnloadAndAssertCollected()
    {
        var result = Unload();
        if (!result.IsCollected)
        {
            throw new ModuleRetainedException(result);
        }
    }

    /// <summary>Throws <see cref="CrossTalkException"/> when a copy changed process-wide state.</summary>
    public void AssertNoCrossTalk()
    {
        var report = CrossTalk;
        if (report.Changes.Count > 0)
        {
            throw new CrossTalkException(report);
        }
    }

    public void Dispose()
    {
        Unload();
        _baseLifetime.Cancel();
        _baseLifetime.Dispose();
    }
}
