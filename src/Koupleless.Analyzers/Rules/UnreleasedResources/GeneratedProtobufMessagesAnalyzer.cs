using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Flow;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 in generated code, for one cache only: every message protoc generates formats itself in <c>ToString()</c> with
/// Google.Protobuf's <c>JsonFormatter</c>, whose static enum-name table then keeps each of the module's proto enums the
/// message reaches (<see cref="ProtobufEnumNames"/>; measured: <c>ProtobufEnumNamesRuntimeTests</c>). Generated code is
/// otherwise left alone by the rules, and one message's <c>ToString()</c> is no more to blame than the next, so the
/// finding comes once per enum, at the first such call in source order (of a public message first: the module's code
/// formats those), with the number of generated members that reach it. Hand-written formatter calls are reported where they are by <see cref="ProcessWideTypeCacheAnalyzer"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratedProtobufMessagesAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The descriptor (declared with KPL3010's others: one rule, one place).</summary>
    public static DiagnosticDescriptor Rule => ProcessWideTypeCacheAnalyzer.GeneratedProtobufRule;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if ((RoleReader.Read(context.Options) & ProcessWideTypeCacheAnalyzer.Roles) == 0)
        {
            return;
        }

        var protobuf = new ProtobufEnumNames(context.Compilation);
        if (!protobuf.Any)
        {
            return;
        }

        var module = ModuleAssemblies.Of(context.Compilation, context.Options);
        var sites = new ConcurrentBag<(ITypeSymbol Enum, Location Site, string Member, bool Visible)>();
        context.RegisterOperationAction(
            c =>
            {
                if (!c.IsGeneratedCode)
                {
                    return;
                }

                var invocation = (IInvocationOperation)c.Operation;
                foreach (var kept in protobuf.EnumsKeptBy(invocation, module))
                {
                    var type = c.ContainingSymbol.ContainingType;
                    sites.Add((kept, CallLocation.Of(invocation), type.Name + "." + c.ContainingSymbol.Name, EntryPoints.IsVisibleOutside(type)));
                }
            },
            OperationKind.Invocation);
        context.RegisterCompilationEndAction(c =>
        {
            foreach (var perEnum in sites.GroupBy(s => s.Enum, SymbolEqualityComparer.Default))
            {
                // A public message first: the one the module's code formats (an internal one may be formatted by nothing).
                var first = perEnum.OrderBy(s => s.Visible ? 0 : 1)
                    .ThenBy(s => s.Site.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(s => s.Site.SourceSpan.Start).First();
                c.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    first.Site,
                    ImmutableDictionary<string, string?>.Empty.Add(ProcessWideTypeCacheAnalyzer.CacheProperty, ProtobufEnumNames.Cache),
                    first.Member,
                    perEnum.Count() - 1,
                    first.Enum.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                    ProtobufEnumNames.Remedy));
            }
        });
    }
}
