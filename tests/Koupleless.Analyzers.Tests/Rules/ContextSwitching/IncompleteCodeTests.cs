using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>Half-typed code must not make the context-switching analyzers throw (AD0001 would fail these tests).</summary>
public sealed class IncompleteCodeTests
{
    private const string Source = """
        using System;
        using System.Reflection;
        using System.Threading;

        class Half
        {
            void Typing(string name)
            {
                var a = {|CS0120:Type.GetType|}();
                var b = Assembly.{|CS0117:LoadFrom2|}(name);
                var c = AppDomain.CurrentDomain.{|CS1501:GetAssemblies|}(1);
                ThreadPool.{|CS1501:UnsafeQueueUserWorkItem|}();
                var d = Assembly.{|CS1501:LoadFrom|}();
            }
        }
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task NameBasedResolution(string role) => AnalyzerSpec<NameBasedResolutionAnalyzer>.For(Source).InRole(role).RunAsync();

    [Fact]
    public Task LoadOutsideModuleContext() => AnalyzerSpec<LoadOutsideModuleContextAnalyzer>.For(Source).RunAsync();

    [Fact]
    public Task AllAssembliesEnumeration() => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Source).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Base")]
    public Task ExecutionContextDropped(string role) => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For(Source).InRole(role).RunAsync();

    [Fact]
    public Task NonCollectibleDynamicAssembly() => AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.For("""
        using System.Reflection;
        using System.Reflection.Emit;

        class Half
        {
            void Typing(AssemblyName name)
            {
                var a = AssemblyBuilder.{|CS1501:DefineDynamicAssembly|}(name);
                var b = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.{|CS0117:Runn|});
                var c = AssemblyBuilder.DefineDynamicAssembly(name, {|CS1503:"Run"|});
            }
        }
        """).InRole("Shared").RunAsync();

    [Fact]
    public Task TypeNameHandlingWithoutBinder() => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
        using Newtonsoft.Json;

        class Half
        {
            void Typing(JsonSerializerSettings settings)
            {
                settings.TypeNameHandling = {|CS1525:;|}
                var s = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.{|CS0117:Bogus|} };
            }
        }
        """).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Fact]
    public Task TypeNameHandlingWithoutBinder_attributes_and_serializer_factories() => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
        using Newtonsoft.Json;

        [JsonObject(ItemTypeNameHandling = )]
        class Half
        {
            [JsonProperty(TypeNameHandling = TypeNameHandling.Bogus, ItemTypeNameHandling = 4)]
            public object? Body { get; set; }

            [JsonProperty(TypeNameHandling = TypeNameHandling.Auto, Missing = 1)]
            [JsonProperty(Unknown.TypeNameHandling)]
            public object? Other;

            void Typing()
            {
                var serializer = JsonSerializer.Create(new JsonSerializerSettings { SerializationBinder = });
                serializer.TypeNameHandling = TypeNameHandling.Auto;
                var broken = JsonSerializer.Create(;
                {|KPL2006:broken.TypeNameHandling = TypeNameHandling.All|};
            }
        }
        """).WithPackages(TestReferences.NewtonsoftJson).IgnoringCompilerDiagnostics().RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task ExecutionContextDropped_across_methods(string role) => AnalyzerSpec<ExecutionContextDroppedAnalyzer>.For("""
        using System;
        using System.Runtime.Loader;
        using System.Threading;

        partial class Half
        {
            void Handle(System.Reflection.Assembly module)
            {
                using (AssemblyLoadContext.EnterContextualReflection(module))
                {
                    Missing();
                    Queue(;
                    Generic<Missing>(;
                }
            }

            void Queue() => ThreadPool.UnsafeQueueUserWorkItem(;
            void Generic<T>() => new Thread(() => { }).UnsafeStart(
        void Started() => new Thread(() => { }).UnsafeStart(;
            partial void Declared();
        }
        """).InRole(role).IgnoringCompilerDiagnostics().RunAsync();
}
