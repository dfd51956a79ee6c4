using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>What must be disposed to undo a registration in a process-global listener.</summary>
internal enum RegistrationResource
{
    /// <summary>The value the call returns (<c>AllListeners.Subscribe</c>, <c>CancellationToken.Register</c>, <c>ChangeToken.OnChange</c>).</summary>
    Result,
    /// <summary>The disposable argument of a void registration (<c>ActivitySource.AddActivityListener(listener)</c>).</summary>
    Argument,
    /// <summary>The object created (an <c>EventListener</c> subclass registers itself in its constructor).</summary>
    Creation,
}

/// <summary>One registration found in a type, evaluated when the whole type has been seen.</summary>
/// <param name="Operation">The invocation or creation; the diagnostic is reported on it.</param>
/// <param name="Resource">What must be disposed.</param>
/// <param name="Api">The API as the message names it.</param>
/// <param name="Reason">The catalog line's reason: why the registration outlives the module.</param>
/// <param name="Creator">The member containing the registration.</param>
/// <param name="Token">For <c>CancellationToken.Register</c>: the token registered on, whose owner decides.</param>
internal sealed record ListenerRegistration(
    IOperation Operation,
    RegistrationResource Resource,
    string Api,
    string Reason,
    ISymbol Creator,
    IOperation? Token);
