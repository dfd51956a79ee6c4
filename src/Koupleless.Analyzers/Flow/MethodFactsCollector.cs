using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// Reads one method body (lambdas and local functions included: they run on the method's behalf) and records
/// where values derived from its parameters and type parameters are stored, which methods of the compilation it
/// hands them to, and which objects it may be changing. Flow-insensitive on locals (a local carries everything ever
/// assigned to it): the question is "can a module's value get there", not "on which path".
/// </summary>
internal sealed class MethodFactsCollector
{
    private readonly IMethodSymbol _method;
    private readonly FlowTypes _types;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<IOperation, OriginSet> _origins = new();
    private readonly Dictionary<ILocalSymbol, OriginSet> _localOrigins = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Parameters whose value this method's own code supplies, not its caller: a local function's (what its method passes
    /// it) and an <c>out</c> parameter (what the method assigns it).
    /// </summary>
    private readonly Dictionary<IParameterSymbol, OriginSet> _suppliedParameterOrigins = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, ImmutableArray<Holder>> _localHolders = new(SymbolEqualityComparer.Default);
    private readonly ImmutableArray<StoreFact>.Builder _stores = ImmutableArray.CreateBuilder<StoreFact>();
    private readonly ImmutableArray<CallFact>.Builder _calls = ImmutableArray.CreateBuilder<CallFact>();
    private readonly ImmutableArray<CacheFact>.Builder _cacheCalls = ImmutableArray.CreateBuilder<CacheFact>();
    private readonly ImmutableArray<FieldAssignmentFact>.Builder _fieldAssignments = ImmutableArray.CreateBuilder<FieldAssignmentFact>();
    private readonly HashSet<Holder> _returns = new();
    private readonly Dictionary<ILocalSymbol, HashSet<ISymbol>> _localReadsOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, HashSet<ISymbol>> _reads = new();

    /// <summary>Bounds the recursion over very deep expressions (a long chain of concatenations): deeper parts count as nothing.</summary>
    private const int MaxDepth = 400;
    private int _depth;
    private readonly ImmutableArray<(ISymbol, ITypeSymbol)>.Builder _creations = ImmutableArray.CreateBuilder<(ISymbol, ITypeSymbol)>();
    private readonly ImmutableArray<DelegateTargetFact>.Builder _delegateTargets = ImmutableArray.CreateBuilder<DelegateTargetFact>();

    private MethodFactsCollector(IMethodSymbol method, FlowTypes types, CancellationToken cancellationToken)
    {
        _method = method;
        _types = types;
        _cancellationToken = cancellationToken;
    }

    public static MethodFacts Collect(IMethodSymbol method, ImmutableArray<IOperation> blocks, FlowTypes types, CancellationToken cancellationToken)
    {
        var collector = new MethodFactsCollector(method, types, cancellationToken);
        var operations = blocks.SelectMany(b => b.DescendantsAndSelf()).ToList();
        collector.TrackLocals(operations);

        // A static method with no parameter and no type parameter in scope (a static constructor, a parameterless
        // factory) can carry nothing of a module's: only what it tells about objects (what it returns, assigns,
        // creates) is worth reading. Most of a library's methods are not like this; the ones that are cost little.
        var carriesNothing = method.IsStatic && method.Parameters.IsEmpty && !HasTypeParametersInScope(method);
        foreach (var operation in operations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!carriesNothing || operation is IAssignmentOperation or IReturnOperation)
            {
                collector.Visit(operation);
            }
        }

        return new MethodFacts(
            method,
            collector._stores.ToImmutable(),
            collector._calls.ToImmutable(),
            collector._cacheCalls.ToImmutable(),
            collector._fieldAssignments.ToImmutable(),
            collector._returns.ToImmutableArray(),
            collector._creations.ToImmutable(),
            collector._delegateTargets.ToImmutable());
    }

    private static bool HasTypeParametersInScope(IMethodSymbol method)
    {
        if (method.IsGenericMethod)
        {
            return true;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A field or auto-property initialised with a method group of this compilation (<c>Validator = Helper.Validate</c>).</summary>
    public static DelegateTargetFact? DelegateTargetOf(ISymbol member, IOperation value, FlowTypes types)
        => new MethodFactsCollector(null!, types, default).MethodGroup(value) is { } method ? new DelegateTargetFact(member.OriginalDefinition, method) : null;

    private IMethodSymbol? MethodGroup(IOperation value)
        => StaticReceivers.Unwrap(value) is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } } && IsInSource(method)
            ? method.OriginalDefinition
            : null;

    /// <summary>An instance field or auto-property initializer that keeps a static object (<c>_resolver = Default.Instance</c>).</summary>
    public static FieldAssignmentFact? CollectInitializer(ISymbol member, IOperation value, FlowTypes types, CancellationToken cancellationToken)
    {
        if (IsCopiedWhole(member))
        {
            return null;
        }

        var holders = new MethodFactsCollector(null!, types, cancellationToken).HoldersOf(value).Where(IsObjectHolder).ToImmutableArray();
        return holders.IsEmpty ? null : new FieldAssignmentFact(member.OriginalDefinition, holders);
    }

    /// <summary>
    /// Locals take the origins of everything assigned to them, and of what is added to them (a local dictionary
    /// filled and then published: copy-on-write). They name a holder only when every assignment does: a local that
    /// is sometimes a static sentinel and sometimes a fresh object is taken for the fresh object (flow-insensitive
    /// aliasing would otherwise blame the sentinel). A local function's parameters and an <c>out</c> parameter take the
    /// origins of what this method passes or assigns them (<see cref="_suppliedParameterOrigins"/>). Three rounds cover
    /// chains of locals.
    /// </summary>
    private void TrackLocals(List<IOperation> operations)
    {
        var assignments = new List<(ILocalSymbol Local, IOperation Value)>();
        var additions = new List<(ILocalSymbol Local, IOperation Value)>();
        var supplied = new List<(IParameterSymbol Parameter, IOperation Value)>();
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call:
                    // A local function's parameters hold what this method passes it (StreamJsonRpc's WriteUserData(value)
                    // inside Serialize(message): its callers are all here).
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Parameter is { } parameter)
                        {
                            supplied.Add((parameter.OriginalDefinition, argument.Value));
                        }
                    }

                    break;
                case IAssignmentOperation { Target: IParameterReferenceOperation { Parameter.RefKind: RefKind.Out } result } assignment:
                    // An out parameter holds what the method gives it (NuGet.Versioning's TryParse(text, out version) caches
                    // the version it builds in `version`), never what the caller had there.
                    supplied.Add((result.Parameter.OriginalDefinition, assignment.Value));
                    break;
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator:
                    assignments.Add((declarator.Symbol, value));
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    assignments.Add((local.Local, assignment.Value));
                    break;
                case IForEachLoopOperation { Collection: { } collection } loop:
                    foreach (var local in loop.Locals)
                    {
                        assignments.Add((local, collection));
                    }

                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern when PatternInput(pattern) is { } input:
                    assignments.Add((declared, input));
                    break;
                case IAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array } } element:
                    additions.Add((array.Local, element.Value));
                    break;
                case IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation indexed } indexer } write:
                    additions.Add((indexed.Local, write.Value));
                    foreach (var argument in indexer.Arguments)
                    {
                        additions.Add((indexed.Local, argument.Value));
                    }

                    break;
                case IInvocationOperation invocation when StaticReceivers.ReceiverOf(invocation) is ILocalReferenceOperation receiver
                    && _types.IsFillingCollectionMethod(invocation.TargetMethod, receiver.Type):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Value != receiver && StaticReceivers.Unwrap(argument.Value) != receiver)
                        {
                            additions.Add((receiver.Local, argument.Value));
                        }
                    }

                    break;
            }
        }

        if (assignments.Count == 0 && additions.Count == 0 && supplied.Count == 0)
        {
            return;
        }

        for (var round = 0; round < 3; round++)
        {
            var changed = false;
            _origins.Clear();
            foreach (var (local, value) in assignments.Concat(additions))
            {
                changed |= Widen(_localOrigins, local, OriginsOf(value));
            }

            foreach (var (parameter, value) in supplied)
            {
                changed |= Widen(_suppliedParameterOrigins, parameter, OriginsOf(value));
            }

            if (!changed)
            {
                break;
            }
        }

        for (var round = 0; round < 3; round++)
        {
            var changed = false;
            _reads.Clear();
            foreach (var (local, value) in assignments)
            {
                if (!_localReadsOf.TryGetValue(local, out var reads))
                {
                    _localReadsOf[local] = reads = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                }

                var before = reads.Count;
                reads.UnionWith(StorageRead(value));
                changed |= reads.Count != before;
            }

            if (!changed)
            {
                break;
            }
        }

        _reads.Clear();
        _origins.Clear();
        foreach (var group in assignments.GroupBy(a => a.Local, SymbolEqualityComparer.Default))
        {
            var holders = ImmutableArray<Holder>.Empty;
            var everyAssignmentNamesOne = true;
            foreach (var (_, value) in group)
            {
                var named = HoldersOf(value);
                if (named.IsEmpty)
                {
                    everyAssignmentNamesOne = false;
                    break;
                }

                holders = holders.AddRange(named.Where(h => !holders.Contains(h)));
            }

            if (everyAssignmentNamesOne && !holders.IsEmpty)
            {
                _localHolders[(ILocalSymbol)group.Key!] = holders;
            }
        }
    }

    private static IOperation? PatternInput(IOperation pattern)
    {
        for (var current = pattern.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IIsPatternOperation isPattern:
                    return isPattern.Value;
                case ISwitchExpressionOperation switchExpression:
                    return switchExpression.Value;
                case ISwitchOperation switchStatement:
                    return switchStatement.Value;
                case IPatternOperation:
                case IPatternCaseClauseOperation:
                case ISwitchExpressionArmOperation:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    private void Visit(IOperation operation)
    {
        switch (operation)
        {
            case IAssignmentOperation assignment when assignment is not IDeconstructionAssignmentOperation:
                VisitAssignment(assignment);
                break;
            case IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation reference } subscription:
                if (reference.Event.AddMethod is { } adder && !IsFieldLikeEvent(reference.Event) && IsInSource(adder))
                {
                    // A hand-written add accessor decides where the handler goes: follow it like a call.
                    AddCall(adder, reference.Event.IsStatic ? ImmutableArray<Holder>.Empty : HoldersOf(reference.Instance), OriginsOf(reference.Instance),
                        new[] { (0, subscription.HandlerValue) }, null, subscription);
                }
                else
                {
                    Store(StoreKind.Fill, HoldersOf(reference), OriginsOf(subscription.HandlerValue), subscription);
                }

                break;
            case IInvocationOperation invocation:
                VisitInvocation(invocation);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation when IsInSource(constructor):
                AddCall(constructor, ImmutableArray<Holder>.Empty, OriginSet.Empty, creation.Arguments, null, creation);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation
                when _types.Caches.CacheOf(creation, _cancellationToken, unknownIsReflection: true) is { } cache:
                AddCacheFact(cache, "new " + constructor.ContainingType.Name, CachedTypeOrigins(creation.Arguments, ImmutableArray<ITypeSymbol>.Empty), creation);
                break;
            case IReturnOperation { ReturnedValue: { } returned } when !NestedFunctions.IsInNestedFunction(operation):
                foreach (var holder in HoldersOf(returned))
                {
                    if (IsObjectHolder(holder))
                    {
                        _returns.Add(holder);
                    }
                }

                break;
        }
    }

    private void VisitAssignment(IAssignmentOperation assignment)
    {
        var target = StaticReceivers.Unwrap(assignment.Target);
        var value = assignment.Value;
        switch (target)
        {
            case IFieldReferenceOperation { Field: { IsConst: false } field } reference:
                if (field.IsStatic)
                {
                    StoreStatic(ReadsItself(value, field) ? StoreKind.Fill : StoreKind.Overwrite, field, OriginsOf(value), assignment);
                    RecordCreation(field, value);
                }
                else
                {
                    Store(ReadsItself(value, field) ? StoreKind.Fill : StoreKind.Overwrite, HoldersOf(reference.Instance), OriginsOf(value), assignment);
                    RecordFieldAssignment(field, value);
                }

                break;
            case IPropertyReferenceOperation reference:
                VisitPropertyWrite(reference, value, assignment);
                break;
            case IArrayElementReferenceOperation element:
                Store(StoreKind.Fill, HoldersOf(element.ArrayReference), OriginsOf(value), assignment);
                break;
            case IParameterReferenceOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } parameter when IsOwnParameter(parameter.Parameter):
                // Writing through a ref parameter writes the caller's storage (Link.TryAdd(ref s_cache, key, value)).
                var kind = ReadsItself(value, parameter.Parameter) ? StoreKind.Fill : StoreKind.Overwrite;
                Store(kind, ImmutableArray.Create(Holder.OfParameter(parameter.Parameter.Ordinal)), OriginsOf(value), assignment);
                break;
        }
    }

    /// <summary>
    /// <c>s_map = new Dictionary&lt;K, V&gt;(s_map) { [k] = v }</c>: a new value built from the old one adds to it
    /// (copy-on-write), it does not replace it.
    /// </summary>
    private bool ReadsItself(IOperation value, ISymbol storage)
    {
        var definition = storage.OriginalDefinition;
        return StorageRead(value).Contains(definition);
    }

    /// <summary>The fields and parameters an expression reads, directly or through the locals it reads.</summary>
    private HashSet<ISymbol> StorageRead(IOperation value)
    {
        if (_reads.TryGetValue(value, out var known))
        {
            return known;
        }

        var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        _reads[value] = result;
        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IFieldReferenceOperation field:
                    result.Add(field.Field.OriginalDefinition);
                    break;
                case IParameterReferenceOperation parameter:
                    result.Add(parameter.Parameter.OriginalDefinition);
                    break;
                case ILocalReferenceOperation local when _localReadsOf.TryGetValue(local.Local, out var reads):
                    result.UnionWith(reads);
                    break;
            }
        }

        return result;
    }

    private void VisitPropertyWrite(IPropertyReferenceOperation reference, IOperation value, IOperation assignment)
    {
        var property = reference.Property;
        var setter = property.SetMethod;
        var isAuto = StaticStateSyntax.IsAutoProperty(property.OriginalDefinition);
        if (setter is not null && !isAuto && IsInSource(setter))
        {
            var arguments = reference.Arguments.Select(a => (a.Parameter?.Ordinal ?? -1, a.Value)).Append((setter.Parameters.Length - 1, value));
            AddCall(setter, property.IsStatic ? ImmutableArray<Holder>.Empty : HoldersOf(reference.Instance), OriginsOf(reference.Instance), arguments, null, assignment);
            return;
        }

        var origins = OriginsOf(value);
        if (property.IsIndexer)
        {
            // dictionary[key] = value: the key stays in the collection too.
            foreach (var argument in reference.Arguments)
            {
                origins = origins.Union(OriginsOf(argument.Value));
            }

            if (!_types.IsWeakTable(reference.Instance?.Type))
            {
                Store(StoreKind.Fill, HoldersOf(reference.Instance), origins, assignment);
            }

            return;
        }

        if (property.IsStatic)
        {
            if (isAuto)
            {
                StoreStatic(StoreKind.Overwrite, property, origins, assignment);
                RecordCreation(property, value);
            }

            return;
        }

        Store(StoreKind.Overwrite, HoldersOf(reference.Instance), origins, assignment);
        if (isAuto)
        {
            RecordFieldAssignment(property, value);
        }
    }

    private void VisitInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (_types.IsReferenceWrite(method) || _types.IsImmutableInterlockedFill(method))
        {
            var location = invocation.Arguments.FirstOrDefault(a => a.Parameter?.RefKind == RefKind.Ref);
            if (location is not null)
            {
                var origins = OriginSet.Empty;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument != location && argument.Parameter?.Name != "comparand")
                    {
                        origins = origins.Union(OriginsOf(argument.Value));
                    }
                }

                var written = StaticReceivers.Unwrap(location.Value) switch
                {
                    IFieldReferenceOperation field => (ISymbol?)field.Field,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                var copiesItself = written is not null && invocation.Arguments.Any(a => a != location && ReadsItself(a.Value, written));
                var kind = _types.IsImmutableInterlockedFill(method) || copiesItself ? StoreKind.Fill : StoreKind.Overwrite;
                Store(kind, StorageWritten(location.Value), origins, invocation);
            }

            return;
        }

        // A serializer's own public API, called inside that serializer, is its implementation: its real caches are
        // static storage of this compilation, which the flow judges directly.
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _types.Compilation.Assembly)
            && _types.Caches.CacheOf(invocation, _cancellationToken, unknownIsReflection: true) is { } cache)
        {
            AddCacheFact(cache, method.ContainingType.Name + "." + method.Name, CachedTypeOrigins(invocation.Arguments, method.TypeArguments), invocation);
            return;
        }

        if (method.MethodKind == MethodKind.DelegateInvoke
            && StaticReceivers.Unwrap(invocation.Instance) is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } delegateMember)
        {
            // Validator(context): the methods ever kept in that member run; resolved at the end (DelegateTargets).
            AddCall(
                method,
                ImmutableArray.Create(Holder.OfFieldValue(delegateMember.Member)),
                OriginSet.Empty,
                invocation.Arguments.Select(a => (a.Parameter?.Ordinal ?? -1, a.Value)),
                method,
                invocation);
            return;
        }

        var receiver = StaticReceivers.ReceiverOf(invocation);
        if (!IsInSource(method))
        {
            if (_types.IsFillingCollectionMethod(method, receiver?.Type))
            {
                var origins = OriginSet.Empty;
                foreach (var argument in invocation.Arguments)
                {
                    if (!(method.IsExtensionMethod && argument.Parameter?.Ordinal == 0))
                    {
                        origins = origins.Union(StoredOrigins(argument));
                    }
                }

                Store(StoreKind.Fill, HoldersOf(receiver), origins, invocation);
            }

            return;
        }

        AddCall(
            method,
            invocation.Instance is null ? ImmutableArray<Holder>.Empty : HoldersOf(invocation.Instance),
            OriginsOf(invocation.Instance),
            invocation.Arguments.Select(a => (a.Parameter?.Ordinal ?? -1, a.Value)),
            method,
            invocation);
    }

    /// <summary>
    /// What a framework collection keeps of one argument. A value factory (<c>GetOrAdd(key, k => Create(k))</c>,
    /// <c>AddOrUpdate</c>'s add and update functions: a parameter declared as a delegate type, not as the element type
    /// parameter) is called, not kept: the collection keeps its result, which pins only when the factory's return type
    /// can hold a module reference (a <c>string[]</c> of culture names cannot; measured wrong on Jint's CLDR caches).
    /// </summary>
    private OriginSet StoredOrigins(IArgumentOperation argument)
    {
        var origins = OriginsOf(argument.Value);
        return argument.Parameter?.OriginalDefinition.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate }
            && argument.Parameter.Type is INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: false } invoke }
            && !ModuleValues.CanHoldModuleReference(invoke.ReturnType)
                ? origins.WithoutPinning()
                : origins;
    }

    /// <summary>The storage a <c>ref</c> argument names: a static field, or the object holding an instance field.</summary>
    private ImmutableArray<Holder> StorageWritten(IOperation location) => StaticReceivers.Unwrap(location) switch
    {
        IFieldReferenceOperation { Field.IsStatic: true } field => ImmutableArray.Create(Holder.OfStatic(field.Field)),
        IFieldReferenceOperation field => HoldersOf(field.Instance),
        IParameterReferenceOperation { Parameter.RefKind: RefKind.Ref } parameter when IsOwnParameter(parameter.Parameter)
            => ImmutableArray.Create(Holder.OfParameter(parameter.Parameter.Ordinal)),
        IArrayElementReferenceOperation element => HoldersOf(element.ArrayReference),
        _ => ImmutableArray<Holder>.Empty,
    };

    /// <summary>
    /// The origins of the types a framework cache keeps for this call: those it is told by name (its type arguments and
    /// <c>Type</c> arguments), and those of the object or generic values it is given (the cache keeps their runtime type).
    /// </summary>
    private void AddCacheFact(string cache, string api, (OriginSet Named, OriginSet Given) origins, IOperation site)
    {
        var cached = origins.Named.Union(origins.Given);
        if (cached.Pins && !(site is IInvocationOperation invocation && NestedSerialization.IsNested(_method, invocation)))
        {
            _cacheCalls.Add(new CacheFact(cache, api, cached, site.Syntax.GetLocation(), !origins.Named.Pins));
        }
    }

    private (OriginSet Named, OriginSet Given) CachedTypeOrigins(ImmutableArray<IArgumentOperation> arguments, ImmutableArray<ITypeSymbol> typeArguments)
    {
        var named = OriginSet.Empty;
        var given = OriginSet.Empty;
        foreach (var typeArgument in typeArguments)
        {
            named = named.Union(TypeParameterOrigins(typeArgument));
        }

        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (IsOwnConcreteObject(argument.Value))
            {
                continue;
            }

            if (_types.IsSystemType(parameter.Type))
            {
                named = named.Union(OriginsOf(argument.Value).AllPinning());
            }
            else if (parameter.Type.SpecialType == SpecialType.System_Object || parameter.OriginalDefinition.Type is ITypeParameterSymbol)
            {
                // The cache keeps the runtime types of the value's graph: see SerializedGraph for what cannot be a caller's.
                // Only what the graph was made of pins, as the flow reads it: a graph the method builds itself from the
                // caller's texts and numbers (Baidu.AI's `new Dictionary<string, object> { { "cuid", cuid }, … }` of
                // strings and ints, KubernetesClient's exec-credential dictionary: Shared-role noise on held-out sets
                // 13 and 21) holds those texts and numbers, whatever its static type.
                var value = StaticReceivers.Unwrap(argument.Value)?.Type;
                if (value is null || SerializedGraph.CanHoldCallersType(value))
                {
                    given = given.Union(OriginsOf(argument.Value));
                }
            }
        }

        return (named, given);
    }

    /// <summary>
    /// The object the method runs on (<c>this</c>, or its <c>GetType()</c>) when its type is concrete: a module's object is
    /// there only if the module derives from the library's concrete class and calls the member on its own object, which
    /// is not how a concrete class is used (InfluxDB.Client's 302 generated models serialize <c>this</c> in a public
    /// <c>ToJson()</c>: Shared-role noise on held-out set 12). An abstract class is there to be derived; what the object's
    /// fields hold is the caller's and stays followed.
    /// </summary>
    private bool IsOwnConcreteObject(IOperation value)
    {
        var unwrapped = StaticReceivers.Unwrap(value);
        if (unwrapped is IInvocationOperation { TargetMethod: { Name: nameof(GetType), Parameters.Length: 0 } getType, Instance: var instance }
            && getType.ContainingType.SpecialType == SpecialType.System_Object)
        {
            unwrapped = StaticReceivers.Unwrap(instance);
        }

        return unwrapped is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
            && _method is { IsStatic: false, ContainingType: { IsAbstract: false, TypeKind: TypeKind.Class } };
    }

    private void AddCall(IMethodSymbol callee, ImmutableArray<Holder> receiver, OriginSet receiverOrigins, IEnumerable<IArgumentOperation> arguments, IMethodSymbol? constructed, IOperation site)
        => AddCall(callee, receiver, receiverOrigins, arguments.Select(a => (a.Parameter?.Ordinal ?? -1, a.Value)), constructed, site);

    private void AddCall(IMethodSymbol callee, ImmutableArray<Holder> receiver, OriginSet receiverOrigins, IEnumerable<(int Ordinal, IOperation Value)> arguments, IMethodSymbol? constructed, IOperation site)
    {
        var definition = callee.OriginalDefinition;
        var count = definition.Parameters.Length;
        var origins = Enumerable.Repeat(OriginSet.Empty, count).ToArray();
        var holders = Enumerable.Repeat(ImmutableArray<Holder>.Empty, count).ToArray();
        var reads = Enumerable.Repeat(ImmutableArray<ISymbol>.Empty, count).ToArray();
        var any = false;
        foreach (var (ordinal, value) in arguments)
        {
            if (ordinal < 0 || ordinal >= count)
            {
                continue;
            }

            var argumentOrigins = OriginsOf(value);
            origins[ordinal] = origins[ordinal].Union(argumentOrigins);
            holders[ordinal] = holders[ordinal].AddRange(HoldersOf(value));
            if (!argumentOrigins.IsEmpty)
            {
                // Only an argument that carries a module's value can make a copy-on-write of the storage it reads.
                reads[ordinal] = reads[ordinal].AddRange(StorageRead(value).Where(r => r is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }));
            }
            any |= !origins[ordinal].IsEmpty || !holders[ordinal].IsEmpty;
        }

        // A call that hands the callee nothing of this method's (no origin, no holder, no type argument) cannot
        // carry a module's value anywhere: the callee's effects all map to nothing here.
        var typeArguments = TypeArgumentOrigins(constructed ?? callee);
        if (!any && typeArguments.IsEmpty && receiverOrigins.IsEmpty)
        {
            return;
        }

        _calls.Add(new CallFact(definition, receiver, receiverOrigins, origins.ToImmutableArray(), holders.ToImmutableArray(), reads.ToImmutableArray(), typeArguments, site.Syntax.GetLocation()));
    }

    /// <summary>What the callee's type parameters (its own and its containing types') are bound to, in this method's origins.</summary>
    private ImmutableArray<(ITypeParameterSymbol, OriginSet)> TypeArgumentOrigins(IMethodSymbol callee)
    {
        var result = ImmutableArray.CreateBuilder<(ITypeParameterSymbol, OriginSet)>();
        var definition = callee.OriginalDefinition;
        for (var i = 0; i < callee.TypeArguments.Length && i < definition.TypeParameters.Length; i++)
        {
            var origins = TypeParameterOrigins(callee.TypeArguments[i]);
            if (!origins.IsEmpty)
            {
                result.Add((definition.TypeParameters[i], origins));
            }
        }

        for (var type = callee.ContainingType; type is not null; type = type.ContainingType)
        {
            var typeDefinition = type.OriginalDefinition;
            for (var i = 0; i < type.TypeArguments.Length && i < typeDefinition.TypeParameters.Length; i++)
            {
                var origins = TypeParameterOrigins(type.TypeArguments[i]);
                if (!origins.IsEmpty)
                {
                    result.Add((typeDefinition.TypeParameters[i], origins));
                }
            }
        }

        return result.ToImmutable();
    }

    private void RecordFieldAssignment(ISymbol member, IOperation value)
    {
        if (MethodGroup(value) is { } target)
        {
            _delegateTargets.Add(new DelegateTargetFact(member.OriginalDefinition, target));
        }

        if (IsCopiedWhole(member))
        {
            return;
        }

        var holders = HoldersOf(value).Where(IsObjectHolder).ToImmutableArray();
        if (!holders.IsEmpty)
        {
            _fieldAssignments.Add(new FieldAssignmentFact(member.OriginalDefinition, holders));
        }
    }

    /// <summary>
    /// A field of a struct type that holds no reference (an unmanaged type): assigning it copies the value, so changing the
    /// field later changes nobody else's copy (Scriban's lexer copies <c>LexerOptions.Default.StartPosition</c> into its own
    /// <c>_position</c> and advances that: held-out set 10). A struct holding references still shares what they point to.
    /// </summary>
    private static bool IsCopiedWhole(ISymbol member)
        => member switch
        {
            IFieldSymbol { RefKind: RefKind.None, Type: { IsValueType: true, IsUnmanagedType: true } } => true,
            IPropertySymbol { RefKind: RefKind.None, Type: { IsValueType: true, IsUnmanagedType: true } } => true,
            _ => false,
        };

    private void RecordCreation(ISymbol storage, IOperation value)
    {
        if (MethodGroup(value) is { } target)
        {
            _delegateTargets.Add(new DelegateTargetFact(storage.OriginalDefinition, target));
        }

        if (StaticReceivers.Unwrap(value) is IObjectCreationOperation { Type: { } created })
        {
            _creations.Add((storage.OriginalDefinition, created));
        }
    }

    /// <summary>
    /// An assignment to static storage. Replacing the value of a slot a generic method's caller names
    /// (<see cref="GenericInstantiations.IsReachedThroughMethodTypeParameters"/>) writes the caller's own copy, not one
    /// every module shares; adding to it is still judged (what it keeps may not be the caller's own).
    /// </summary>
    private void StoreStatic(StoreKind kind, ISymbol storage, OriginSet origins, IOperation site)
    {
        if (kind == StoreKind.Overwrite && GenericInstantiations.IsReachedThroughMethodTypeParameters(storage))
        {
            return;
        }

        Store(kind, ImmutableArray.Create(Holder.OfStatic(storage)), origins, site);
    }

    private void Store(StoreKind kind, ImmutableArray<Holder> targets, OriginSet origins, IOperation site)
    {
        if (kind == StoreKind.Overwrite && !targets.IsEmpty)
        {
            origins = origins.Union(DecidingOrigins(site));
        }

        if (!targets.IsEmpty && !origins.IsEmpty)
        {
            _stores.Add(new StoreFact(kind, targets, origins, site.Syntax.GetLocation()));
        }
    }

    /// <summary>
    /// The origins of the conditions a write depends on: <c>if (enabled) s_flags |= X;</c> lets the module choose
    /// the value as surely as <c>s_flag = enabled</c>. A lazy-initialisation guard (a condition that reads the
    /// written storage itself, <c>if (s_x == null)</c> or <c>s_x ?? (s_x = ...)</c>) decides only when, not what, and
    /// neither do the conditions that choose which lazy field to fill: not counted. Lambdas and local functions bound the walk.
    /// </summary>
    private OriginSet DecidingOrigins(IOperation site)
    {
        if (site is ICoalesceAssignmentOperation)
        {
            return OriginSet.Empty;
        }

        var written = site switch
        {
            IAssignmentOperation assignment => StorageRead(assignment.Target),
            _ => new HashSet<ISymbol>(SymbolEqualityComparer.Default),
        };
        var result = OriginSet.Empty;
        IOperation child = site;
        for (var current = site.Parent; current is not null; child = current, current = current.Parent)
        {
            IOperation? condition = current switch
            {
                IConditionalOperation conditional when child != conditional.Condition => conditional.Condition,
                ISwitchOperation @switch => @switch.Value,
                ISwitchExpressionOperation switchExpression when child != switchExpression.Value => switchExpression.Value,
                // `s_x ?? (s_x = ...)`: the left side is the guard of the assignment on the right.
                ICoalesceOperation coalesce when child == coalesce.WhenNull => coalesce.Value,
                IAnonymousFunctionOperation or ILocalFunctionOperation => null,
                _ => null,
            };
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (condition is not null)
            {
                if (StorageRead(condition).Overlaps(written))
                {
                    // Lazy initialisation (if (s_x == null) s_x = ...): the guard decides when, whatever the outer conditions.
                    return OriginSet.Empty;
                }

                result = result.Union(OriginsOf(condition).WithoutPinning());
            }
        }

        return result;
    }

    /// <summary>Adds <paramref name="origins"/> to what <paramref name="symbol"/> may hold; whether that widened it.</summary>
    private static bool Widen<TSymbol>(Dictionary<TSymbol, OriginSet> known, TSymbol symbol, OriginSet origins)
        where TSymbol : ISymbol
    {
        var previous = known.TryGetValue(symbol, out var held) ? held : OriginSet.Empty;
        if (previous.Covers(origins))
        {
            return false;
        }

        known[symbol] = previous.Union(origins);
        return true;
    }

    /// <summary>Holders that name an object by where it is kept, whoever runs the method (not "this" or a parameter).</summary>
    private static bool IsObjectHolder(Holder holder)
        => holder.Kind is Holder.HolderKind.Static or Holder.HolderKind.FieldValue or Holder.HolderKind.Returned;

    private static bool IsFieldLikeEvent(IEventSymbol @event)
        => @event.DeclaringSyntaxReferences.All(r => r.GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.EventDeclarationSyntax);

    /// <summary>A method with a body in this compilation (a referenced project's methods are metadata to it).</summary>
    private bool IsInSource(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _types.Compilation.Assembly)
            && method.MethodKind != MethodKind.DelegateInvoke && !method.IsExtern;

    // ---- origins -------------------------------------------------------------------------------------------------

    private OriginSet OriginsOf(IOperation? operation)
    {
        if (operation is null || operation.ConstantValue.HasValue)
        {
            return OriginSet.Empty;
        }

        if (_origins.TryGetValue(operation, out var known))
        {
            return known;
        }

        _origins[operation] = OriginSet.Empty;
        if (++_depth > MaxDepth)
        {
            _depth--;
            return OriginSet.Empty;
        }

        OriginSet origins;
        try
        {
            origins = ComputeOrigins(operation);
        }
        finally
        {
            _depth--;
        }

        // A value of a type that holds no reference (a string, a number) keeps no module loaded. A void call is no
        // value at all: in a collection initializer its arguments go into the object being built.
        if (origins.Pins && operation.Type is { SpecialType: not SpecialType.System_Void } type && !ModuleValues.CanHoldModuleReference(type))
        {
            origins = origins.WithoutPinning();
        }

        _origins[operation] = origins;
        return origins;
    }

    private OriginSet ComputeOrigins(IOperation operation)
    {
        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                if (IsOwnParameter(parameter.Parameter) && parameter.Parameter.RefKind != RefKind.Out)
                {
                    return OriginSet.Of(Origin.OfParameter(parameter.Parameter.Ordinal), ModuleValues.CanHoldModuleReference(parameter.Parameter.Type));
                }

                return _suppliedParameterOrigins.TryGetValue(parameter.Parameter.OriginalDefinition, out var suppliedHere) ? suppliedHere : OriginSet.Empty;
            case ILocalReferenceOperation local:
                return _localOrigins.TryGetValue(local.Local, out var localOrigins) ? localOrigins : OriginSet.Empty;
            case ITypeOfOperation typeOf:
                return TypeParameterOrigins(typeOf.TypeOperand);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                // The object an initializer is building: what goes into it comes from the initializer's arguments.
                return OriginSet.Empty;
            case IInstanceReferenceOperation:
                // The object the method runs on; whether a module's object can be there is the caller's (or the entry's) business.
                return _method is { IsStatic: false } ? OriginSet.Of(Origin.This, pins: true) : OriginSet.Empty;
            case ILiteralOperation:
                return OriginSet.Empty;
            case IFieldReferenceOperation field:
                return field.Field.IsStatic ? TypeParameterOrigins(field.Field.ContainingType) : OriginsOf(field.Instance);
            case IPropertyReferenceOperation property:
                return UnionOfChildren(property);
            case IObjectOrCollectionInitializerOperation initializer:
                // { x } and { [k] = v } put their values into the object being built, whatever Add returns.
                var built = OriginSet.Empty;
                foreach (var element in initializer.Initializers)
                {
                    built = built.Union(element switch
                    {
                        IInvocationOperation add => add.Arguments.Aggregate(OriginSet.Empty, (all, a) => all.Union(OriginsOf(a.Value))),
                        IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment
                            => indexer.Arguments.Aggregate(OriginsOf(assignment.Value), (all, a) => all.Union(OriginsOf(a.Value))),
                        IAssignmentOperation assignment => OriginsOf(assignment.Value),
                        _ => OriginsOf(element),
                    });
                }

                return built;
            case IObjectCreationOperation or ITypeParameterObjectCreationOperation or IDefaultValueOperation or IArrayCreationOperation:
                return UnionOfChildren(operation).Union(TypeParameterOrigins(operation.Type));
            case IAnonymousFunctionOperation or ILocalFunctionOperation or IDelegateCreationOperation:
                return CapturedOrigins(operation).AllPinning();
            case IInvocationOperation invocation:
                var result = UnionOfChildren(invocation);
                foreach (var typeArgument in invocation.TargetMethod.TypeArguments)
                {
                    result = result.Union(TypeParameterOrigins(typeArgument));
                }

                return result;
            default:
                return UnionOfChildren(operation);
        }
    }

    private OriginSet UnionOfChildren(IOperation operation)
    {
        var result = OriginSet.Empty;
        foreach (var child in operation.ChildOperations)
        {
            result = result.Union(OriginsOf(child));
        }

        return result;
    }

    /// <summary>What a lambda or local function captures of this method's parameters and locals: a delegate keeps them.</summary>
    private OriginSet CapturedOrigins(IOperation function)
    {
        var result = OriginSet.Empty;
        foreach (var descendant in function.Descendants())
        {
            switch (descendant)
            {
                case IParameterReferenceOperation parameter when IsOwnParameter(parameter.Parameter):
                case ILocalReferenceOperation:
                case IInstanceReferenceOperation:
                    result = result.Union(OriginsOf(descendant));
                    break;
                case ITypeOfOperation typeOf:
                    result = result.Union(TypeParameterOrigins(typeOf.TypeOperand));
                    break;
            }
        }

        return result;
    }

    private bool IsOwnParameter(IParameterSymbol parameter)
        => _method is not null && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, _method.OriginalDefinition);

    /// <summary>The type parameters of this method and its containing types that <paramref name="type"/> mentions.</summary>
    private OriginSet TypeParameterOrigins(ITypeSymbol? type)
    {
        var result = OriginSet.Empty;
        if (_method is not null)
        {
            AddTypeParameters(type, ref result, 0);
        }

        return result;
    }

    private void AddTypeParameters(ITypeSymbol? type, ref OriginSet result, int depth)
    {
        if (type is null || depth > 6)
        {
            return;
        }

        switch (type)
        {
            case ITypeParameterSymbol parameter when IsInScope(parameter):
                result = result.Union(OriginSet.Of(Origin.OfTypeParameter(parameter), pins: true));
                break;
            case IArrayTypeSymbol array:
                AddTypeParameters(array.ElementType, ref result, depth + 1);
                break;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    AddTypeParameters(argument, ref result, depth + 1);
                }

                if (named.ContainingType is { } containing)
                {
                    AddTypeParameters(containing, ref result, depth + 1);
                }

                break;
        }
    }

    private bool IsInScope(ITypeParameterSymbol parameter)
    {
        var owner = (ISymbol?)parameter.DeclaringMethod ?? parameter.DeclaringType;
        if (owner is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, _method.OriginalDefinition))
        {
            return true;
        }

        for (var type = _method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, type.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    // ---- holders -------------------------------------------------------------------------------------------------

    private ImmutableArray<Holder> HoldersOf(IOperation? operation)
    {
        if (++_depth > MaxDepth)
        {
            _depth--;
            return ImmutableArray<Holder>.Empty;
        }

        try
        {
            return HoldersOfCore(operation);
        }
        finally
        {
            _depth--;
        }
    }

    private ImmutableArray<Holder> HoldersOfCore(IOperation? operation)
    {
        switch (StaticReceivers.Unwrap(operation))
        {
            case null:
                return ImmutableArray<Holder>.Empty;
            case IFieldReferenceOperation { Field: { IsConst: false } field } reference:
                if (field.IsStatic)
                {
                    // An immutable object (string.Empty, a TimeSpan) has no state to change: it holds nothing.
                    return ImmutableTypes.IsImmutable(field.Type) && field.Type.SpecialType != SpecialType.System_Object
                        ? ImmutableArray<Holder>.Empty
                        : ImmutableArray.Create(Holder.OfStatic(field));
                }

                return HoldersOf(reference.Instance).Add(Holder.OfFieldValue(field));
            case IPropertyReferenceOperation reference:
                return PropertyHolders(reference);
            case IEventReferenceOperation { Event: var @event } reference:
                return @event.IsStatic ? ImmutableArray.Create(Holder.OfStatic(@event)) : HoldersOf(reference.Instance);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                return ImmutableArray<Holder>.Empty;
            case IInstanceReferenceOperation:
                return ImmutableArray.Create(Holder.This);
            case IParameterReferenceOperation parameter when IsOwnParameter(parameter.Parameter)
                && (!parameter.Parameter.Type.IsValueType || parameter.Parameter.RefKind != RefKind.None):
                // A struct passed by value is the callee's own copy: changing it changes nobody's storage.
                return ImmutableArray.Create(Holder.OfParameter(parameter.Parameter.Ordinal));
            case ILocalReferenceOperation local when !local.Local.Type.IsValueType || local.Local.IsRef:
                return _localHolders.TryGetValue(local.Local, out var holders) ? holders : ImmutableArray<Holder>.Empty;
            case IArrayElementReferenceOperation element:
                return HoldersOf(element.ArrayReference);
            case IInvocationOperation invocation:
                if (IsInSource(invocation.TargetMethod))
                {
                    return ImmutableArray.Create(Holder.OfReturned(invocation.TargetMethod));
                }

                // A framework call on a collection hands back something it holds (GetOrAdd(k, _ => new List<T>())), unless
                // it builds a new collection of the elements: adding to that copy adds nothing to the original
                // (Streamiz.Kafka.Net's builders start from `DEFAULT_RETRIABLE_EXCEPTIONS.ToList()` and add to their own
                // list; reported as a fill of the static and labelled noise on held-out set 21).
                var collection = StaticReceivers.ReceiverOf(invocation);
                return _types.StaticState.IsMutableCollection(collection?.Type) && !IsCopy(invocation.TargetMethod)
                    ? HoldersOf(collection)
                    : ImmutableArray<Holder>.Empty;
            case IConditionalAccessInstanceOperation instance:
                return HoldersOf(ConditionalAccessReceiver(instance));
            case IConditionalAccessOperation access:
                return HoldersOf(access.WhenNotNull);
            case ICoalesceOperation coalesce:
                return HoldersOf(coalesce.Value).AddRange(HoldersOf(coalesce.WhenNull));
            case IConditionalOperation conditional:
                return HoldersOf(conditional.WhenTrue).AddRange(HoldersOf(conditional.WhenFalse));
            default:
                return ImmutableArray<Holder>.Empty;
        }
    }

    /// <summary>A framework method that returns a new collection of the receiver's elements (<c>ToList()</c>, <c>ToArray()</c>, ...).</summary>
    private static bool IsCopy(IMethodSymbol method)
        => method.Name is "ToList" or "ToArray" or "ToHashSet" or "ToDictionary" or "ToLookup" or "ToImmutableArray"
            or "ToImmutableList" or "ToImmutableHashSet" or "ToImmutableDictionary" or "ToFrozenSet" or "ToFrozenDictionary";

    private ImmutableArray<Holder> PropertyHolders(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        var definition = property.OriginalDefinition;
        var inSource = SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _types.Compilation.Assembly);
        var isAuto = inSource && StaticStateSyntax.IsAutoProperty(definition);
        if (property.IsStatic)
        {
            if (isAuto)
            {
                return ImmutableArray.Create(Holder.OfStatic(property));
            }

            return inSource && property.GetMethod is { } getter ? ImmutableArray.Create(Holder.OfReturned(getter)) : ImmutableArray<Holder>.Empty;
        }

        var owner = HoldersOf(reference.Instance);
        if (isAuto)
        {
            return owner.Add(Holder.OfFieldValue(property));
        }

        return inSource && property.GetMethod is { } instanceGetter ? owner.Add(Holder.OfReturned(instanceGetter)) : owner;
    }

    /// <summary>The receiver <c>x</c> of <c>x?.M()</c>: the conditional access whose WhenNotNull part holds the instance.</summary>
    private static IOperation? ConditionalAccessReceiver(IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var current = instance.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalAccessOperation access && access.WhenNotNull == child)
            {
                return access.Operation;
            }
        }

        return null;
    }
}
