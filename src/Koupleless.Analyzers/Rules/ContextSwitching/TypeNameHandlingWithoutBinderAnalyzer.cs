using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2006: Newtonsoft.Json reads type names from the payload with no SerializationBinder. Measured (DESIGN.md): with
/// Newtonsoft shared by the base, copy B of a module deserialised "Widget, Module" into copy A's Widget type (Newtonsoft
/// caches name→type once per process) and EnterContextualReflection did not help; a binder over the module's own assembly
/// fixed it. Without a binder it is also the deserialization hazard of CA2326/CA2327. Settings and serializers are judged
/// in their method; [JsonProperty]/[JsonContainer] type-name arguments only when the project sets no binder anywhere
/// (<see cref="TypeNameHandlingAttributes"/>: an attribute's binder is the one of the call site's settings).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TypeNameHandlingWithoutBinderAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Where the fixer adds the binder: <see cref="InitializerShape"/> or <see cref="StatementShape"/>; absent when it cannot.</summary>
    public const string ShapeProperty = "KouplelessBinderShape";
    public const string InitializerShape = "Initializer";
    public const string StatementShape = "Statement";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.TypeNameHandlingWithoutBinder,
        title: "Newtonsoft.Json reads type names without a serialization binder",
        messageFormat: "TypeNameHandling '{0}' without a SerializationBinder binds payload type names through Newtonsoft's process-wide cache: "
            + "another module's type of the same name, or any type at all, can be created; set a binder over this module's assembly",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "With TypeNameHandling other than None, Newtonsoft.Json creates the type named in the JSON. When the base shares "
            + "Newtonsoft.Json, its name-to-type cache is one per process, so a module can receive another module's type with the "
            + "same name; entering the module's contextual-reflection scope does not change that. Without a binder it is also an "
            + "insecure-deserialization hazard (CA2326, CA2327). Set SerializationBinder to a binder that only accepts the module's "
            + "own assembly and framework types.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var settings = start.Compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonSerializerSettings");
            var serializer = start.Compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonSerializer");
            if (settings is null && serializer is null)
            {
                return;
            }

            // Every role: the cross-module confusion needs a shared Newtonsoft, the security hazard does not.
            start.RegisterOperationAction(c => Analyze(c, settings, serializer), OperationKind.PropertyReference);

            var attributes = TypeNameHandlingAttributes.Create(start.Compilation, start.CancellationToken);
            if (attributes is not null)
            {
                start.RegisterSymbolAction(
                    c => attributes.Analyze(c, Rule),
                    SymbolKind.NamedType, SymbolKind.Property, SymbolKind.Field, SymbolKind.Method);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? settings, INamedTypeSymbol? serializer)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name != "TypeNameHandling" || !IsSettingsType(reference.Property.ContainingType, settings, serializer)
            || reference.Parent is not ISimpleAssignmentOperation assignment || assignment.Target != reference
            || assignment.Value.ConstantValue is { HasValue: true, Value: 0 }
            || HasErrors(assignment.Value) || IsForwarded(assignment.Value, context.ContainingSymbol))
        {
            return;
        }

        if (HasBinder(reference, assignment, settings, serializer))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (assignment.Parent is IObjectOrCollectionInitializerOperation)
        {
            properties = properties.Add(ShapeProperty, InitializerShape);
        }
        else if (assignment.Parent is IExpressionStatementOperation { Parent: IBlockOperation } && ReceiverSymbol(reference.Instance) is not null)
        {
            properties = properties.Add(ShapeProperty, StatementShape);
        }

        var value = assignment.Value.ConstantValue.HasValue && assignment.Value is IFieldReferenceOperation field
            ? field.Field.Name
            : assignment.Value.Syntax.ToString();
        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, value));
    }

    /// <summary>
    /// <c>set => _inner.TypeNameHandling = value;</c>: a proxy or options wrapper hands on its caller's choice. The caller's
    /// own setting is where the type names are chosen (and where its binder is set); the forwarding line is not.
    /// </summary>
    private static bool IsForwarded(IOperation value, ISymbol? containing)
        => containing is IMethodSymbol { MethodKind: MethodKind.PropertySet } setter
            && value is IParameterReferenceOperation { Parameter: var parameter }
            && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, setter);

    private static bool HasBinder(IPropertyReferenceOperation reference, ISimpleAssignmentOperation assignment, INamedTypeSymbol? settings, INamedTypeSymbol? serializer)
    {
        ISymbol? owner;
        if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
        {
            if (SetsBinder(initializer, settings, serializer))
            {
                return true;
            }

            owner = initializer.Parent switch
            {
                IObjectCreationOperation { Parent: IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } } => declarator.Symbol,
                IObjectCreationOperation { Parent: ISimpleAssignmentOperation outer } => ReceiverSymbol(outer.Target),
                IObjectCreationOperation { Parent: IConversionOperation { Parent: ISimpleAssignmentOperation outer } } => ReceiverSymbol(outer.Target),
                _ => null,
            };
        }
        else
        {
            owner = ReceiverSymbol(reference.Instance);
        }

        if (owner is null)
        {
            return false;
        }

        IOperation top = reference;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }

        return GetsBinder(owner, top, settings, serializer, createdFromSettings: true);
    }

    /// <summary>
    /// The object in <paramref name="owner"/> gets a binder somewhere in this method: by assignment, in the initializer it
    /// was created with, or — for a serializer made by <c>JsonSerializer.Create[Default](settings)</c> — from settings that do.
    /// </summary>
    private static bool GetsBinder(ISymbol owner, IOperation top, INamedTypeSymbol? settings, INamedTypeSymbol? serializer, bool createdFromSettings)
    {
        foreach (var operation in top.Descendants())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "SerializationBinder" or "Binder" } binder
                && IsSettingsType(binder.Property.ContainingType, settings, serializer)
                && binder.Parent is ISimpleAssignmentOperation binderAssignment && binderAssignment.Target == binder
                && SymbolEqualityComparer.Default.Equals(ReceiverSymbol(binder.Instance), owner))
            {
                return true;
            }

            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, owner)
                && declarator.Initializer?.Value is IObjectCreationOperation { Initializer: { } created }
                && SetsBinder(created, settings, serializer))
            {
                return true;
            }

            // The serializer copies the settings' binder (one level: settings are not made from other settings).
            if (createdFromSettings && operation is IVariableDeclaratorOperation { Initializer.Value: IInvocationOperation create } madeBy
                && SymbolEqualityComparer.Default.Equals(madeBy.Symbol, owner)
                && create.TargetMethod.Name is "Create" or "CreateDefault"
                && SymbolEqualityComparer.Default.Equals(create.TargetMethod.ContainingType, serializer)
                && create.Arguments.Length == 1
                && SettingsGetBinder(create.Arguments[0].Value, top, settings, serializer))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SettingsGetBinder(IOperation argument, IOperation top, INamedTypeSymbol? settings, INamedTypeSymbol? serializer)
    {
        while (argument is IConversionOperation conversion)
        {
            argument = conversion.Operand;
        }

        if (argument is IObjectCreationOperation { Initializer: { } initializer } && SetsBinder(initializer, settings, serializer))
        {
            return true;
        }

        return ReceiverSymbol(argument) is { } settingsOwner && GetsBinder(settingsOwner, top, settings, serializer, createdFromSettings: false);
    }

    /// <summary>Half-typed values are left alone until they bind.</summary>
    private static bool HasErrors(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is IInvalidOperation || value.Type is null or IErrorTypeSymbol;
    }

    private static bool SetsBinder(IObjectOrCollectionInitializerOperation initializer, INamedTypeSymbol? settings, INamedTypeSymbol? serializer)
        => initializer.Initializers.OfType<ISimpleAssignmentOperation>().Any(a =>
            a.Target is IPropertyReferenceOperation { Property.Name: "SerializationBinder" or "Binder" } target
            && IsSettingsType(target.Property.ContainingType, settings, serializer)
            && a.Value.ConstantValue is not { HasValue: true, Value: null });

    private static ISymbol? ReceiverSymbol(IOperation? instance) => instance switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static bool IsSettingsType(INamedTypeSymbol type, INamedTypeSymbol? settings, INamedTypeSymbol? serializer)
        => SymbolEqualityComparer.Default.Equals(type, settings) || SymbolEqualityComparer.Default.Equals(type, serializer);
}
