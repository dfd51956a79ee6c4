using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>KPL2005: work started without the execution context where a contextual-reflection scope is relied on.</summary>
public sealed class ExecutionContextDroppedTests
{
    private const string InsideScope = """
        using System;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Threading;

        class Dispatcher
        {
            void Dispatch(Assembly module, Action<object?> work, CancellationToken token, WaitHandle handle)
            {
                using (AssemblyLoadContext.EnterContextualReflection(module))
                {
                    [|ThreadPool.UnsafeQueueUserWorkItem(_ => work(null), null)|];
                    var thread = new Thread(() => work(null));
                    [|thread.UnsafeStart()|];
                    [|token.UnsafeRegister(work, null)|];
                    [|ThreadPool.UnsafeRegisterWaitForSingleObject(handle, (state, timedOut) => work(state), null, -1, true)|];
                    using (ExecutionContext.SuppressFlow())
                    {
                        [|ThreadPool.QueueUserWorkItem(_ => work(null))|];
                        _ = [|System.Threading.Tasks.Task.Run(() => work(null))|];
                    }
                }
            }
        }
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Work_started_without_the_context_inside_a_scope_is_reported_in_every_role(string role)
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For(InsideScope.Replace("[|", "{|KPL2005:")).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Variants_that_flow_the_context_are_never_reported(string role)
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For("""
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading;
            using System.Threading.Tasks;

            class Dispatcher
            {
                void Dispatch(Assembly module, string name, CancellationToken token)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        ThreadPool.QueueUserWorkItem(_ => Type.GetType(name));
                        Task.Run(() => Type.GetType(name));
                        new Thread(() => Type.GetType(name)).Start();
                        token.Register(() => Type.GetType(name));
                        var timer = new Timer(_ => Type.GetType(name), null, 0, -1);
                    }
                }
            }
            """).InRole(role).RunAsync();

    private const string ResolvingCallbacks = """
        using System;
        using System.Reflection;
        using System.Threading;

        class Dispatcher
        {
            void Dispatch(string name)
            {
                [|ThreadPool.UnsafeQueueUserWorkItem(_ => Type.GetType(name), null)|];
                [|ThreadPool.UnsafeQueueUserWorkItem(Resolve, name)|];
                [|ThreadPool.UnsafeQueueUserWorkItem(_ => Create(name), null)|];
                [|ThreadPool.UnsafeQueueUserWorkItem(Local, name)|];
                var thread = new Thread(() => Assembly.Load(name));
                [|thread.UnsafeStart()|];
                ThreadPool.UnsafeQueueUserWorkItem(_ => Console.WriteLine(name), null);

                void Local(object? state) => Type.GetType((string)state!);
            }

            static void Resolve(object? state) => Type.GetType((string)state!);

            static object? Create(string name) => Activator.CreateInstance("Module", name);
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_callbacks_that_resolve_names_are_reported(string role)
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For(ResolvingCallbacks.Replace("[|", "{|KPL2005:")).InRole(role).RunAsync();

    [Fact]
    public Task Module_callbacks_resolve_in_the_modules_own_context_and_are_not_reported()
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For(ResolvingCallbacks.Replace("[|", "").Replace("|]", "")).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Unsafe_variants_with_nothing_relying_on_the_scope_are_not_reported(string role)
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For("""
            using System;
            using System.Threading;

            class Pump
            {
                void Run(Action work)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null);
                    ThreadPool.UnsafeQueueUserWorkItem(_ => Type.GetType("System.Int32"), null);
                    using (ExecutionContext.SuppressFlow())
                    {
                        ThreadPool.QueueUserWorkItem(_ => work());
                    }
                }
            }
            """).InRole(role).RunAsync();

    private static DiagnosticResult LostInCallee(int start, int scopeSite, string api, string caller, string entry)
        => new DiagnosticResult(ExecutionContextDroppedAnalyzer.Rule).WithLocation(start).WithLocation(scopeSite)
            .WithArguments(api, $"the contextual-reflection scope that '{caller}' enters around its call to '{entry}'");

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_scope_entered_by_a_caller_of_the_same_type_is_lost_in_its_callees(string role)
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For("""
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
                        {|#2:this.Relay(work)|};
                    }
                }

                private void Queue(Action work) => {|#0:ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null)|};

                private void Relay(Action work) => Start(work);

                private static void Start(Action work)
                {
                    var thread = new Thread(() => work());
                    {|#3:thread.UnsafeStart()|};
                    using (ExecutionContext.SuppressFlow())
                    {
                        {|#4:ThreadPool.QueueUserWorkItem(_ => work())|};
                    }
                }
            }
            """)
            .Expect(
                LostInCallee(0, 1, "ThreadPool.UnsafeQueueUserWorkItem", "Handle", "Queue"),
                LostInCallee(3, 2, "Thread.UnsafeStart", "Handle", "Relay"),
                LostInCallee(4, 2, "ThreadPool.QueueUserWorkItem", "Handle", "Relay"))
            .InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Callees_not_called_inside_a_scope_of_their_own_type_are_not_reported(string role)
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For("""
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading;
            using System.Threading.Tasks;

            class Dispatcher
            {
                private readonly Pump _pump = new Pump();

                public void Handle(Assembly module, Action work)
                {
                    Queue(work);                                   // no scope here
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        _pump.Queue(work);                         // another type: not followed
                        Overridable(work);                         // a derived type may run other code
                        Deferred(work);                            // the unsafe start sits in a lambda that runs later
                        Action later = () => Queue(work);          // runs whenever the delegate is invoked
                        Task.Run(() => Queue(work));               // not followed into lambdas
                    }
                }

                private void Queue(Action work) => ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null);

                protected virtual void Overridable(Action work) => ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null);

                private void Deferred(Action work)
                {
                    Action start = () => ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null);
                    start();
                }
            }

            class Pump
            {
                public void Queue(Action work) => ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null);
            }
            """).InRole(role).RunAsync();

    [Fact]
    public Task A_partial_type_is_followed_across_its_files_and_a_local_report_is_not_repeated()
        => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For("""
            using System;
            using System.Reflection;
            using System.Runtime.Loader;

            partial class Dispatcher
            {
                public void Handle(Assembly module, Action work, string name)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        {|#1:Queue(work)|};
                        Resolve(name);
                    }
                }
            }
            """)
            .WithSource("Dispatcher.Queue.cs", """
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading;

            partial class Dispatcher
            {
                private void Queue(Action work) => {|#0:ThreadPool.UnsafeQueueUserWorkItem(_ => work(), null)|};

                private void Resolve(string name)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(typeof(Dispatcher).Assembly))
                    {
                        {|KPL2005:ThreadPool.UnsafeQueueUserWorkItem(_ => Type.GetType(name), null)|};
                    }
                }
            }
            """)
            .Expect(LostInCallee(0, 1, "ThreadPool.UnsafeQueueUserWorkItem", "Handle", "Queue"))
            .RunAsync();
}
