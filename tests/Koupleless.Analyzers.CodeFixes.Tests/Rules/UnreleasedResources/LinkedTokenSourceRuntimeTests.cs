using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures <c>CancellationTokenSource.CreateLinkedTokenSource(baseToken)</c> at run time, for KPL3005: the base's token
/// source (created here, in the default context, and kept alive by the test like a host's lifetime tokens) is handed to a
/// module that links a source to it and never disposes that source. The base token's registration list then holds the
/// linked source; what decides is whether the linked source holds module code.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class LinkedTokenSourceRuntimeTests
{
    private const string LinkedModule = """
        using System;
        using System.Runtime.Loader;
        using System.Threading;

        namespace Module
        {
            public sealed class Widget { }

            public static class Entry
            {
                private static CancellationTokenSource? _linked;

                public static string Run(CancellationToken baseToken, string variant)
                {
                    switch (variant)
                    {
                        case "stored":
                            _linked = CancellationTokenSource.CreateLinkedTokenSource(baseToken);
                            break;
                        case "dropped":
                            CancellationTokenSource.CreateLinkedTokenSource(baseToken);
                            break;
                        case "stored+callback":
                            _linked = CancellationTokenSource.CreateLinkedTokenSource(baseToken);
                            _linked.Token.Register(() => Console.WriteLine("cancelled"));
                            break;
                        case "dropped+state":
                            CancellationTokenSource.CreateLinkedTokenSource(baseToken).Token.Register(_ => { }, new Widget());
                            break;
                        case "stored+callback, disposed on Unloading":
                            _linked = CancellationTokenSource.CreateLinkedTokenSource(baseToken);
                            _linked.Token.Register(() => Console.WriteLine("cancelled"));
                            AssemblyLoadContext.GetLoadContext(typeof(Entry).Assembly)!.Unloading += _ => _linked.Dispose();
                            break;
                    }

                    return "linked";
                }
            }
        }
        """;

    [Theory]
    [InlineData("stored", true)]
    [InlineData("dropped", true)]
    [InlineData("stored+callback", false)]
    [InlineData("dropped+state", false)]
    [InlineData("stored+callback, disposed on Unloading", true)]
    public void An_undisposed_linked_source_over_a_base_token_keeps_the_module_only_when_it_holds_module_code(string variant, bool collected)
    {
        using var baseSource = new CancellationTokenSource();
        var image = ModuleRuntime.Compile("Module", new[] { LinkedModule });
        var context = ModuleRuntime.LoadRunAndUnload(image, "linked", new object?[] { baseSource.Token, variant });
        Assert.Equal(collected, ModuleRuntime.IsCollected(context, rounds: 30));
        GC.KeepAlive(baseSource);
    }

    /// <summary>
    /// The rule's case end to end: the module links a source to the host's ApplicationStopping token and registers a
    /// callback on it. IHostApplicationLifetime is declared in the module source (same namespace and name, which is how the
    /// analyzer recognises it) and implemented over the test host's token, so the token's source is in the default context.
    /// </summary>
    private const string HostLinkedModule = """
        using System;
        using System.Threading;

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostApplicationLifetime
            {
                CancellationToken ApplicationStarted { get; }
                CancellationToken ApplicationStopping { get; }
                CancellationToken ApplicationStopped { get; }
                void StopApplication();
            }
        }

        namespace Module
        {
            using Microsoft.Extensions.Hosting;

            sealed class BaseLifetime : IHostApplicationLifetime
            {
                public BaseLifetime(CancellationToken stopping) => ApplicationStopping = stopping;
                public CancellationToken ApplicationStarted => default;
                public CancellationToken ApplicationStopping { get; }
                public CancellationToken ApplicationStopped => default;
                public void StopApplication() { }
            }

            public static class Entry
            {
                private static CancellationTokenSource? _linked;

                public static string Run(CancellationToken baseToken)
                {
                    IHostApplicationLifetime lifetime = new BaseLifetime(baseToken);
                    _linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
                    _linked.Token.Register(() => Console.WriteLine("stopping"));
                    return "linked";
                }
            }
        }
        """;

    [Fact]
    public async Task A_callback_on_a_source_linked_to_the_host_token_is_reported_and_the_fix_lets_the_module_unload()
    {
        using var baseSource = new CancellationTokenSource();
        var unfixed = await ModuleRuntime.BuildAsync(HostLinkedModule, new UndisposedListenerRegistrationAnalyzer());
        Assert.Single(unfixed.Diagnostics);
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(unfixed.Image, "linked", new object?[] { baseSource.Token }), rounds: 30),
            "the callback on the linked source did not keep the module: the rule would be a false positive");

        var fixedBuild = await ModuleRuntime.BuildAsync(HostLinkedModule, new UndisposedListenerRegistrationAnalyzer(), new UndisposedListenerRegistrationFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(fixedBuild.Image, "linked", new object?[] { baseSource.Token }), rounds: 30),
            "disposing the registration on Unloading did not let the module unload");
        GC.KeepAlive(baseSource);
    }

    /// <summary>A module that registers a callback on a base token and keeps the registration, never disposed.</summary>
    private const string RegisteringModule = """
        using System;
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                private static CancellationTokenRegistration _registration;

                public static string Run(CancellationToken baseToken)
                {
                    _registration = baseToken.Register(() => Console.WriteLine("started"));
                    return "registered";
                }
            }
        }
        """;

    /// <summary>
    /// Why KPL3005 does not report <c>ApplicationStarted</c>: the host cancels it once it has started, and a canceled
    /// token keeps no registration — one made after the cancel runs at once, one made before is dropped by the cancel.
    /// A token that is never canceled (ApplicationStopping and ApplicationStopped while the base runs) keeps the module.
    /// </summary>
    [Theory]
    [InlineData("canceled before the module registers", true)]
    [InlineData("canceled after the module registered and unloaded", true)]
    [InlineData("never canceled", false)]
    public void A_registration_on_a_base_token_keeps_the_module_only_until_the_token_is_canceled(string when, bool collected)
    {
        using var baseSource = new CancellationTokenSource();
        if (when.StartsWith("canceled before", StringComparison.Ordinal))
        {
            baseSource.Cancel();
        }

        var image = ModuleRuntime.Compile("Module", new[] { RegisteringModule });
        var context = ModuleRuntime.LoadRunAndUnload(image, "registered", new object?[] { baseSource.Token });
        if (when.StartsWith("canceled after", StringComparison.Ordinal))
        {
            baseSource.Cancel();
        }

        Assert.Equal(collected, ModuleRuntime.IsCollected(context, rounds: 30));
        GC.KeepAlive(baseSource);
    }
}
