using System;
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The cookies of one type's GC handles: <c>GCHandle.ToIntPtr(h)</c> or <c>(IntPtr)h</c>, the IntPtr that native
/// callbacks carry and turn back into the handle with <c>GCHandle.FromIntPtr</c>. A cookie is not a hand-off in itself:
/// native code cannot free a handle, only managed code given the cookie back can. So a handle converted to a cookie
/// counts as handed on only when the cookie itself goes to managed code that may free it (returned, passed to a
/// managed method, stored in a property or a non-private field, directly or through a local or private field of the type).
/// </summary>
internal sealed class HandleCookies
{
    private readonly Func<ITypeSymbol?, bool> _isHandleType;
    private readonly ConcurrentBag<(ISymbol Handle, IOperation Cookie)> _cookies = new();
    private readonly ConcurrentDictionary<ISymbol, bool> _handedOnHolders = new(SymbolEqualityComparer.Default);

    private HandleCookies(Func<ITypeSymbol?, bool> isHandleType) => _isHandleType = isHandleType;

    public static HandleCookies Collect(SymbolStartAnalysisContext context, Func<ITypeSymbol?, bool> isHandleType)
    {
        var cookies = new HandleCookies(isHandleType);
        context.RegisterOperationAction(cookies.OnReference, OperationKind.FieldReference, OperationKind.LocalReference);
        return cookies;
    }

    /// <summary>
    /// The cookie made directly from <paramref name="handle"/> (an Alloc or a read of a handle field or local), or null
    /// when the handle value is used otherwise.
    /// </summary>
    public IOperation? CookieOf(IOperation handle)
    {
        var current = handle;
        while (current.Parent is IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ToIntPtr", IsStatic: true } method } toIntPtr }
                when _isHandleType(method.ContainingType) => toIntPtr,
            IConversionOperation { OperatorMethod: { ContainingType: var owner }, Type.SpecialType: SpecialType.System_IntPtr } conversion
                when _isHandleType(owner) => conversion,
            _ => null,
        };
    }

    /// <summary>Whether some cookie of the handle field or local <paramref name="handle"/> was made (a conversion the rule follows itself).</summary>
    public bool HasCookie(ISymbol handle) => _cookies.Any(c => SymbolEqualityComparer.Default.Equals(c.Handle, handle));

    /// <summary>Whether a cookie of <paramref name="handle"/> reaches managed code that may free it.</summary>
    public bool IsHandedOn(ISymbol handle)
        => _cookies.Any(c => SymbolEqualityComparer.Default.Equals(c.Handle, handle) && IsHandedOnCookie(c.Cookie));

    /// <summary>Whether the cookie goes to managed code that may free it, directly or through a local or private field that does.</summary>
    public bool IsHandedOnCookie(IOperation cookie) => Fate(cookie) switch
    {
        CookieFate.HandedOn => true,
        CookieFate.Kept => ResourceStorage.Of(cookie).Symbol is { } holder && _handedOnHolders.ContainsKey(holder),
        _ => false,
    };

    private void OnReference(OperationAnalysisContext context)
    {
        var reference = context.Operation;
        if (_isHandleType(reference.Type))
        {
            if (OperationWalk.TrackedSymbol(reference) is { } handle && CookieOf(reference) is { } cookie)
            {
                _cookies.Add((handle, cookie));
            }
        }
        else if (reference.Type?.SpecialType == SpecialType.System_IntPtr && OperationWalk.TrackedSymbol(reference) is { } holder
            && ReadFate(reference) == CookieFate.HandedOn)
        {
            // Any IntPtr of the type read this way: whether it holds a cookie is decided when a cookie is stored in it.
            _handedOnHolders.TryAdd(holder, true);
        }
    }

    private enum CookieFate
    {
        /// <summary>Compared, dropped, given to native code or back to GCHandle: nobody new can free the handle.</summary>
        Stays,
        /// <summary>Stored in a local or private field of the type: decided by that holder's reads.</summary>
        Kept,
        /// <summary>Returned, passed to managed code, stored where others reach it: its new owner may free it.</summary>
        HandedOn,
    }

    private static CookieFate Fate(IOperation cookie)
    {
        if (StaysAt(OperationWalk.Outermost(cookie)) is { } stays)
        {
            return stays;
        }

        return ResourceStorage.Of(cookie).Kind switch
        {
            StorageKind.Field or StorageKind.Local => CookieFate.Kept,
            StorageKind.Dropped => CookieFate.Stays,
            _ => CookieFate.HandedOn,
        };
    }

    /// <summary>A read of an IntPtr local or field; a copy into another variable counts as handed on (not followed further).</summary>
    private static CookieFate ReadFate(IOperation read)
    {
        var value = OperationWalk.Outermost(read);
        if (value.Parent is ISimpleAssignmentOperation assignment && assignment.Target == value)
        {
            return CookieFate.Stays;
        }

        return StaysAt(value) ?? (OperationWalk.IsEscapingRead(read) ? CookieFate.HandedOn : CookieFate.Stays);
    }

    /// <summary>Stays for an argument of native code or of a GC-handle method, a comparison, a member access; null to look further.</summary>
    private static CookieFate? StaysAt(IOperation value) => value.Parent switch
    {
        IArgumentOperation { Parent: IInvocationOperation invocation } => IsNativeOrHandleApi(invocation.TargetMethod) ? CookieFate.Stays : CookieFate.HandedOn,
        IArgumentOperation { Parent: IFunctionPointerInvocationOperation } => CookieFate.Stays,
        IArgumentOperation => CookieFate.HandedOn,
        IBinaryOperation or IIsPatternOperation or IIsTypeOperation => CookieFate.Stays,
        IInvocationOperation invocation when invocation.Instance == value => CookieFate.Stays,
        IMemberReferenceOperation member when member.Instance == value => CookieFate.Stays,
        _ => null,
    };

    /// <summary>
    /// A P/Invoke (<c>extern</c>, <c>[DllImport]</c>, <c>[LibraryImport]</c>) hands the cookie to native code, which cannot
    /// free a handle; <c>GCHandle.FromIntPtr</c> and friends turn it back into the handle the rule already follows.
    /// </summary>
    private static bool IsNativeOrHandleApi(IMethodSymbol method)
        => method.IsExtern
            || method.GetAttributes().Any(a => a.AttributeClass?.Name is "DllImportAttribute" or "LibraryImportAttribute")
            || method.ContainingType is { Name: "GCHandle" or "PinnedGCHandle" or "WeakGCHandle" or "Marshal" } owner
                && owner.ContainingNamespace?.ToDisplayString() == "System.Runtime.InteropServices";
}
