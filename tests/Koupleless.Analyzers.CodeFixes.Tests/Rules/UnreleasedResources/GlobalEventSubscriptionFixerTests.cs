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

    [Fact]
    public Task A_lambda_handler_cannot_be_removed_so_no_fix_is_offered() => CodeFixSpec<GlobalEventSubscriptionAnalyzer, GlobalEventSubscriptionFixer>.For("""
        using System;

        static class Hooks
        {
            public static void Install() { {|KPL3003:AppDomain.CurrentDomain.ProcessExit += (_, _) => { }|}; }
        }
        """, """
        using System;

        static class Hooks
        {
            public static void Install() { {|KPL3003:AppDomain.CurrentDomain.ProcessExit += (_, _) => { }|}; }
        }
        """).RunAsync();
}
