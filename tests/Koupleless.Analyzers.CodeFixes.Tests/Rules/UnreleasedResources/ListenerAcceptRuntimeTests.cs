using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3006's pending accepts at run time: a module starts a listener on 127.0.0.1 (port 0, or a free port for
/// HttpListener), leaves an accept pending with a module callback or an awaiting continuation, and is unloaded — before
/// and after the real code fix. An accept task nobody awaits carries no module code: it is not reported and unloads.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ListenerAcceptRuntimeTests
{
    private const string StaticListeners = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        namespace Module
        {
            public static class Entry
            {
                private static TcpListener? _tcpBegin;
                private static TcpListener? _tcpLoop;
                private static TcpListener? _tcpUnawaited;
                private static Socket? _socketBegin;
                private static Socket? _socketLoop;
                private static HttpListener? _httpBegin;
                private static HttpListener? _httpLoop;

                public static string Run(string variant, int port)
                {
                    switch (variant)
                    {
                        case "TcpListener.BeginAcceptTcpClient": TcpBegin(); break;
                        case "await TcpListener.AcceptTcpClientAsync": TcpLoop(); break;
                        case "TcpListener.AcceptTcpClientAsync, not awaited": TcpUnawaited(); break;
                        case "Socket.BeginAccept": SocketBegin(); break;
                        case "await Socket.AcceptAsync": SocketLoop(); break;
                        case "HttpListener.BeginGetContext": HttpBegin(port); break;
                        case "await HttpListener.GetContextAsync": HttpLoop(port); break;
                    }

                    return variant;
                }

                private static void OnAccept(IAsyncResult result) { }

                private static void TcpBegin()
                {
                    _tcpBegin = new TcpListener(IPAddress.Loopback, 0);
                    _tcpBegin.Start();
                    _tcpBegin.BeginAcceptTcpClient(OnAccept, null);
                }

                private static void TcpLoop()
                {
                    _tcpLoop = new TcpListener(IPAddress.Loopback, 0);
                    _tcpLoop.Start();
                    _ = TcpLoopAsync();
                }

                private static void TcpUnawaited()
                {
                    _tcpUnawaited = new TcpListener(IPAddress.Loopback, 0);
                    _tcpUnawaited.Start();
                    _ = _tcpUnawaited.AcceptTcpClientAsync();
                }

                private static void SocketBegin()
                {
                    _socketBegin = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    _socketBegin.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    _socketBegin.Listen(10);
                    _socketBegin.BeginAccept(OnAccept, null);
                }

                private static void SocketLoop()
                {
                    _socketLoop = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    _socketLoop.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    _socketLoop.Listen(10);
                    _ = SocketLoopAsync();
                }

                private static void HttpBegin(int port)
                {
                    _httpBegin = new HttpListener();
                    _httpBegin.Prefixes.Add($"http://127.0.0.1:{port}/");
                    _httpBegin.Start();
                    _httpBegin.BeginGetContext(OnAccept, null);
                }

                private static void HttpLoop(int port)
                {
                    _httpLoop = new HttpListener();
                    _httpLoop.Prefixes.Add($"http://127.0.0.1:{port}/");
                    _httpLoop.Start();
                    _ = HttpLoopAsync();
                }

                private static async Task TcpLoopAsync()
                {
                    while (true)
                    {
                        using var client = await _tcpLoop!.AcceptTcpClientAsync();
                    }
                }

                private static async Task SocketLoopAsync()
                {
                    while (true)
                    {
                        using var client = await _socketLoop!.AcceptAsync();
                    }
                }

                private static async Task HttpLoopAsync()
                {
                    while (true)
                    {
                        var context = await _httpLoop!.GetContextAsync();
                        context.Response.Close();
                    }
                }
            }
        }
        """;

    private const string OwnedListener = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.Loader;
        using System.Threading.Tasks;

        namespace Module
        {
            public sealed class Server
            {
                private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

                public async Task RunAsync()
                {
                    _listener.Start();
                    while (true)
                    {
                        using var client = await _listener.AcceptTcpClientAsync();
                    }
                }
            }

            public static class Entry
            {
                private static object? _server;

                public static string Run()
                {
                    var server = new Server();
                    _server = server;
                    _ = server.RunAsync();
                    // The host's shutdown: whatever the module owns and can dispose is disposed.
                    AssemblyLoadContext.GetLoadContext(typeof(Entry).Assembly)!.Unloading += _ => (_server as IDisposable)?.Dispose();
                    return "owned";
                }
            }
        }
        """;

    // Measured: a stopped listener's module goes within 3-4 rounds of 20 ms (120 runs); the bound is generous because the
    // aborted accept's callback or continuation must first run on the thread pool, which a loaded machine delays.
    private const int Rounds = 50;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    private static readonly string[] Pinning =
    {
        "TcpListener.BeginAcceptTcpClient",
        "await TcpListener.AcceptTcpClientAsync",
        "Socket.BeginAccept",
        "await Socket.AcceptAsync",
        "HttpListener.BeginGetContext",
        "await HttpListener.GetContextAsync",
    };

    [Theory]
    [InlineData("TcpListener.BeginAcceptTcpClient")]
    [InlineData("await TcpListener.AcceptTcpClientAsync")]
    [InlineData("Socket.BeginAccept")]
    [InlineData("await Socket.AcceptAsync")]
    [InlineData("HttpListener.BeginGetContext")]
    [InlineData("await HttpListener.GetContextAsync")]
    public async Task A_pending_accept_keeps_the_module_until_the_unload_fix_stops_its_listener(string variant)
    {
        var unfixed = await ModuleRuntime.BuildAsync(StaticListeners, new UnreleasedRuntimeCallbackAnalyzer());
        Assert.Equal(Pinning.Length, unfixed.Diagnostics.Length);
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(unfixed.Image, variant, new object?[] { variant, FreePort() }), rounds: Rounds, pause: Pause),
            $"{variant} did not keep the module: the rule would be a false positive");

        var fixedBuild = await ModuleRuntime.BuildAsync(StaticListeners, new UnreleasedRuntimeCallbackAnalyzer(), new UnreleasedRuntimeCallbackFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.Equal(Pinning.Length, fixedBuild.Source.Split('\n').Count(l => l.Contains(".Unloading += _ =>")));
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(fixedBuild.Image, variant, new object?[] { variant, FreePort() }), rounds: Rounds, pause: Pause),
            $"releasing the listener of {variant} in the Unloading handler did not let the module unload");
    }

    [Fact]
    public async Task An_accept_task_nobody_awaits_is_not_reported_and_unloads()
    {
        const string variant = "TcpListener.AcceptTcpClientAsync, not awaited";
        var build = await ModuleRuntime.BuildAsync(StaticListeners, new UnreleasedRuntimeCallbackAnalyzer());
        Assert.DoesNotContain(build.Diagnostics, d => d.GetMessage().Contains("'_tcpUnawaited'"));
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(build.Image, variant, new object?[] { variant, FreePort() }), rounds: Rounds, pause: Pause),
            "an accept task nobody awaits kept the module: the rule would miss it");
    }

    [Fact]
    public async Task An_instance_listener_keeps_the_module_until_its_owner_becomes_IDisposable()
    {
        var unfixed = await ModuleRuntime.BuildAsync(OwnedListener, new UnreleasedRuntimeCallbackAnalyzer());
        Assert.Single(unfixed.Diagnostics);
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(unfixed.Image, "owned"), rounds: Rounds, pause: Pause),
            "the awaited accept on an instance listener did not keep the module");

        var fixedBuild = await ModuleRuntime.BuildAsync(OwnedListener, new UnreleasedRuntimeCallbackAnalyzer(), new DisposeWithOwnerFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(fixedBuild.Image, "owned"), rounds: Rounds, pause: Pause),
            "stopping the listener in its owner's Dispose did not let the module unload");
    }

    /// <summary>HttpListener needs a concrete port: one the OS just handed out and took back.</summary>
    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
