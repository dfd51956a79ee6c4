using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3011: a dynamic operation in module code (measured in DynamicOperationRuntimeTests: the shared runtime binder
/// keeps the module). One diagnostic per member, at its first operation bound at run time; Module role only.
/// </summary>
public sealed class DynamicOperationTests
{
    private const string EveryShape = """
        using System.Collections.Generic;

        class Widget { public int Count; public string Name = ""; }

        class Uses
        {
            string Member(dynamic d) => {|#0:d.Name|};
            object Call(dynamic d) => {|#1:d.Render(1)|};
            object Index(dynamic d) => {|#2:d[0]|};
            bool Compare(dynamic d) => {|#3:d != null|};
            int Convert(dynamic d) => {|#4:d|};
            void Increment(dynamic d) { {|#5:d++|}; }
            void Add(dynamic d) { {|#6:d += 2|}; }
            object Argument(dynamic d) => {|#7:Take(d)|};
            object Create(dynamic d) => new Widget[{|#8:d|}];
            bool Negate(dynamic d) => {|#9:!d|};
            static object Take(int value) => value;

            // Two operations: one diagnostic, at the first.
            string Twice(dynamic d)
            {
                var name = {|#10:d.Name|};
                return d.Other;
            }

            // In a lambda the calling type is still the module's.
            System.Func<dynamic, object> Lambda() => x => {|#11:x.Name|};

            // Named as the user finds them: the constructor by its type, an accessor by its property.
            Uses(dynamic d) { var n = {|#12:d.Name|}; }
            dynamic _value;
            string Text => {|#13:_value.Text|};

            // Awaiting a dynamic value binds its awaiter at run time; awaiting a typed task binds nothing.
            async System.Threading.Tasks.Task<object> Await(object task) => {|#14:await (dynamic)task|};
            async System.Threading.Tasks.Task<object> AwaitTyped(System.Threading.Tasks.Task<object> task) => await task;
        }
        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult At(int location, string member)
        => AnalyzerSpec<DynamicOperationAnalyzer>.Diagnostic("KPL3011").WithLocation(location).WithArguments(member);

    [Fact]
    public Task Every_operation_the_runtime_binder_binds_is_reported_once_per_member() => AnalyzerSpec<DynamicOperationAnalyzer>.For(EveryShape)
        .Expect(
            At(0, "Uses.Member"), At(1, "Uses.Call"), At(2, "Uses.Index"), At(3, "Uses.Compare"), At(4, "Uses.Convert"),
            At(5, "Uses.Increment"), At(6, "Uses.Add"), At(7, "Uses.Argument"), At(8, "Uses.Create"), At(9, "Uses.Negate"),
            At(10, "Uses.Twice"), At(11, "Uses.Lambda"),
            At(12, "Uses.Uses"), At(13, "Uses.Text"), At(14, "Uses.Await"))
        .RunAsync();

    [Fact]
    public Task Dynamic_values_that_nothing_binds_are_not_reported() => AnalyzerSpec<DynamicOperationAnalyzer>.For("""
        using System.Collections.Generic;

        class Holder
        {
            private dynamic _value;
            private readonly List<dynamic> _all = new List<dynamic>();

            // Storing, passing on as object, testing a type, an `as` (never dynamically bound, C# spec "The as operator";
            // MiniExcel's `Query(...).FirstOrDefault() as IDictionary<string, object>`, measured noise on held-out set 7)
            // and comparing typed values bind nothing at run time.
            void Keep(object value) { _value = value; _all.Add(value); }
            IDictionary<string, object> Row() => System.Linq.Enumerable.FirstOrDefault(_all) as IDictionary<string, object>;
            object Get() => _value;
            bool IsText() => _value is string;
            object AsObject(dynamic d) { object o = d; return o; }
            int Typed(object value) => value is int number ? number + 1 : 0;
        }
        """).RunAsync();

    [Fact]
    public Task A_binder_made_by_hand_is_reported_unless_its_context_is_another_assemblys_type() => AnalyzerSpec<DynamicOperationAnalyzer>.For("""
        using System;
        using System.Linq.Expressions;
        using Microsoft.CSharp.RuntimeBinder;

        class Late
        {
            // What expression compilers and late-binding helpers do: the context is this module's type, or the receiver's.
            Expression Own(Expression target)
                => Expression.Dynamic({|#0:Binder.GetMember(CSharpBinderFlags.None, "Name", typeof(Late), new[] { CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.None, null) })|}, typeof(object), target);
            object ByReceiver(object target)
                => {|#1:Binder.InvokeMember(CSharpBinderFlags.None, "Run", null, target.GetType(), new[] { CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.None, null) })|};

            // A framework type as the context, or none: the cache keeps nothing of the module through it.
            object Framework() => Binder.GetMember(CSharpBinderFlags.None, "Name", typeof(object), new[] { CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.None, null) });
            object NoContext() => Binder.Invoke(CSharpBinderFlags.None, null, new[] { CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.None, null) });
        }
        """)
        .Expect(At(0, "Late.Own"), At(1, "Late.ByReceiver"))
        .RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_never_unloads_so_nothing_is_reported(string role)
        => AnalyzerSpec<DynamicOperationAnalyzer>.For(Markup.Strip(EveryShape)).InRole(role).RunAsync();
}
