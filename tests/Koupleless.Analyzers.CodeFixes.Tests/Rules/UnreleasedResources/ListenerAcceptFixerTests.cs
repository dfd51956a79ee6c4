using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3006 fixes for a listener with an accept pending: the release goes right after the listener's creation (where the
/// diagnostic is), once — not after the accept, which runs in a loop or re-arms itself. The accept is the second location.
/// </summary>
public sealed class ListenerAcceptFixerTests
{
    private static DiagnosticResult At(int creation, int accept)
        => new DiagnosticResult(RuleIds.UnreleasedRuntimeCallback, DiagnosticSeverity.Warning).WithLocation(creation).WithLocation(accept);

    [Fact]
    public Task Stops_a_static_listener_on_unload_after_its_creation()
    {
        var spec = CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            static class Server
            {
                private static TcpListener _listener;

                public static void Start()
                {
                    // loopback only
                    _listener = {|#0:new TcpListener(IPAddress.Loopback, 0)|}; // any port
                    _listener.Start();
                    {|#1:_listener.BeginAcceptTcpClient(OnAccept, null)|};
                }

                private static void OnAccept(IAsyncResult result) => _listener.BeginAcceptTcpClient(OnAccept, null);
            }
            """, """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.Loader;

            static class Server
            {
                private static TcpListener _listener;

                public static void Start()
                {
                    // loopback only
                    _listener = new TcpListener(IPAddress.Loopback, 0); // any port
                    AssemblyLoadContext.GetLoadContext(typeof(Server).Assembly)!.Unloading += _ => _listener.Stop();
                    _listener.Start();
                    _listener.BeginAcceptTcpClient(OnAccept, null);
                }

                private static void OnAccept(IAsyncResult result) => _listener.BeginAcceptTcpClient(OnAccept, null);
            }
            """);
        spec.Test.TestState.ExpectedDiagnostics.Add(At(0, 1));
        return spec.RunAsync();
    }

    /// <summary>A listener created by a static field initializer is stopped from the static constructor the fix adds.</summary>
    [Fact]
    public Task Stops_a_listener_of_a_static_field_initializer_from_a_new_static_constructor()
    {
        var spec = CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            static class Server
            {
                private static readonly TcpListener Listener = {|#0:new TcpListener(IPAddress.Loopback, 0)|};

                public static void Start()
                {
                    Listener.Start();
                    {|#1:Listener.BeginAcceptTcpClient(OnAccept, null)|};
                }

                private static void OnAccept(IAsyncResult result) => Listener.BeginAcceptTcpClient(OnAccept, null);
            }
            """, """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.Loader;

            static class Server
            {
                private static readonly TcpListener Listener = new TcpListener(IPAddress.Loopback, 0);

                static Server()
                {
                    AssemblyLoadContext.GetLoadContext(typeof(Server).Assembly)!.Unloading += _ => Listener.Stop();
                }

                public static void Start()
                {
                    Listener.Start();
                    Listener.BeginAcceptTcpClient(OnAccept, null);
                }

                private static void OnAccept(IAsyncResult result) => Listener.BeginAcceptTcpClient(OnAccept, null);
            }
            """);
        spec.Test.TestState.ExpectedDiagnostics.Add(At(0, 1));
        return spec.RunAsync();
    }

    [Fact]
    public Task Closes_a_local_socket_awaited_in_a_loop_on_unload()
    {
        var spec = CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Server
            {
                public async Task RunAsync()
                {
                    var socket = {|#0:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    socket.Listen(10);
                    while (true)
                    {
                        using var client = await {|#1:socket.AcceptAsync()|};
                    }
                }
            }
            """, """
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.Loader;
            using System.Threading.Tasks;

            class Server
            {
                public async Task RunAsync()
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    AssemblyLoadContext.GetLoadContext(typeof(Server).Assembly)!.Unloading += _ => socket.Close();
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    socket.Listen(10);
                    while (true)
                    {
                        using var client = await socket.AcceptAsync();
                    }
                }
            }
            """);
        spec.Test.TestState.ExpectedDiagnostics.Add(At(0, 1));
        return spec.RunAsync();
    }

    [Fact]
    public Task Fix_all_releases_every_listener_with_one_using_directive()
    {
        var spec = CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            static class Servers
            {
                private static TcpListener _tcp;
                private static HttpListener _http;

                public static void Start()
                {
                    _tcp = {|#0:TcpListener.Create(0)|};
                    _tcp.Start();
                    _http = {|#2:new HttpListener()|};
                    _http.Start();
                    _ = ServeAsync();
                }

                private static async Task ServeAsync()
                {
                    while (true)
                    {
                        using var client = await {|#1:_tcp.AcceptTcpClientAsync()|};
                        var context = await {|#3:_http.GetContextAsync()|}.ConfigureAwait(false);
                        context.Response.Close();
                    }
                }
            }
            """, """
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.Loader;
            using System.Threading.Tasks;

            static class Servers
            {
                private static TcpListener _tcp;
                private static HttpListener _http;

                public static void Start()
                {
                    _tcp = TcpListener.Create(0);
                    AssemblyLoadContext.GetLoadContext(typeof(Servers).Assembly)!.Unloading += _ => _tcp.Stop();
                    _tcp.Start();
                    _http = new HttpListener();
                    AssemblyLoadContext.GetLoadContext(typeof(Servers).Assembly)!.Unloading += _ => _http.Stop();
                    _http.Start();
                    _ = ServeAsync();
                }

                private static async Task ServeAsync()
                {
                    while (true)
                    {
                        using var client = await _tcp.AcceptTcpClientAsync();
                        var context = await _http.GetContextAsync().ConfigureAwait(false);
                        context.Response.Close();
                    }
                }
            }
            """).WithIterations(2);
        spec.Test.TestState.ExpectedDiagnostics.Add(At(0, 1));
        spec.Test.TestState.ExpectedDiagnostics.Add(At(2, 3));
        return spec.RunAsync();
    }

    [Fact]
    public Task An_instance_listener_is_stopped_in_the_owners_new_Dispose()
    {
        var spec = CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, DisposeWithOwnerFixer>.For("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            sealed class Server
            {
                private readonly TcpListener _listener = {|#0:new TcpListener(IPAddress.Loopback, 0)|};

                public async Task RunAsync()
                {
                    _listener.Start();
                    while (true)
                    {
                        using var client = await {|#1:_listener.AcceptTcpClientAsync()|};
                    }
                }
            }
            """, """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            sealed class Server : IDisposable
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

                public void Dispose() => _listener?.Stop();
            }
            """).UsingFix(DisposeWithOwnerFixer.RuntimeCallbackKey);
        spec.Test.TestState.ExpectedDiagnostics.Add(At(0, 1));
        return spec.RunAsync();
    }
}
