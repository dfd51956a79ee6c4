using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3006 for accepts on listeners (measured in docs/rules/KPL3006.md: an accept with a module callback, or awaited, on a
/// TcpListener, a listening Socket or an HttpListener never unloads until the listener is stopped; an accept nobody awaits
/// and a listener with no accept pending unload). Reported on the listener's creation, with the accept as second location.
/// </summary>
public sealed class ListenerAcceptTests
{
    private const string ListenerReason = "holds the pending accept's module callback or awaiting continuation until the listener is stopped, which keeps the module's AssemblyLoadContext alive";
    private const string SocketReason = "holds the pending accept's module callback or awaiting continuation until the socket is closed, which keeps the module's AssemblyLoadContext alive";
    private const string HttpReason = "holds the pending GetContext's module callback or awaiting continuation until the listener is stopped, which keeps the module's AssemblyLoadContext alive";

    private const string Pinning = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        class Server
        {
            private static TcpListener _static;
            private TcpListener _instance;
            private Socket _socket;
            private HttpListener _http;
            private TcpListener _factory;

            void Start()
            {
                _static = {|#0:new TcpListener(IPAddress.Loopback, 0)|};
                _static.Start();
                {|#1:_static.BeginAcceptTcpClient(OnAccept, null)|};
                _instance = {|#2:new TcpListener(IPAddress.Loopback, 0)|};
                _instance.Start();
                _ = LoopAsync();
                _socket = {|#4:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                _socket.Listen(10);
                {|#5:_socket.BeginAccept(_ => { }, null)|};
                _http = {|#6:new HttpListener()|};
                _http.Start();
                {|#7:_http.BeginGetContext(OnAccept, null)|};
                _factory = {|#8:TcpListener.Create(0)|};
                _factory.Start();
            }

            async Task LoopAsync()
            {
                while (true)
                {
                    using var client = await {|#3:_instance.AcceptTcpClientAsync()|};
                    await {|#9:_factory.AcceptTcpClientAsync(CancellationToken.None)|}.ConfigureAwait(false);
                }
            }

            async Task OnceAsync()
            {
                var listener = {|#10:new TcpListener(IPAddress.Loopback, 0)|};
                listener.Start();
                using var socket = await {|#11:listener.AcceptSocketAsync()|};
            }

            static void OnAccept(IAsyncResult result) { }
        }
        """;

    private static DiagnosticResult Expected(int creation, int accept, string type, string storage, string reason)
        => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.Diagnostic("KPL3006").WithLocation(creation).WithLocation(accept)
            .WithArguments(type, storage, reason);

    [Fact]
    public Task Listeners_with_an_accept_pending_that_are_never_released_are_reported_in_a_module()
        => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For(Pinning)
            .Expect(
                Expected(0, 1, "TcpListener", "stored in static field '_static' has BeginAcceptTcpClient pending and is never released on an unload or dispose path", ListenerReason),
                Expected(2, 3, "TcpListener", "stored in field '_instance' has AcceptTcpClientAsync pending and is never released on an unload or dispose path", ListenerReason),
                Expected(4, 5, "Socket", "stored in field '_socket' has BeginAccept pending and is never released on an unload or dispose path", SocketReason),
                Expected(6, 7, "HttpListener", "stored in field '_http' has BeginGetContext pending and is never released on an unload or dispose path", HttpReason),
                Expected(8, 9, "TcpListener", "stored in field '_factory' has AcceptTcpClientAsync pending and is never released on an unload or dispose path", ListenerReason),
                Expected(10, 11, "TcpListener", "in local 'listener' has AcceptSocketAsync pending and is never released on an unload or dispose path", ListenerReason))
            .InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_never_unloads_so_nothing_is_reported(string role)
        => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For(Markup.Strip(Pinning)).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Released_idle_unawaited_cancellable_and_handed_over_listeners_are_not_reported(string role)
        => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.Loader;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Servers : IDisposable
        {
            private static TcpListener _idle;
            private static TcpListener _unawaited;
            private static TcpListener _noCallback;
            private static TcpListener _onUnload;
            private static HttpListener _abortedByMethod;
            private TcpListener _cancellable;
            private TcpListener _disposed;
            private Socket _closed;
            private TcpListener _handedOver;
            private TcpListener _received;
            private Task<TcpClient> _stored;
            public TcpListener Exposed;
            public TcpListener Property { get; } = new TcpListener(IPAddress.Loopback, 0);

            public Servers(TcpListener received) => _received = received;

            public async Task StartAsync(CancellationToken token)
            {
                _idle = new TcpListener(IPAddress.Loopback, 0);
                _idle.Start();
                _unawaited = new TcpListener(IPAddress.Loopback, 0);
                _unawaited.Start();
                _ = _unawaited.AcceptTcpClientAsync();
                _stored = _unawaited.AcceptTcpClientAsync();
                _noCallback = new TcpListener(IPAddress.Loopback, 0);
                _noCallback.BeginAcceptTcpClient(null, null);
                _onUnload = new TcpListener(IPAddress.Loopback, 0);
                _onUnload.BeginAcceptTcpClient(_ => { }, null);
                AssemblyLoadContext.GetLoadContext(typeof(Servers).Assembly)!.Unloading += _ => _onUnload.Stop();
                _abortedByMethod = new HttpListener();
                _abortedByMethod.BeginGetContext(_ => { }, null);
                AssemblyLoadContext.GetLoadContext(typeof(Servers).Assembly)!.Unloading += OnUnloading;
                _disposed = new TcpListener(IPAddress.Loopback, 0);
                _disposed.BeginAcceptSocket(_ => { }, null);
                _closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _closed.BeginAccept(_ => { }, null);
                _handedOver = new TcpListener(IPAddress.Loopback, 0);
                _handedOver.BeginAcceptTcpClient(_ => { }, null);
                Register(_handedOver);
                Exposed = new TcpListener(IPAddress.Loopback, 0);
                Exposed.BeginAcceptTcpClient(_ => { }, null);
                _cancellable = new TcpListener(IPAddress.Loopback, 0);
                await _cancellable.AcceptTcpClientAsync(token);
                await _received.AcceptTcpClientAsync();
                await Property.AcceptTcpClientAsync();
                var once = new TcpListener(IPAddress.Loopback, 0);
                once.Start();
                using var client = await once.AcceptTcpClientAsync();
                once.Stop();
                using var scoped = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var accepted = await scoped.AcceptAsync();
            }

            private static void Register(TcpListener listener) { }

            private static void OnUnloading(AssemblyLoadContext context) => _abortedByMethod.Abort();

            public void Dispose()
            {
                _disposed?.Stop();
                Close();
            }

            private void Close() => _closed.Close();
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task An_enterprise_line_naming_an_awaited_method_makes_its_receiver_a_listener() => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System.Threading.Tasks;

        namespace Hub
        {
            public sealed class Inbox
            {
                public Task<string> ReceiveAsync() => Task.FromResult("");
                public void Stop() { }
            }
        }

        class Client
        {
            private Hub.Inbox _inbox;

            async Task RunAsync()
            {
                _inbox = {|#0:new Hub.Inbox()|};
                while (true)
                {
                    await {|#1:_inbox.ReceiveAsync()|};
                }
            }
        }
        """)
        .WithAdditionalFile("/KouplelessHazards.Enterprise.txt", "KPL3006 | M:Hub.Inbox.ReceiveAsync | holds the awaiting continuation until the inbox is stopped\n")
        .Expect(AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.Diagnostic("KPL3006").WithLocation(0).WithLocation(1)
            .WithArguments("Inbox", "stored in field '_inbox' has ReceiveAsync pending and is never released on an unload or dispose path", "holds the awaiting continuation until the inbox is stopped"))
        .RunAsync();

    [Fact]
    public Task Half_typed_code_never_throws() => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        class Broken
        {
            private TcpListener _l;
            private Missing _m;
            private Socket _s;

            async Task StartAsync()
            {
                _l = new TcpListener(
                _l.BeginAcceptTcpClient(Undefined, null);
                await _l.AcceptTcpClientAsync(
                _m = new Missing();
                await _m.AcceptAsync();
                _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, );
                _s.BeginAccept(;
                await new HttpListener().GetContextAsync();
                await Undefined.AcceptTcpClientAsync();
                _l.
            }
        }
        """).IgnoringCompilerDiagnostics().RunAsync();
}
