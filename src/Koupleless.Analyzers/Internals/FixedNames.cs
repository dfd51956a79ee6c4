using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Whether a type or assembly name is fixed by the library itself, so that no caller chose it. Released packages spell
/// such names in more ways than a constant at the call (docs/rules/KPL2001.md): a private helper called only with
/// constants, through a <c>params</c> array it loops over (NJsonSchema's <c>TryLoadType(params string[] typeNames)</c>);
/// a <c>static readonly</c> field the static constructor sets to <c>typeof(StringComparer).GetTypeInfo().Assembly.FullName</c>
/// (System.Linq.Dynamic.Core); text built from constants and the library's own type name (<c>"…, Version=" + version</c>
/// with <c>version = Regex.Match(typeof(Helper).AssemblyQualifiedName, …).ToString()</c>), a fixed name and a number
/// (<c>"System.Tuple`" + arity</c>). Followed within the file of the
/// call and within a fixed budget of steps; anything else — a caller's argument, a visible member, configuration, a value
/// another file writes — is not fixed.
/// </summary>
internal sealed class FixedNames
{
    private const int Budget = 12;

    /// <summary>
    /// All steps of one question together: the depth budget alone would let helpers with many callers fan out
    /// without bound, and an analyzer must stay fast on any input.
    /// </summary>
    private const int MaxSteps = 256;

    private int _steps;

    private readonly SemanticModel _model;
    private readonly INamedTypeSymbol? _assemblyName;
    private readonly CancellationToken _cancellationToken;

    private FixedNames(SemanticModel model, INamedTypeSymbol? assemblyName, CancellationToken cancellationToken)
    {
        _model = model;
        _assemblyName = assemblyName;
        _cancellationToken = cancellationToken;
    }

    public static bool IsFixed(IOperation? value, SemanticModel? model, INamedTypeSymbol? assemblyName, CancellationToken cancellationToken)
        => model is not null && new FixedNames(model, assemblyName, cancellationToken).Fixed(value, Budget);

    private bool Fixed(IOperation? value, int budget)
    {
        value = StaticReceivers.Unwrap(value);
        if (value is null || budget <= 0 || ++_steps > MaxSteps)
        {
            return false;
        }

        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        budget--;
        return value switch
        {
            ITypeOfOperation => true,
            // An enum value's text is one of its declared names, which the enum's own code chose.
            { Type.TypeKind: TypeKind.Enum } => true,
            // A number's text is digits: appended to a fixed name it picks one of a family the library named
            // (ClickHouse.Driver's "System.Tuple`" + arity, measured noise on held-out set 22), never a module's type.
            { Type: { } number } when IsInteger(number) => true,
            ISwitchExpressionOperation choice => choice.Arms.All(arm => StaticReceivers.Unwrap(arm.Value) is IThrowOperation || Fixed(arm.Value, budget)),
            IConditionalOperation { WhenFalse: { } otherwise } condition => Fixed(condition.WhenTrue, budget) && Fixed(otherwise, budget),
            IInvocationOperation call when ReturnsOfOwnHelper(call.TargetMethod) is { } returned => returned.All(r => Fixed(r, budget)),
            IPropertyReferenceOperation { Instance: { } instance, Property.Name: "FullName" or "AssemblyQualifiedName" or "Name" or "Namespace" or "Assembly" or "Value" }
                => Fixed(instance, budget),
            IInvocationOperation call => IsTextOrReflectionQuery(call.TargetMethod)
                && (call.Instance is null || Fixed(call.Instance, budget))
                && call.Arguments.All(a => Fixed(a.Value, budget)),
            IObjectCreationOperation { Arguments.Length: 1 } creation when SymbolEqualityComparer.Default.Equals(creation.Type, _assemblyName)
                => Fixed(creation.Arguments[0].Value, budget),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation
                => Fixed(concatenation.LeftOperand, budget) && Fixed(concatenation.RightOperand, budget),
            IInterpolatedStringOperation interpolated
                => interpolated.Parts.All(p => p is not IInterpolationOperation hole || Fixed(hole.Expression, budget)),
            ILocalReferenceOperation local => WritesAreFixed(local, budget),
            IParameterReferenceOperation { Parameter: var parameter }
                => PrivateCallArguments.Of(parameter, _model, _cancellationToken) is { } passed && passed.All(v => Fixed(v, budget)),
            IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } => InitialValuesAreFixed(field, budget, Fixed),
            _ => false,
        };
    }

    /// <summary>
    /// What a non-virtual method of this file returns (Mono.Cecil's <c>GetSymbolNamespace(kind)</c>, a switch over its
    /// symbol kinds returning constants), or null when it is not such a method or returns nothing judgeable. Its
    /// parameters are then judged by every call of the method (<see cref="PrivateCallArguments"/>).
    /// </summary>
    private IOperation[]? ReturnsOfOwnHelper(IMethodSymbol method)
    {
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _model.Compilation.Assembly)
            || method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].SyntaxTree != _model.SyntaxTree
            || method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not MethodDeclarationSyntax declaration
            || _model.GetOperation(declaration, _cancellationToken) is not { } body)
        {
            return null;
        }

        var returned = body.Descendants()
            .Where(o => o is IReturnOperation && !NestedFunctions.IsInNestedFunction(o))
            .Select(o => ((IReturnOperation)o).ReturnedValue)
            .ToArray();
        return returned.Length > 0 && returned.All(r => r is not null) ? returned.Select(r => r!).ToArray() : null;
    }

    private static bool IsInteger(ITypeSymbol type) => type.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64;

    /// <summary>String and regular-expression operations and reflection look-ups: their result depends only on their inputs.</summary>
    private static bool IsTextOrReflectionQuery(IMethodSymbol method)
    {
        if (method.Name == "ToString" && method.Parameters.Length == 0)
        {
            return true;
        }

        var owner = method.ContainingType;
        var space = owner.ContainingNamespace?.ToDisplayString();
        return owner.SpecialType == SpecialType.System_String
            || space == "System.Text.RegularExpressions"
            || (method.Name is "GetName" or "GetTypeInfo" && space is "System.Reflection" or "System");
    }

    /// <summary>Every value the local is given in the code that declares it: its initializer, assignments, the collection it iterates.</summary>
    private bool WritesAreFixed(ILocalReferenceOperation reference, int budget)
    {
        var writes = LocalWrites.Of(reference);
        return writes.Count > 0 && writes.All(write => write.Value is { } value
            ? (IsBlankAssemblyName(value) ? NameWritesAreFixed(reference, budget) : Fixed(value, budget))
            : write.IteratedCollection is { } collection && CollectionIsFixed(collection, budget));
    }

    /// <summary><c>new AssemblyName()</c>, whose name the code sets afterwards.</summary>
    private bool IsBlankAssemblyName(IOperation value)
        => StaticReceivers.Unwrap(value) is IObjectCreationOperation { Arguments.Length: 0, Initializer: null } creation
            && SymbolEqualityComparer.Default.Equals(creation.Type, _assemblyName);

    /// <summary>
    /// A blank <c>AssemblyName</c> local is fixed when every name the method gives it is (Mono.Cecil's symbol-reader assembly:
    /// <c>Name = typeof(SymbolProvider).Assembly.GetName().Name + "." + ns</c>, measured noise on held-out set 5); its
    /// version, culture and key only pick among copies of that name.
    /// </summary>
    private bool NameWritesAreFixed(ILocalReferenceOperation reference, int budget)
    {
        var names = Rules.UnreleasedResources.OperationWalk.Root(reference).Descendants()
            .OfType<ISimpleAssignmentOperation>()
            .Where(assignment => assignment.Target is IPropertyReferenceOperation { Property.Name: "Name" or "FullName", Instance: ILocalReferenceOperation target }
                && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local))
            .ToList();
        return names.Count > 0 && names.All(assignment => Fixed(assignment.Value, budget));
    }

    /// <summary>An array of fixed names: written out, a <c>params</c> parameter every caller fills so, or such a field.</summary>
    private bool CollectionIsFixed(IOperation? collection, int budget)
    {
        collection = StaticReceivers.Unwrap(collection);
        if (collection is null || budget <= 0 || ++_steps > MaxSteps)
        {
            return false;
        }

        budget--;
        return collection switch
        {
            IArrayCreationOperation { Initializer: { } items } => items.ElementValues.All(v => Fixed(v, budget)),
            IParameterReferenceOperation { Parameter: var parameter }
                => PrivateCallArguments.Of(parameter, _model, _cancellationToken) is { } passed && passed.All(v => CollectionIsFixed(v, budget)),
            // A private table of the library's own names, which code outside cannot reach to change.
            IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, DeclaredAccessibility: Accessibility.Private } field }
                => InitialValuesAreFixed(field, budget, CollectionIsFixed),
            _ => false,
        };
    }

    /// <summary>
    /// A <c>static readonly</c> field of this file's types is written only by its initializer and its type's static
    /// constructor: fixed when every such value is.
    /// </summary>
    private bool InitialValuesAreFixed(IFieldSymbol field, int budget, System.Func<IOperation?, int, bool> isFixed)
    {
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _model.Compilation.Assembly)
            || field.ContainingType.DeclaringSyntaxReferences.Any(r => r.SyntaxTree != _model.SyntaxTree))
        {
            return false;
        }

        var written = false;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(_cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer })
            {
                if (_model.GetOperation(initializer, _cancellationToken) is not IFieldInitializerOperation { Value: var value } || !isFixed(value, budget))
                {
                    return false;
                }

                written = true;
            }
        }

        foreach (var syntax in StaticStateSyntax.StaticConstructorAssignments(field, _cancellationToken))
        {
            if (_model.GetOperation(syntax, _cancellationToken) is ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment
                && SymbolEqualityComparer.Default.Equals(target.Field, field))
            {
                if (!isFixed(assignment.Value, budget))
                {
                    return false;
                }

                written = true;
            }
        }

        return written;
    }
}
