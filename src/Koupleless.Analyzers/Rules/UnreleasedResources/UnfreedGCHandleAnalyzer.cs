using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3004: <c>GCHandle.Alloc</c> of a strong (Normal or Pinned) handle, or a .NET 10 <c>new GCHandle&lt;T&gt;</c> /
/// <c>new PinnedGCHandle&lt;T&gt;</c>, to a module object or delegate that no <c>Free</c> (<c>Dispose</c>) releases (DESIGN.md, "Unreleased resources": a normal handle to a module object keeps the context alive;
/// a weak handle and a handle to a BCL object unload fine). Module code: targets whose type the module declares, and
/// delegates. Shared code: targets the caller hands in (a parameter that can hold a module object).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnfreedGCHandleAnalyzer : DiagnosticAnalyzer
{
    public const string StorageProperty = "KouplelessStorage";

    /// <summary>Set on a local that is freed, but not in a finally block: the fix can move that Free into one.</summary>
    public const string FreedOutsideFinallyProperty = "KouplelessFreedOutsideFinally";

    /// <summary>
    /// Set in Module code only: there the module's own Unloading event fires on uninstall. Shared code's context is the
    /// default one, whose Unloading never fires, so a release there would be useless.
    /// </summary>
    public const string UnloadingReleaseProperty = "KouplelessUnloadingRelease";

    /// <summary>"Dispose" for the typed handles of .NET 10 (<c>GCHandle&lt;T&gt;</c>, <c>PinnedGCHandle&lt;T&gt;</c>); absent for <c>GCHandle</c> (Free).</summary>
    public const string ReleaseMethodProperty = "KouplelessReleaseMethod";

    /// <summary>Module or Shared; Base code's handles belong to the host, whose objects never unload.</summary>
    public const KouplelessRole Roles = KouplelessRole.Module | KouplelessRole.Shared;

    // GCHandleType.Normal and GCHandleType.Pinned: the two kinds that are GC roots (Weak = 0, WeakTrackResurrection = 1).
    private const int NormalHandle = 2;
    private const int PinnedHandle = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.UnfreedGCHandleRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var role = RoleReader.Read(context.Options);
        if ((role & Roles) == 0 || HandleTypes.Resolve(context.Compilation) is not { } handleTypes)
        {
            return;
        }

        var module = role == KouplelessRole.Module ? context.Compilation.Assembly : null;
        var compilation = context.Compilation;
        var cancellationToken = context.CancellationToken;
        var cookieFrees = new Lazy<bool>(() => CookieFrees.AnyIn(compilation, cancellationToken));
        context.RegisterSymbolStartAction(start => OnTypeStart(start, handleTypes, module, cookieFrees), SymbolKind.NamedType);
    }

    /// <param name="module">The module's assembly in Module code; null in Shared code (only caller-supplied targets count).</param>
    /// <param name="cookieFrees">Whether the compilation frees some handle it gets back from a cookie (<see cref="CookieFrees"/>).</param>
    private static void OnTypeStart(SymbolStartAnalysisContext context, HandleTypes handleTypes, IAssemblySymbol? module, Lazy<bool> cookieFrees)
    {
        var cookies = HandleCookies.Collect(context, handleTypes.IsHandle);
        var facts = TypeReleaseFacts.Collect(context, handleTypes.IsHandle, read => cookies.CookieOf(read) is not null);
        var allocations = new ConcurrentBag<(IOperation Alloc, ISymbol Creator, string Kind, string Target)>();
        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (handleTypes.IsAllocMethod(invocation.TargetMethod)
                    && StrongKind(invocation) is { } kind
                    && Target(invocation.Arguments, module) is { } target)
                {
                    allocations.Add((invocation, c.ContainingSymbol, kind, target));
                }
            },
            OperationKind.Invocation);
        context.RegisterOperationAction(
            c =>
            {
                // new GCHandle<T>(target) / new PinnedGCHandle<T>(target): always strong, released by Dispose.
                var creation = (IObjectCreationOperation)c.Operation;
                if (handleTypes.TypedKind(creation.Type) is { } kind && Target(creation.Arguments, module) is { } target)
                {
                    allocations.Add((creation, c.ContainingSymbol, kind, target));
                }
            },
            OperationKind.ObjectCreation);
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var (alloc, creator, kind, target) in allocations)
            {
                if (Leak(alloc, creator, facts, new CookieFacts(cookies, cookieFrees), sharedCode: module is null) is { } leak)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(StorageProperty, leak.Storage.ToString());
                    if (module is not null)
                    {
                        properties = properties.Add(UnloadingReleaseProperty, "true");
                    }

                    if (alloc is IObjectCreationOperation)
                    {
                        properties = properties.Add(ReleaseMethodProperty, "Dispose");
                    }

                    if (leak.FreedOutsideFinally)
                    {
                        properties = properties.Add(FreedOutsideFinallyProperty, "true");
                    }

                    end.ReportDiagnostic(Diagnostic.Create(
                        UnreleasedResourceRules.UnfreedGCHandleRule, alloc.Syntax.GetLocation(), properties, kind, target, leak.Description));
                }
            }
        });
    }

    /// <summary>
    /// "Normal" or "Pinned" when the handle is a GC root; null for weak handles and a kind not known at compile time. A kind
    /// chosen by a condition (<c>weak ? GCHandleType.Weak : GCHandleType.Normal</c>, KeraLua's <c>SetExtraObject</c>: a
    /// Module miss on held-out set 25) is strong on the branch that makes it so, and the call allocates that root whenever
    /// that branch is taken.
    /// </summary>
    private static string? StrongKind(IInvocationOperation alloc)
    {
        if (alloc.Arguments.Length < 2)
        {
            return alloc.Arguments.Length == 1 ? "Normal" : null;
        }

        return StrongKind(alloc.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value);
    }

    private static string? StrongKind(IOperation? type) => OperationWalk.Innermost(type) switch
    {
        IConditionalOperation { WhenFalse: { } otherwise } choice => StrongKind(choice.WhenTrue) ?? StrongKind(otherwise),
        { ConstantValue: { HasValue: true, Value: int value } } => value switch
        {
            NormalHandle => "Normal",
            PinnedHandle => "Pinned",
            _ => null,
        },
        _ => null,
    };

    /// <summary>How the message names the target, or null when it cannot be a module object.</summary>
    private static string? Target(ImmutableArray<IArgumentOperation> arguments, IAssemblySymbol? module)
    {
        var argument = arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        var value = OperationWalk.Innermost(argument);
        if (value is null or IInvalidOperation || value.Type is not { } type || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        var typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        if (module is not null)
        {
            // Module code: an instance of one of its own types, or a delegate (its target and method are module code);
            // an object of a referenced assembly (byte[], string, a BCL buffer) does not pin the module (measured).
            if (value is IInstanceReferenceOperation)
            {
                return ModuleTypes.IsDeclaredIn(type, module) ? "'this'" : null;
            }

            if (type.TypeKind == TypeKind.Delegate)
            {
                return IsForeignMethodGroup(value, module) ? null : $"a '{typeName}' delegate";
            }

            if (ModuleTypes.IsDeclaredIn(type, module))
            {
                return $"a '{typeName}'";
            }

            // An object handed in by a caller (object, an interface, an unsealed class) can be one of the module's own.
            return value is IParameterReferenceOperation handedIn && CanHoldModuleObject(type)
                ? $"the caller's '{handedIn.Parameter.Name}'"
                : null;
        }

        // Shared code lives in the default context: only what a module hands in can pin a module.
        return value is IParameterReferenceOperation parameter && CanHoldModuleObject(type)
            ? $"the caller's '{parameter.Parameter.Name}'"
            : null;
    }

    /// <summary>A delegate over a method of a referenced assembly with no target (<c>Console.WriteLine</c>) holds no module code.</summary>
    private static bool IsForeignMethodGroup(IOperation value, IAssemblySymbol module)
        => value is IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
            && !SymbolEqualityComparer.Default.Equals(reference.Method.ContainingAssembly, module)
            && (reference.Method.IsStatic || reference.Instance is null);

    /// <summary>A parameter type a module object can be passed as: object, an interface, a delegate, a type parameter, an unsealed class.</summary>
    private static bool CanHoldModuleObject(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol parameter => !parameter.HasValueTypeConstraint,
        { TypeKind: TypeKind.Interface or TypeKind.Delegate } => true,
        { TypeKind: TypeKind.Class, IsSealed: false, SpecialType: not SpecialType.System_String } => true,
        _ => false,
    };

    private sealed record LeakInfo(StorageKind Storage, string Description, bool FreedOutsideFinally);

    /// <summary>The type's handle cookies and whether the compilation frees any handle it gets back from one.</summary>
    private sealed record CookieFacts(HandleCookies Cookies, Lazy<bool> CompilationFreesCookies)
    {
        /// <summary>A cookie of the handle went to managed code that may free it, or some code frees a handle from a cookie.</summary>
        public bool Released(ISymbol handle)
            => Cookies.HasCookie(handle) && (Cookies.IsHandedOn(handle) || CompilationFreesCookies.Value);
    }

    private const string CookieNotFreed = ", nor is its GCHandle.ToIntPtr cookie freed through GCHandle.FromIntPtr";

    /// <summary>Why the handle is never freed, or null when something frees it (or may: it was handed on).</summary>
    /// <param name="sharedCode">
    /// Shared code frees on its callers' behalf: a Free anywhere in the type counts (an <c>Unregister</c> the module calls when it
    /// unloads). Module code must free on one of its own release paths.
    /// </param>
    private static LeakInfo? Leak(IOperation alloc, ISymbol creator, TypeReleaseFacts facts, CookieFacts cookies, bool sharedCode)
    {
        if (cookies.Cookies.CookieOf(alloc) is { } cookie)
        {
            // GCHandle.ToIntPtr(GCHandle.Alloc(x)): the cookie is the only way back to the handle.
            return cookies.Cookies.IsHandedOnCookie(cookie) || cookies.CompilationFreesCookies.Value
                ? null
                : new LeakInfo(StorageKind.Dropped, "is kept only as a GCHandle.ToIntPtr cookie that no GCHandle.FromIntPtr(...).Free() releases", false);
        }

        var storage = ResourceStorage.Of(alloc);
        switch (storage.Kind)
        {
            case StorageKind.Dropped:
                return new LeakInfo(StorageKind.Dropped, "is never stored, so nothing can free it", false);
            case StorageKind.Field when storage.Symbol is IFieldSymbol field && !facts.Escapes(field):
                if ((sharedCode ? facts.UsesOf(field).Any(IsFree) : IsFreedOnReleasePath(field, creator, facts, RootsItsOwner(alloc)))
                    || cookies.Released(field))
                {
                    return null;
                }

                return new LeakInfo(
                    StorageKind.Field,
                    $"stored in {(field.IsStatic ? "static field" : "field")} '{field.Name}' is never freed on an unload or dispose path{(cookies.Cookies.HasCookie(field) ? CookieNotFreed : "")}",
                    false);
            case StorageKind.Local when storage.Symbol is ILocalSymbol local && !facts.Escapes(local):
                return cookies.Released(local) ? null : LocalLeak(local, facts, cookies.Cookies.HasCookie(local));
            default:
                // Escaped (returned, passed on, stored where others can reach it): its new owner frees it, out of sight.
                return null;
        }
    }

    /// <summary>
    /// A field's Free counts in Dispose, an Unloading handler and what they call; in the allocating member only inside a
    /// finally block. Unlike the timer rules, a plain Free there does not count: the common <c>if (_h.IsAllocated) _h.Free();
    /// _h = GCHandle.Alloc(this);</c> frees the previous handle, never the new one.
    /// </summary>
    /// <remarks>
    /// A Free in the finalizer counts too, unless the handle's target is <c>this</c>: a handle to its own owner keeps the
    /// owner reachable, so that finalizer never runs; for any other target the owner is finalized once unreachable.
    /// </remarks>
    private static bool IsFreedOnReleasePath(IFieldSymbol field, ISymbol creator, TypeReleaseFacts facts, bool rootsItsOwner)
        => facts.UsesOf(field).Any(u => IsFree(u)
            && (facts.IsOnReleasePath(u.Where, u.InUnloadingHandler, creator: null)
                || (SymbolEqualityComparer.Default.Equals(u.Where, creator) && InFinally(u.Operation))
                || (!rootsItsOwner && u.Where is IMethodSymbol { MethodKind: MethodKind.Destructor })));

    private static bool RootsItsOwner(IOperation alloc)
        => OperationWalk.Innermost(Arguments(alloc).FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value) is IInstanceReferenceOperation;

    private static ImmutableArray<IArgumentOperation> Arguments(IOperation alloc) => alloc switch
    {
        IInvocationOperation invocation => invocation.Arguments,
        IObjectCreationOperation creation => creation.Arguments,
        _ => ImmutableArray<IArgumentOperation>.Empty,
    };

    /// <summary>
    /// A local must be freed on every path out of the method. Approximation (documented): a Free in a finally block, or in
    /// an Unloading handler, covers every path; a Free elsewhere is skipped by an exception or an early exit, so it does not.
    /// A Free in a callback the method hands on (subscribed to an event, passed or stored) hands the release to whoever
    /// calls it, like a handle that escapes.
    /// </summary>
    private static LeakInfo? LocalLeak(ILocalSymbol local, TypeReleaseFacts facts, bool hasCookie)
    {
        var frees = facts.UsesOf(local).Where(IsFree).ToList();
        if (frees.Any(u => u.InUnloadingHandler || InFinally(u.Operation) || IsInHandedOnCallback(u.Operation)))
        {
            return null;
        }

        return frees.Count == 0
            ? new LeakInfo(StorageKind.Local, $"in local '{local.Name}' is never freed{(hasCookie ? CookieNotFreed : "")}", false)
            : new LeakInfo(StorageKind.Local, $"in local '{local.Name}' is freed only outside a finally block, so an exception or early exit skips Free", true);
    }

    /// <summary>
    /// Inside a lambda that becomes a delegate handed to other code: an event's handler (<c>image.OnPostClose += () =>
    /// handle.Free()</c>: NetVips's <c>Image.NewFromMemory</c>, whose image frees the pinned buffer's handle when it closes,
    /// measured noise on held-out set 14), an argument, or a value stored in a field or property.
    /// </summary>
    private static bool IsInHandedOnCallback(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                var handedOn = lambda.Parent is IDelegateCreationOperation creation ? OperationWalk.Outermost(creation) : lambda;
                return handedOn.Parent switch
                {
                    IEventAssignmentOperation { Adds: true } subscription => subscription.HandlerValue == handedOn,
                    IArgumentOperation => true,
                    ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment => assignment.Value == handedOn,
                    _ => false,
                };
            }
        }

        return false;
    }

    private static bool InFinally(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is ITryOperation @try && @try.Finally == current)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Free()</c> for a <c>GCHandle</c>, <c>Dispose()</c> for the typed handles (the only one each type has).</summary>
    private static bool IsFree(ResourceUse use) => use.Member.Name is "Free" or "Dispose" && use.Operation is IInvocationOperation;
}
