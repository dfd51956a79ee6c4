using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>KPL1003: mutation of process-wide runtime state, in every role; reads are never reported.</summary>
public sealed class ProcessGlobalStateMutationTests
{
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Mutations_are_reported_in_every_role(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;

        class Startup
        {
            void Configure(TextWriter writer)
            {
                {|KPL1003:Environment.SetEnvironmentVariable|}("MODE", "fast");
                {|KPL1003:Directory.SetCurrentDirectory|}("/tmp");
                {|KPL1003:Environment.CurrentDirectory|} = "/tmp";
                {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = new CultureInfo("fr-FR");
                {|KPL1003:CultureInfo.DefaultThreadCurrentUICulture|} = CultureInfo.InvariantCulture;
                {|KPL1003:Console.SetOut|}(writer);
                {|KPL1003:AppContext.SetSwitch|}("Switch.Name", true);
                {|KPL1003:AppDomain.CurrentDomain.SetData|}("key", 1);
                {|KPL1003:System.Threading.ThreadPool.SetMinThreads|}(4, 4);
                {|KPL1003:System.Runtime.GCSettings.LatencyMode|} = System.Runtime.GCLatencyMode.Batch;
                {|KPL1003:Trace.Listeners.Add|}(new ConsoleTraceListener());
                {|KPL1003:Trace.Listeners.Clear|}();
            }
        }
        """).InRole(role).RunAsync();

    /// <summary>
    /// The framework's code-pages provider registered by code the base runs once for every module (a Shared library, the
    /// base) is what the rule asks for; a module's copy registering it changes every module's encodings, and a provider
    /// of the code's own is reported in every role (BaseCodePagesRegistration).
    /// </summary>
    [Theory]
    [InlineData("Module", true)]
    [InlineData("Shared", false)]
    [InlineData("Base", false)]
    public Task The_code_pages_provider_is_reported_only_in_module_code(string role, bool reported) => AnalyzerSpec<CatalogHazardAnalyzer>.For($$"""
        using System.Text;

        class Encodings
        {
            void Register(EncodingProvider own)
            {
                {{(reported ? "{|KPL1003:Encoding.RegisterProvider|}" : "Encoding.RegisterProvider")}}(CodePagesEncodingProvider.Instance);
                {|KPL1003:Encoding.RegisterProvider|}(own);
            }
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task Reads_of_process_state_are_not_reported() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Globalization;
        using System.IO;

        class Reader
        {
            string Read()
            {
                var mode = Environment.GetEnvironmentVariable("MODE");
                var directory = Environment.CurrentDirectory + Directory.GetCurrentDirectory();
                var culture = CultureInfo.DefaultThreadCurrentCulture ?? CultureInfo.GetCultureInfo("en-US");
                AppContext.TryGetSwitch("Switch.Name", out var enabled);
                CultureInfo.CurrentCulture = culture; // flows with the async context: not process-wide
                return mode + directory + enabled + Console.Out.Encoding.WebName;
            }
        }
        """).InRole("Shared").RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task More_process_wide_writes_are_reported_in_every_role(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Net;
        using System.Net.Http;
        using System.Text;

        class Startup
        {
            void Configure(TextWriter writer, TextReader reader, TraceListener listener, TraceListener[] listeners, IWebProxy proxy, EncodingProvider provider, IWebRequestCreate creator)
            {
                {|KPL1003:System.Text.RegularExpressions.Regex.CacheSize|} = 100;
                {|KPL1003:WebRequest.RegisterPrefix|}("corp:", creator);
                {|KPL1003:System.Security.Cryptography.CryptoConfig.AddAlgorithm|}(typeof(Startup), "CorpHash");
                {|KPL1003:System.Security.Cryptography.CryptoConfig.AddOID|}("1.2.3.4", "CorpHash");
                {|KPL1003:Environment.SetEnvironmentVariable|}("MODE", "fast", EnvironmentVariableTarget.Process);
                {|KPL1003:Console.SetError|}(writer);
                {|KPL1003:Console.SetIn|}(reader);
                {|KPL1003:Console.OutputEncoding|} = Encoding.UTF8;
                {|KPL1003:Console.TreatControlCAsInput|} = true;
                {|KPL1003:AppContext.SetData|}("key", 1);
                {|KPL1003:System.Threading.ThreadPool.SetMaxThreads|}(64, 64);
                {|KPL1003:System.Runtime.GCSettings.LargeObjectHeapCompactionMode|} = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                {|KPL1003:Trace.Listeners.AddRange|}(listeners);
                {|KPL1003:Trace.Listeners.Insert|}(0, listener);
                {|KPL1003:Trace.Listeners.Remove|}(listener);
                {|KPL1003:Trace.AutoFlush|} = true;
                {|KPL1003:ServicePointManager.SecurityProtocol|} = SecurityProtocolType.Tls12;
                {|KPL1003:ServicePointManager.DefaultConnectionLimit|} = 10;
                {|KPL1003:ServicePointManager.ServerCertificateValidationCallback|} += (_, _, _, _) => true;
                {|KPL1003:HttpClient.DefaultProxy|} = proxy;
                {|KPL1003:Encoding.RegisterProvider|}(provider);
                {|KPL1003:Environment.ExitCode|} = 3;
                {|KPL1003:Activity.DefaultIdFormat|} = ActivityIdFormat.W3C;
                {|KPL1003:Activity.ForceDefaultIdFormat|} = true;
                {|KPL1003:AppDomain.CurrentDomain.SetPrincipalPolicy|}(System.Security.Principal.PrincipalPolicy.NoPrincipal);
                var processListeners = Trace.Listeners;
                {|KPL1003:processListeners.Add|}(listener);
                var domain = AppDomain.CurrentDomain;
                {|KPL1003:domain.SetData|}("key", 2);
            }
        }
        """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Reads_and_private_instances_are_not_reported_in_any_role(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Diagnostics;
        using System.Globalization;
        using System.Net;
        using System.Net.Http;

        class Reader
        {
            private readonly TraceSource _source = new TraceSource("module");

            string Read(TraceListener listener)
            {
                var home = Environment.GetEnvironmentVariable("HOME");
                var all = Environment.GetEnvironmentVariables();
                var culture = CultureInfo.GetCultureInfo("en-US");
                var ui = CultureInfo.DefaultThreadCurrentUICulture;
                var protocol = ServicePointManager.SecurityProtocol;
                var proxy = HttpClient.DefaultProxy;
                var exitCode = Environment.ExitCode;
                var latency = System.Runtime.GCSettings.LatencyMode;
                var count = Trace.Listeners.Count;
                System.Threading.ThreadPool.GetMinThreads(out var workers, out var io);

                // A TraceSource's own listeners belong to whoever created the source, not to the process.
                _source.Listeners.Add(listener);
                new TraceSource("other").Listeners.Clear();
                CultureInfo.CurrentUICulture = culture;

                return home + all.Count + ui + protocol + proxy + exitCode + latency + count + workers + io;
            }
        }
        """).InRole(role).RunAsync();

    /// <summary>
    /// Putting back the value the code read from the same state before changing it adds no change: the set stays reported,
    /// the restore does not (Terminal.Gui's restore in <c>finally</c>, DotNext's latency-mode scope: noise on released
    /// packages). A different key, a value computed from the read, or a field others can write keeps the finding.
    /// </summary>
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task Putting_back_a_saved_value_is_not_reported(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.IO;
        using System.Runtime;

        class Render
        {
            void Run(TextWriter writer, string dir)
            {
                var saved = Environment.GetEnvironmentVariable("QUIET");
                var cwd = Directory.GetCurrentDirectory();
                var output = Console.Out;
                try
                {
                    {|KPL1003:Environment.SetEnvironmentVariable|}("QUIET", "1");
                    {|KPL1003:Directory.SetCurrentDirectory|}(dir);
                    {|KPL1003:Console.SetOut|}(writer);
                }
                finally
                {
                    Environment.SetEnvironmentVariable("QUIET", saved);
                    Directory.SetCurrentDirectory(cwd);
                    Console.SetOut(output);
                    {|KPL1003:Environment.SetEnvironmentVariable|}("LOUD", saved);
                    {|KPL1003:Environment.SetEnvironmentVariable|}("QUIET", saved + "!");
                }
            }
        }

        sealed class LatencyScope : IDisposable
        {
            private readonly GCLatencyMode? _previous = GCSettings.LatencyMode;
            internal GCLatencyMode Shared = GCSettings.LatencyMode;

            public LatencyScope(GCLatencyMode mode) => {|KPL1003:GCSettings.LatencyMode|} = mode;

            public void Dispose()
            {
                GCSettings.LatencyMode = _previous.GetValueOrDefault();
                {|KPL1003:GCSettings.LatencyMode|} = Shared;
            }
        }
        """).InRole(role).RunAsync();
}
