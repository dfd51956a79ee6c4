using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3005 on the host's lifetime tokens: a module that builds its own host (real apps do, in Program.Main, then
/// register on the lifetime in Startup.Configure) owns that lifetime, so its registrations go with it.
/// </summary>
public sealed class OwnHostLifetimeTests
{
    private const string Startup = """
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        class Startup
        {
            public void Configure(IHostApplicationLifetime lifetime)
            {
                lifetime.ApplicationStopped.Register(OnStopped);
                lifetime.ApplicationStopping.Register(OnStopping);
            }

            void OnStopped() { }
            void OnStopping() { }
        }
        """;

    [Theory]
    [InlineData("Host.CreateDefaultBuilder(args).Build().Run();")]
    [InlineData("Host.CreateApplicationBuilder(args).Build().Run();")]
    [InlineData("new HostBuilder().Build().Run();")]
    [InlineData("var builder = new Microsoft.Extensions.Hosting.HostBuilder(); builder.Build().Run();")]
    public Task Registrations_on_the_lifetime_of_a_host_the_module_builds_are_not_reported(string main)
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Startup + $$"""

        static class Program
        {
            static void Main(string[] args) { {{main}} }
        }
        """).WithReferences(TestReferences.HostingAbstractions8, TestReferences.Hosting8).InRole("Module").RunAsync();

    [Fact]
    public Task A_web_application_the_module_builds_owns_its_lifetime_too()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Startup + """

        namespace Microsoft.AspNetCore.Builder
        {
            public sealed class WebApplication
            {
                public static object CreateBuilder(string[] args) => new object();
            }
        }

        static class Program
        {
            static void Main(string[] args) => Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
        }
        """).WithReferences(TestReferences.HostingAbstractions8).InRole("Module").RunAsync();

    [Fact]
    public Task A_method_of_the_same_name_elsewhere_is_not_a_host_so_the_registrations_are_reported()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Startup.Replace(
                "lifetime.ApplicationStopped.Register(OnStopped);", "{|#0:lifetime.ApplicationStopped.Register(OnStopped)|};")
            .Replace("lifetime.ApplicationStopping.Register(OnStopping);", "{|#1:lifetime.ApplicationStopping.Register(OnStopping)|};") + """

        static class Host
        {
            public static object CreateDefaultBuilder(string[] args) => new object();
        }

        static class Program
        {
            static void Main(string[] args) => Host.CreateDefaultBuilder(args);
        }
        """)
        .WithReferences(TestReferences.HostingAbstractions8, TestReferences.Hosting8)
        .Expect(
            AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(0),
            AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(1))
        .InRole("Module").RunAsync();

    /// <summary>A class library of a module (or a package it loads) builds no host; the module's projects say whose it is.</summary>
    [Fact]
    public Task A_library_of_a_module_declared_to_own_its_host_registers_on_that_host()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Startup)
            .WithReferences(TestReferences.HostingAbstractions8).InRole("Module").WithModuleHost("Own").RunAsync();

    [Fact]
    public Task A_library_of_a_module_that_declares_nothing_is_still_reported()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(StartupWithMarkers)
            .WithReferences(TestReferences.HostingAbstractions8)
            .Expect(
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(0),
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(1))
            .InRole("Module").RunAsync();

    /// <summary>Base: the base hands its lifetime to the module, whatever host the module's code also builds.</summary>
    [Fact]
    public Task A_module_declared_to_run_under_the_base_host_is_reported_even_when_it_builds_a_host()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(StartupWithMarkers + """

        static class Program
        {
            static void Main(string[] args) => Host.CreateDefaultBuilder(args).Build().Run();
        }
        """)
            .WithReferences(TestReferences.HostingAbstractions8, TestReferences.Hosting8)
            .Expect(
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(0),
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(1))
            .InRole("Module").WithModuleHost("Base").RunAsync();

    private const string Reloads = """
        using System;
        using Microsoft.Extensions.Primitives;

        interface ISettings { IChangeToken GetReloadToken(); ISettings GetSection(string name); }

        static class SharedSettings
        {
            public static ISettings Current = null!;
        }

        class Reloads
        {
            private readonly ISettings _settings;

            public Reloads(ISettings settings) => _settings = settings;

            public void Watch(ISettings given)
            {
                var section = given.GetSection("Logging");
                ChangeToken.OnChange(section.GetReloadToken, Reload);
                ChangeToken.OnChange(() => _settings.GetReloadToken(), Reload);
                {|#0:ChangeToken.OnChange(SharedSettings.Current.GetReloadToken, Reload)|};
                {|#1:ChangeToken.OnChange(() => SharedSettings.Current.GetSection("Logging").GetReloadToken(), Reload)|};
            }

            void Reload() { }
        }
        """;

    /// <summary>
    /// ChangeToken.OnChange in a module that owns its host: a producer reached through instances (the configuration the
    /// host gives, a section of it) is the module's; one read from a static member may be the base's or a shared library's.
    /// </summary>
    [Fact]
    public Task Change_tokens_of_the_module_own_configuration_are_not_reported_but_static_producers_are()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Reloads)
            .WithReferences(TestReferences.ExtensionsPrimitives8)
            .Expect(
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(0),
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(1))
            .InRole("Module").WithModuleHost("Own").RunAsync();

    [Fact]
    public Task Change_tokens_are_all_reported_when_the_host_is_not_known_to_be_the_module_own()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Reloads
                .Replace("ChangeToken.OnChange(section.GetReloadToken, Reload);", "{|#2:ChangeToken.OnChange(section.GetReloadToken, Reload)|};")
                .Replace("ChangeToken.OnChange(() => _settings.GetReloadToken(), Reload);", "{|#3:ChangeToken.OnChange(() => _settings.GetReloadToken(), Reload)|};"))
            .WithReferences(TestReferences.ExtensionsPrimitives8)
            .Expect(
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(0),
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(1),
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(2),
                AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(3))
            .InRole("Module").RunAsync();

    [Fact]
    public Task Half_typed_change_token_registrations_do_not_throw()
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
            using System;
            using Microsoft.Extensions.Primitives;

            class Broken
            {
                void Watch()
                {
                    ChangeToken.OnChange(;
                    ChangeToken.OnChange();
                    ChangeToken.OnChange(Missing, () => { });
                    ChangeToken.OnChange(changeTokenProducer: null!, changeTokenConsumer: () => { });
                    ChangeToken.OnChange(consumer: () => { }, producer: Unknown.Token);
                }
            }
            """).WithReferences(TestReferences.ExtensionsPrimitives8).IgnoringCompilerDiagnostics()
            .InRole("Module").WithModuleHost("Own").RunAsync();

    private static readonly string StartupWithMarkers = Startup
        .Replace("lifetime.ApplicationStopped.Register(OnStopped);", "{|#0:lifetime.ApplicationStopped.Register(OnStopped)|};")
        .Replace("lifetime.ApplicationStopping.Register(OnStopping);", "{|#1:lifetime.ApplicationStopping.Register(OnStopping)|};");
}
