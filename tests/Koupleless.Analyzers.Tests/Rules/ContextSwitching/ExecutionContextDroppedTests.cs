using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
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
}
