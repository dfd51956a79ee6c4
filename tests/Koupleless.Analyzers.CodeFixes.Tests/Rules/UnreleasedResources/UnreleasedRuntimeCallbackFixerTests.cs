using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UnreleasedRuntimeCallbackFixerTests
{
    [Fact]
    public Task Unregisters_on_unload_after_the_assignment() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        class Watcher
        {
            private static RegisteredWaitHandle _registration;

            public static void Start(WaitHandle signal)
            {
                // wakes up whenever the base signals
                _registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|}; // trailing note
                System.Console.WriteLine("started");
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            private static RegisteredWaitHandle _registration;

            public static void Start(WaitHandle signal)
            {
                // wakes up whenever the base signals
                _registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false); // trailing note
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => _registration.Unregister(null);
                System.Console.WriteLine("started");
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_All_releases_fields_and_locals_in_every_document_and_leaves_dropped_registrations() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        class Watcher
        {
            private RegisteredWaitHandle _registration;

            void Start(WaitHandle signal)
            {
                _registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, -1, false)|};
                var local = {|KPL3006:ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false)|};
                local.ToString();
                {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};
            }

            void Tick() { }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            private RegisteredWaitHandle _registration;

            void Start(WaitHandle signal)
            {
                _registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => _registration.Unregister(null);
                var local = ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => local.Unregister(null);
                local.ToString();
                {|#0:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};
            }

            void Tick() { }
        }
        """)
        .WithDocument("/0/Other.cs", """
            using System.Threading;

            static class Other
            {
                private static RegisteredWaitHandle _handle;

                public static void Start(WaitHandle signal) => _handle = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};
            }
            """, """
            using System.Runtime.Loader;
            using System.Threading;

            static class Other
            {
                private static RegisteredWaitHandle _handle;

                public static void Start(WaitHandle signal)
                {
                    _handle = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                    AssemblyLoadContext.GetLoadContext(typeof(Other).Assembly)!.Unloading += _ => _handle.Unregister(null);
                }
            }
            """)
        .RemainingAfterFix(new DiagnosticResult(RuleIds.UnreleasedRuntimeCallback, DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("RegisteredWaitHandle", "returned by RegisterWaitForSingleObject is dropped, so nothing can release it",
                "is held with its callback by the thread pool's wait thread until Unregister is called, which keeps the module's AssemblyLoadContext alive"))
        .RunAsync();
}
