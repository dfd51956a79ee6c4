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
}
