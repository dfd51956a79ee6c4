using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

public sealed class ExecutionContextDroppedFixerTests
{
    [Fact]
    public Task Unsafe_variants_become_the_ones_that_flow_the_context() => CodeFixSpec<ExecutionContextDroppedAnalyzer, ExecutionContextDroppedFixer>.For(
        """
        using System;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Threading;

        class Dispatcher
        {
            void Dispatch(Assembly module, Action<object?> work, CancellationToken token, Thread thread, IThreadPoolWorkItem item)
            {
                using (AssemblyLoadContext.EnterContextualReflection(module))
                {
                    {|KPL2005:ThreadPool.UnsafeQueueUserWorkItem(_ => work(null), null)|}; // keeps the scope now
                    {|KPL2005:ThreadPool.UnsafeQueueUserWorkItem<object?>(work, null, preferLocal: false)|};
                    {|KPL2005:thread./* start */UnsafeStart()|};
                    {|KPL2005:token.UnsafeRegister(work, null)|};
                    {|KPL2005:ThreadPool.UnsafeQueueUserWorkItem(item, false)|};
                    using (ExecutionContext.SuppressFlow())
                    {
                        {|KPL2005:ThreadPool.QueueUserWorkItem(_ => work(null))|};
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Threading;

        class Dispatcher
        {
            void Dispatch(Assembly module, Action<object?> work, CancellationToken token, Thread thread, IThreadPoolWorkItem item)
            {
                using (AssemblyLoadContext.EnterContextualReflection(module))
                {
                    ThreadPool.QueueUserWorkItem(_ => work(null), null); // keeps the scope now
                    ThreadPool.QueueUserWorkItem<object?>(work, null, preferLocal: false);
                    thread./* start */Start();
                    token.Register(work, null);
                    {|KPL2005:ThreadPool.UnsafeQueueUserWorkItem(item, false)|};
                    using (ExecutionContext.SuppressFlow())
                    {
                        {|KPL2005:ThreadPool.QueueUserWorkItem(_ => work(null))|};
                    }
                }
            }
        }
        """).KeepingUnfixedDiagnostics().RunAsync();

    [Fact]
    public Task Fix_all_covers_every_document() => CodeFixSpec<ExecutionContextDroppedAnalyzer, ExecutionContextDroppedFixer>.For(
        """
        using System;
        using System.Threading;

        class First
        {
            void Queue(string name) => {|KPL2005:ThreadPool.UnsafeQueueUserWorkItem(_ => Type.GetType(name), null)|};
        }
        """,
        """
        using System;
        using System.Threading;

        class First
        {
            void Queue(string name) => ThreadPool.QueueUserWorkItem(_ => Type.GetType(name), null);
        }
        """).InRole("Shared").WithSecondDocument(
        """
        using System.Reflection;
        using System.Threading;

        class Second
        {
            void Load(string name, WaitHandle handle) =>
                {|KPL2005:ThreadPool.UnsafeRegisterWaitForSingleObject(handle, (_, _) => Assembly.Load(name), null, -1, true)|};
        }
        """,
        """
        using System.Reflection;
        using System.Threading;

        class Second
        {
            void Load(string name, WaitHandle handle) =>
                ThreadPool.RegisterWaitForSingleObject(handle, (_, _) => Assembly.Load(name), null, -1, true);
        }
        """).RunAsync();

    [Fact]
    public Task Work_started_in_a_callee_of_a_scoped_call_flows_the_context_after_the_fix()
    {
        var spec = CodeFixSpec<ExecutionContextDroppedAnalyzer, ExecutionContextDroppedFixer>.For(
            """
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading;

            class Dispatcher
            {
                public void Handle(Assembly module, Action work)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        {|#1:Queue(work)|};
                    }
                }

                private void Queue(Action work)
                {
                    // the handler resolves the module's types by name
                    {|#0:ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null)|};
                    var thread = new Thread(() => work());
                    {|#2:thread.UnsafeStart()|}; // dedicated thread
                }
            }
            """,
            """
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading;

            class Dispatcher
            {
                public void Handle(Assembly module, Action work)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        Queue(work);
                    }
                }

                private void Queue(Action work)
                {
                    // the handler resolves the module's types by name
                    ThreadPool.QueueUserWorkItem(_ => work(), null);
                    var thread = new Thread(() => work());
                    thread.Start(); // dedicated thread
                }
            }
            """);
        const string Lost = "the contextual-reflection scope that 'Handle' enters around its call to 'Queue'";
        spec.Test.ExpectedDiagnostics.Add(new DiagnosticResult(ExecutionContextDroppedAnalyzer.Rule).WithLocation(0).WithLocation(1)
            .WithArguments("ThreadPool.UnsafeQueueUserWorkItem", Lost));
        spec.Test.ExpectedDiagnostics.Add(new DiagnosticResult(ExecutionContextDroppedAnalyzer.Rule).WithLocation(2).WithLocation(1)
            .WithArguments("Thread.UnsafeStart", Lost));
        return spec.RunAsync();
    }
}
