using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class GlobalEventSubscriptionFixerTests
{
    [Fact]
    public Task Removes_method_group_and_field_handlers_on_unload_with_Fix_All() => CodeFixSpec<GlobalEventSubscriptionAnalyzer, GlobalEventSubscriptionFixer>.For("""
        using System;
        using System.Threading.Tasks;

        class Plugin
        {
            private readonly EventHandler _onExit = (_, _) => { };

            public void Start()
            {
                {|KPL3003:AppDomain.CurrentDomain.ProcessExit += _onExit|}; // log on exit
                /* keep */ {|KPL3003:TaskScheduler.UnobservedTaskException += OnUnobserved|};
            }

            void OnUnobserved(object? s, UnobservedTaskExceptionEventArgs e) { }
        }
        """, """
        using System;
        using System.Runtime.Loader;
        using System.Threading.Tasks;

        class Plugin
        {
            private readonly EventHandler _onExit = (_, _) => { };

            public void Start()
            {
                AppDomain.CurrentDomain.ProcessExit += _onExit; // log on exit
                AssemblyLoadContext.GetLoadContext(typeof(Plugin).Assembly)!.Unloading += _ => AppDomain.CurrentDomain.ProcessExit -= _onExit;
                /* keep */ TaskScheduler.UnobservedTaskException += OnUnobserved;
                AssemblyLoadContext.GetLoadContext(typeof(Plugin).Assembly)!.Unloading += _ => TaskScheduler.UnobservedTaskException -= OnUnobserved;
            }

            void OnUnobserved(object? s, UnobservedTaskExceptionEventArgs e) { }
        }
        """).RunAsync();

    [Fact]
    public Task Expression_bodied_subscription_in_a_file_that_already_imports_the_loader() => CodeFixSpec<GlobalEventSubscriptionAnalyzer, GlobalEventSubscriptionFixer>.For("""
        using System;
        using System.Runtime.Loader;

        static class Hooks
        {
            public static void Install() => {|KPL3003:Console.CancelKeyPress += OnCancel|};
            static void OnCancel(object? s, ConsoleCancelEventArgs e) { }
        }
        """, """
        using System;
        using System.Runtime.Loader;

        static class Hooks
        {
            public static void Install()
            {
                Console.CancelKeyPress += OnCancel;
                AssemblyLoadContext.GetLoadContext(typeof(Hooks).Assembly)!.Unloading += _ => Console.CancelKeyPress -= OnCancel;
            }
            static void OnCancel(object? s, ConsoleCancelEventArgs e) { }
        }
        """).RunAsync();

    /// <summary>
    /// A lambda is a new delegate each time it is written, so it is first kept in a local of the event's type (evaluated
    /// where it was, capturing the same variables) and that local is removed on unload; two in one method get two names.
    /// </summary>
    [Fact]
    public Task A_lambda_handler_is_kept_in_a_local_and_that_local_is_removed_on_unload() => CodeFixSpec<GlobalEventSubscriptionAnalyzer, GlobalEventSubscriptionFixer>.For("""
        using System;

        static class Hooks
        {
            public static void Install(string name)
            {
                // say goodbye
                {|KPL3003:AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.WriteLine(name)|};
                {|KPL3003:Console.CancelKeyPress += (s, e) => e.Cancel = true|}; // keep running
            }
        }
        """, """
        using System;
        using System.Runtime.Loader;

        static class Hooks
        {
            public static void Install(string name)
            {
                // say goodbye
                EventHandler onProcessExit = (_, _) => Console.WriteLine(name);
                AppDomain.CurrentDomain.ProcessExit += onProcessExit;
                AssemblyLoadContext.GetLoadContext(typeof(Hooks).Assembly)!.Unloading += _ => AppDomain.CurrentDomain.ProcessExit -= onProcessExit;
                ConsoleCancelEventHandler onCancelKeyPress = (s, e) => e.Cancel = true;
                Console.CancelKeyPress += onCancelKeyPress; // keep running
                AssemblyLoadContext.GetLoadContext(typeof(Hooks).Assembly)!.Unloading += _ => Console.CancelKeyPress -= onCancelKeyPress;
            }
        }
        """).RunAsync();

    /// <summary>Where no local can be declared before the subscription (an expression body) a lambda still gets no fix.</summary>
    [Fact]
    public Task A_lambda_handler_in_an_expression_body_gets_no_fix() => CodeFixSpec<GlobalEventSubscriptionAnalyzer, GlobalEventSubscriptionFixer>.For("""
        using System;

        static class Hooks
        {
            public static void Install() => {|KPL3003:AppDomain.CurrentDomain.ProcessExit += (_, _) => { }|};
        }
        """, """
        using System;

        static class Hooks
        {
            public static void Install() => {|KPL3003:AppDomain.CurrentDomain.ProcessExit += (_, _) => { }|};
        }
        """).RunAsync();
}
