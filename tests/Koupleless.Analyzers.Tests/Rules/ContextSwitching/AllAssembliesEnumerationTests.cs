using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>
/// KPL2004: AppDomain.GetAssemblies() in module code lists every module's assemblies; in shared and base code a search
/// of that list by name answers with whichever module's copy comes first.
/// </summary>
public sealed class AllAssembliesEnumerationTests
{
    private const string Scan = """
        using System;
        using System.Linq;

        class Registry
        {
            int Count()
            {
                var domain = AppDomain.CurrentDomain;
                return [|AppDomain.CurrentDomain.GetAssemblies()|].Length
                    + [|domain.GetAssemblies()|].SelectMany(a => a.GetTypes()).Count();
            }
        }
        """;

    [Fact]
    public Task Enumerating_every_assembly_is_reported_in_module_code()
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Scan.Replace("[|", "{|KPL2004:")).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Enumerating_without_matching_names_is_not_reported_in_shared_and_base_code(string role)
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Scan.Replace("[|", "").Replace("|]", "")).InRole(role).RunAsync();

    /// <summary>
    /// A module's scan whose every result passes a test against one of its own types (LABELLING.md, stop 38): another
    /// module's assemblies carry or implement that module's copy of the type, so only this module's pass. A negated test,
    /// one side of an <c>||</c>, or a framework type lets other modules' through.
    /// </summary>
    [Fact]
    public Task A_module_scan_filtered_by_its_own_types_is_not_reported()
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For("""
            using System;
            using System.Linq;
            using System.Reflection;

            public interface IPlugin { }

            [AttributeUsage(AttributeTargets.Assembly)]
            public sealed class PluginAssemblyAttribute : Attribute { }

            static class Extensions
            {
                public static bool HasAttribute<T>(this Assembly assembly) where T : Attribute => assembly.IsDefined(typeof(T));
                public static bool CanBeInstantiatedAs(this Type type, Type target) => target.IsAssignableFrom(type) && !type.IsAbstract;
            }

            class Registry
            {
                Type? Find()
                {
                    var pluginInterface = typeof(IPlugin);
                    return (from assembly in AppDomain.CurrentDomain.GetAssemblies()
                            where !assembly.IsDynamic
                            from type in assembly.GetExportedTypes()
                            where type.CanBeInstantiatedAs(pluginInterface)
                            select type).FirstOrDefault();
                }

                IPlugin Locate()
                {
                    Type pluginInterface = typeof(IPlugin);
                    return (IPlugin)Activator.CreateInstance((from type in (from assembly in AppDomain.CurrentDomain.GetAssemblies()
                            where !assembly.IsDynamic
                            select assembly).SelectMany((Assembly assembly) => assembly.GetExportedTypes())
                        where type.CanBeInstantiatedAs(pluginInterface)
                        select type).FirstOrDefault() ?? typeof(Registry))!;
                }

                Assembly[] Extensions() => AppDomain.CurrentDomain.GetAssemblies().Where(a => a.HasAttribute<PluginAssemblyAttribute>() && !a.IsDynamic).ToArray();

                Type[] Plugins() => AppDomain.CurrentDomain.GetAssemblies().SelectMany(a => a.GetTypes()).Where(t => typeof(IPlugin).IsAssignableFrom(t)).ToArray();

                bool Marked() => AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetCustomAttribute<PluginAssemblyAttribute>() != null);

                Type[] Others() => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.SelectMany(a => a.GetTypes()).Where(t => !typeof(IPlugin).IsAssignableFrom(t)).ToArray();

                Type[] Either() => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.SelectMany(a => a.GetTypes()).Where(t => typeof(IPlugin).IsAssignableFrom(t) || t.IsPublic).ToArray();

                Type[] Disposables() => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.SelectMany(a => a.GetTypes()).Where(t => typeof(IDisposable).IsAssignableFrom(t)).ToArray();

                Assembly[] All()
                {
                    var all = {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|};
                    return all.Where(a => a.HasAttribute<PluginAssemblyAttribute>()).ToArray();
                }
            }
            """).InRole("Module").RunAsync();

    /// <summary>
    /// Only asking whether some assembly is loaded takes no module's copy from the list (ApprovalTests' xUnit probe,
    /// Akka.Hosting's MAUI probe: labelled noise on released packages in both roles). What a lambda collects, an element
    /// handed on, or a family kept in a list, is still reported; a helper that asks and then hands an assembly on is a
    /// module's scan (shared code reads no name of it, so only module code reports it).
    /// </summary>
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Only_asking_whether_an_assembly_is_there_is_not_reported(string role)
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Reflection;

            class Probe
            {
                bool UnderXunit() => AppDomain.CurrentDomain.GetAssemblies().Any(a => a.FullName!.StartsWith("xunit", StringComparison.Ordinal));

                bool InMaui() => AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Any(n => n != null && n.StartsWith("Microsoft.Maui"));

                bool NUnit() => Array.Exists(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name!.Contains("nunit"));

                bool Maui() => Detect(AppDomain.CurrentDomain.GetAssemblies());

                static bool Detect(IEnumerable<Assembly> assemblies) => assemblies.Any(IsMaui);

                static bool IsMaui(Assembly? assembly) => assembly?.GetName().Name?.StartsWith("Microsoft.Maui") == true;

                Assembly? Kept() => Keep({{(role == "Module" ? "{|KPL2004:" : "")}}AppDomain.CurrentDomain.GetAssemblies(){{(role == "Module" ? "|}" : "")}});

                static Assembly? Keep(IEnumerable<Assembly> assemblies) => assemblies.Any(IsMaui) ? assemblies.First() : null;

                bool Collects(List<string> seen) => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.Any(a => { seen.Add(a.FullName!); return false; });

                Assembly? HandsOn(string prefix) => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.FirstOrDefault(a => a.FullName!.StartsWith(prefix));

                Assembly[] Family() => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.Where(a => a.GetName().Name!.StartsWith("Acme.")).ToArray();
            }
            """).InRole(role).RunAsync();

    [Fact]
    public Task The_modules_own_context_is_not_reported()
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For("""
            using System.Linq;
            using System.Runtime.Loader;

            class Registry
            {
                int Count() => AssemblyLoadContext.GetLoadContext(typeof(Registry).Assembly)!.Assemblies.Count();
            }
            """).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_search_by_name_in_shared_and_base_code_is_reported(string role)
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For("""
            using System;
            using System.Linq;
            using System.Reflection;

            class Loader
            {
                Assembly? ByName(string name)
                    => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.FirstOrDefault(a => Matches(name, a.GetName()));

                Type? TypeByName(string typeName)
                {
                    var assemblies = {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|};
                    foreach (var assembly in assemblies)
                    {
                        var type = assembly.GetType(typeName);
                        if (type != null) return type;
                    }

                    return null;
                }

                Assembly? ByFullName(string fullName)
                    => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.Where(a => !a.IsDynamic).SingleOrDefault(a => a.FullName == fullName);

                int Attributes() => AppDomain.CurrentDomain.GetAssemblies().Sum(a => a.GetCustomAttributes().Count());

                static bool Matches(string name, AssemblyName candidate) => candidate.Name == name;
            }
            """).InRole(role).RunAsync();

    /// <summary>
    /// A search for a name the library fixed itself — a constant, its own table of names — finds what the base loaded:
    /// no module chose the name (FluentAssertions' and ApprovalTests' test-framework probes, linq2db's System.Transactions,
    /// labelled noise on released packages). A prefix matches a family of assemblies, other modules' among them.
    /// </summary>
    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_search_for_a_name_the_library_fixed_is_not_reported(string role)
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For("""
            using System;
            using System.Linq;
            using System.Reflection;

            class Probe
            {
                private static readonly string[] Frameworks = { "xunit.assert", "nunit.framework" };

                bool IsXunit() => AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "xunit.core");

                Assembly? Transactions() => AppDomain.CurrentDomain.GetAssemblies()
                    .FirstOrDefault(a => string.Equals(a.GetName().Name, "System.Transactions", StringComparison.Ordinal) || a.GetName().Name is "System.Transactions.Local");

                Assembly? TestFramework()
                {
                    foreach (var name in Frameworks)
                    {
                        var found = Array.Find(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == name);
                        if (found != null) return found;
                    }

                    return null;
                }

                Assembly? ThroughALocal() => AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a =>
                {
                    string name = a.GetName().Name!;
                    return name == "System.Transactions" || name == "System.Transactions.Local";
                });

                Assembly? LocalHandedOn(string wanted) => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.FirstOrDefault(a =>
                {
                    string name = a.GetName().Name!;
                    return name == "Acme" || name == wanted;
                });

                Type? Fixed() => AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType("Acme.Plugins.Registry")).FirstOrDefault(t => t != null);

                Assembly[] Family() => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.Where(a => a.GetName().Name!.StartsWith("Acme.", StringComparison.Ordinal)).ToArray();

                Assembly? Chosen(string name) => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.FirstOrDefault(a => a.GetName().Name == "Acme" || a.GetName().Name == name);
            }
            """).InRole(role).RunAsync();

    /// <summary>
    /// A wrapper that only hands out GetAssemblies() (NLog's IAppEnvironment.GetAppDomainRuntimeAssemblies(), there to be
    /// faked in tests): the search by name is in its caller, which is where the finding belongs.
    /// </summary>
    private const string Wrapped = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Reflection;

        interface IEnvironment { IEnumerable<Assembly> RuntimeAssemblies(); IEnumerable<Assembly> Plugins(); }

        sealed class Environment : IEnvironment
        {
            private static AppDomain Domain => AppDomain.CurrentDomain;
            public IEnumerable<Assembly> RuntimeAssemblies() => Domain?.GetAssemblies() ?? Array.Empty<Assembly>();
            public IEnumerable<Assembly> Plugins() => new[] { typeof(Environment).Assembly };
        }

        interface IDomain { IEnumerable<Assembly> GetAssemblies(); }

        sealed class DomainWrapper : IDomain
        {
            private readonly AppDomain? _domain = AppDomain.CurrentDomain;
            public IEnumerable<Assembly> GetAssemblies()
            {
                if (_domain != null)
                    return _domain.GetAssemblies();
                else
                    return Array.Empty<Assembly>();
            }
        }

        sealed class WrappedEnvironment
        {
            private readonly IDomain _domain = new DomainWrapper();
            public IEnumerable<Assembly> RuntimeAssemblies() => _domain.GetAssemblies();
        }

        static class Domain
        {
            public static Assembly[] All() { return AppDomain.CurrentDomain.GetAssemblies(); }
            public static Assembly[] AllAgain() => All();
        }

        class ExtensionLoader
        {
            private readonly IEnvironment _environment = new Environment();

            void LoadNamed()
            {
                foreach (var assembly in [|_environment.RuntimeAssemblies()|])
                {
                    if ((assembly.FullName ?? "").StartsWith("Acme.", StringComparison.Ordinal)) Register(assembly);
                }
            }

            Assembly? ByName(string name) => [|Domain.All()|].FirstOrDefault(a => a.GetName().Name == name);

            Assembly? Nested(string name) => [|new WrappedEnvironment().RuntimeAssemblies()|].FirstOrDefault(a => a.FullName == name);

            Type? TypeByName(string name) => [|Domain.AllAgain()|].Select(a => a.GetType(name)).FirstOrDefault(t => t != null);

            int Count() => _environment.RuntimeAssemblies().Count() + Domain.All().Length;

            Assembly? PluginByName(string name) => _environment.Plugins().FirstOrDefault(a => a.GetName().Name == name);

            void Register(Assembly assembly) { }
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_search_by_name_through_a_wrapper_is_reported_at_the_caller(string role)
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Wrapped.Replace("[|", "{|KPL2004:")).InRole(role).RunAsync();

    [Fact]
    public Task In_module_code_the_wrappers_own_call_is_reported_not_its_callers()
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Wrapped.Replace("[|", "").Replace("|]", "")
            .Replace("=> Domain?.GetAssemblies()", "=> Domain?{|KPL2004:.GetAssemblies()|}")
            .Replace("return AppDomain.CurrentDomain.GetAssemblies();", "return {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|};")
            .Replace("return _domain.GetAssemblies();", "return {|KPL2004:_domain.GetAssemblies()|};")).InRole("Module").RunAsync();
}
