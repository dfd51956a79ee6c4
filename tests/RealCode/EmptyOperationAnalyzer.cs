using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.RealCode;

/// <summary>
/// The floor of <c>--timing</c>: an analyzer that asks for the operations the Koupleless rules ask for and does nothing
/// with them. What it costs is what the analyzer driver costs any analyzer of operations (building the operation trees,
/// scheduling the callbacks) — a build with the .NET SDK's own analyzers on pays it already.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "TIMING0001", "Never reported", "Never reported", "Timing", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.PropertyReference,
            OperationKind.FieldReference, OperationKind.EventAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationBlockAction(_ => { });
    }
}
