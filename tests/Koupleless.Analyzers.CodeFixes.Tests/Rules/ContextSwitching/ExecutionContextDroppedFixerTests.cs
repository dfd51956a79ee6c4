using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
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
}
