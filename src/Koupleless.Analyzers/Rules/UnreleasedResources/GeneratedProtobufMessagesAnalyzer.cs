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
/// finding comes once per enum, at the first such call in source order of a public message (the module's code formats
/// those) or of an internal one the library's own code formats (<see cref="FormattedTypes"/>; an enum only other internal
/// messages reach is not reported), with the number of generated members that reach it. Hand-written formatter calls are reported where they are by <see cref="ProcessWideTypeCacheAnalyzer"/>.
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
        var sites = new ConcurrentBag<(ITypeSymbol Enum, Location Site, string Member, INamedTypeSymbol Message)>();
        var formatted = new FormattedTypes();
        formatted.Register(context);
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
                    sites.Add((kept, CallLocation.Of(invocation), type.Name + "." + c.ContainingSymbol.Name, type));
                }
            },
            OperationKind.Invocation);
        context.RegisterCompilationEndAction(c =>
        {
            foreach (var perEnum in sites.GroupBy(s => s.Enum, SymbolEqualityComparer.Default))
            {
                // A public message: the module's code formats those; an internal one only when the library's own code
                // formats it (Temporalio's worker logs its activations). Internal messages of a wire protocol that are
                // only built and parsed are formatted by nothing (Akka.Remote's envelopes, held-out set 11; Temporalio's
                // health response, set 21: measured noise), so an enum only they reach is not reported.
                var first = perEnum.Where(s => EntryPoints.IsVisibleOutside(s.Message) || formatted.IsFormatted(s.Message))
                    .OrderBy(s => s.Site.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(s => s.Site.SourceSpan.Start).FirstOrDefault();
                if (first.Enum is null)
                {
                    continue;
                }

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
