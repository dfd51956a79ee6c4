using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// A member used on a field or local of the analysed type: <c>_timer.Dispose()</c>, <c>timer.Enabled = false</c>,
/// <c>thread.Join()</c>. Whether it releases the resource is up to each rule.
/// </summary>
/// <param name="Target">The field (original definition) or local the member is used on.</param>
/// <param name="Member">The method called or the property written.</param>
/// <param name="Operation">The invocation or the property assignment.</param>
/// <param name="Where">The member whose body contains the use.</param>
/// <param name="InUnloadingHandler">Whether the use sits inside a lambda subscribed to AssemblyLoadContext.Unloading.</param>
internal sealed record ResourceUse(ISymbol Target, ISymbol Member, IOperation Operation, ISymbol Where, bool InUnloadingHandler);
