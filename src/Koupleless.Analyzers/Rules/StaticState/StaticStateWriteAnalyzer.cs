using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// KPL1002: static state written in Shared or Base code where KPL1001 (which reports static fields at their
/// declaration) cannot see it: the setter of a static auto-property (its backing field is hidden), a static setter
/// that writes state held by a static member (<c>Instance.Timeout = value</c>), and a write to a static field
/// declared in another assembly. A setter that only writes flow-local storage (AsyncLocal, ThreadLocal,
/// [ThreadStatic], a per-load-context holder) is not reported: measured, an AsyncLocal of a shared library is
/// not shared between modules.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticStateWriteAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="AutoPropertyKind"/>, <see cref="SetterKind"/> or <see cref="ExternalFieldKind"/>.</summary>
    public const string KindProperty = "KouplelessStaticKind";
    public const string AutoPropertyKind = "AutoPropertySetter";
    public const string SetterKind = "Setter";
    public const string ExternalFieldKind = "ExternalFieldWrite";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.StaticStateWrite,
        title: "Static state is written in shared code",
        messageFormat: "{0} '{1}' {2}: in {3} code it is one value per process, shared by the base and every module",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "A static property setter or a write to a static field in a library that the base shares (or in the base itself) "
            + "changes one value for the whole process: the last module to set it wins for every module, and a module object stored "
            + "there keeps that module from unloading. Keep one value per load context, or store it in flow-local storage.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var role = RoleReader.Read(context.Options);
        if ((role & KouplelessRole.SharedOrBase) == 0)
        {
            return;
        }

        var types = StaticStateTypes.From(context.Compilation);
        var roleName = role.ToString();
        context.RegisterSymbolAction(c => AnalyzeAutoProperty(c, types, roleName), SymbolKind.Property);
        context.RegisterOperationBlockAction(c => AnalyzeSetterBody(c, types, roleName));
        context.RegisterOperationAction(c => AnalyzeExternalFieldWrite(c, types, roleName), OperationKind.FieldReference);
    }

    private static void AnalyzeAutoProperty(SymbolAnalysisContext context, StaticStateTypes types, string role)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (!property.IsStatic || property.SetMethod is not { } setter || property.IsImplicitlyDeclared
            || setter.Locations.Length == 0 || !setter.Locations[0].IsInSource
            || !StaticStateSyntax.IsAutoProperty(property) || types.IsFlowLocalHolder(property.Type) || types.IsCompilerGenerated(property))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            setter.Locations[0],
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, AutoPropertyKind),
            "Static property",
            MutableStaticFieldAnalyzer.Display(property),
            "has a setter",
            role));
    }

    private static void AnalyzeSetterBody(OperationBlockAnalysisContext context, StaticStateTypes types, string role)
    {
        if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.PropertySet, IsStatic: true, AssociatedSymbol: IPropertySymbol property } setter
            || setter.Locations.Length == 0 || types.IsCompilerGenerated(setter))
        {
            return;
        }

        var writesSharedState = context.OperationBlocks
            .SelectMany(block => block.DescendantsAndSelf())
            .Any(operation => IsUncoveredStaticStateWrite(operation, types, context.Compilation));
        if (!writesSharedState)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            setter.Locations[0],
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, SetterKind),
            "Static property",
            MutableStaticFieldAnalyzer.Display(property),
            "stores its value in static state",
            role));
    }

    /// <summary>
    /// A write, inside a static setter, to a member of an object held by a static member — state no other
    /// diagnostic covers. Writes to static fields and properties themselves are covered where they are declared
    /// (KPL1001, this rule's auto-property case) or at the write (another assembly's field); flow-local holders
    /// and elements of static collections (KPL1001 at the mutation) are not counted.
    /// </summary>
    private static bool IsUncoveredStaticStateWrite(IOperation operation, StaticStateTypes types, Compilation compilation)
    {
        IOperation? instance;
        switch (operation)
        {
            case IFieldReferenceOperation { Field.IsStatic: false } field when IsWritten(field):
                instance = field.Instance;
                break;
            case IPropertyReferenceOperation { Property.IsStatic: false } property when IsWritten(property):
                if (types.IsFlowLocalHolder(property.Property.ContainingType))
                {
                    return false;
                }

                instance = property.Instance;
                if (property.Property.IsIndexer && StaticReceivers.TryGetStaticStorage(instance, out _, out var indexedType) && types.IsMutableCollection(indexedType))
                {
                    return false;
                }

                break;
            case IArrayElementReferenceOperation element when IsWritten(element):
                if (StaticReceivers.TryGetStaticStorage(element.ArrayReference, out _, out _))
                {
                    return false;
                }

                instance = element.ArrayReference;
                break;
            default:
                return false;
        }

        var root = RootOf(instance);
        switch (root)
        {
            case IFieldReferenceOperation { Field: { IsStatic: true } field }:
                // A non-readonly field of this compilation is KPL1001's; a readonly one holding a mutable object is ours.
                var declaredHere = SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, compilation.Assembly);
                return !(declaredHere && !field.IsReadOnly) && !types.IsThreadStatic(field) && !types.IsFlowLocalHolder(field.Type);
            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                return !types.IsFlowLocalHolder(property.Type);
            default:
                return false;
        }
    }

    private static bool IsWritten(IOperation reference) => ValueAccess.Of(reference).HasFlag(ValueAccess.Kind.Write);

    private static IOperation? RootOf(IOperation? operation)
    {
        while (true)
        {
            operation = StaticReceivers.Unwrap(operation);
            switch (operation)
            {
                case IFieldReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    continue;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    continue;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    continue;
                default:
                    return operation;
            }
        }
    }

    private static void AnalyzeExternalFieldWrite(OperationAnalysisContext context, StaticStateTypes types, string role)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        if (!field.IsStatic || field.IsConst
            || SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, context.Compilation.Assembly)
            || !IsWritten(reference) || types.IsThreadStatic(field))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            reference.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, ExternalFieldKind),
            "Static field",
            MutableStaticFieldAnalyzer.Display(field),
            "of another assembly is written",
            role));
    }
}
