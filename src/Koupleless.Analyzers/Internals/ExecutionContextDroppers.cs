using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Calls that start work on another thread, and whether they carry the caller's execution context — which is where
/// the contextual-reflection scope lives. Measured (DESIGN.md): the scope flows into ThreadPool.QueueUserWorkItem,
/// Task.Run, new Thread(...).Start() and Timer callbacks; it is lost with the Unsafe* variants and under
/// ExecutionContext.SuppressFlow().
/// </summary>
internal sealed class ExecutionContextDroppers
{
    private readonly INamedTypeSymbol? _threadPool;
    private readonly INamedTypeSymbol? _thread;
    private readonly INamedTypeSymbol? _cancellationToken;
    private readonly INamedTypeSymbol? _executionContext;
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _taskFactory;
    private readonly INamedTypeSymbol? _timer;

    private ExecutionContextDroppers(Compilation compilation)
    {
        _threadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        _cancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        _executionContext = compilation.GetTypeByMetadataName("System.Threading.ExecutionContext");
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        _taskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        _timer = compilation.GetTypeByMetadataName("System.Threading.Timer");
    }

    public static ExecutionContextDroppers Create(Compilation compilation) => new(compilation);

    /// <summary>ThreadPool.UnsafeQueueUserWorkItem, ThreadPool.UnsafeRegisterWaitForSingleObject, Thread.UnsafeStart, CancellationToken.UnsafeRegister.</summary>
    public bool IsUnsafeVariant(IMethodSymbol method)
        => method.Name.StartsWith("Unsafe", System.StringComparison.Ordinal)
            && method.Name != "UnsafeQueueNativeOverlapped"
            && (Is(method.ContainingType, _threadPool) || Is(method.ContainingType, _thread) || Is(method.ContainingType, _cancellationToken));

    /// <summary>Work that captures the execution context when it is started (and so loses it under SuppressFlow).</summary>
    public bool StartsWork(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod: var m } => (Is(m.ContainingType, _threadPool) && m.Name is "QueueUserWorkItem" or "RegisterWaitForSingleObject")
            || (Is(m.ContainingType, _task) && m.Name is "Run" or "Start")
            || (m.Name == "StartNew" && IsTaskFactory(m.ContainingType))
            || (Is(m.ContainingType, _thread) && m.Name == "Start")
            || (Is(m.ContainingType, _cancellationToken) && m.Name == "Register"),
        IObjectCreationOperation { Type: var t } => Is(t, _timer),
        _ => false,
    };

    public bool IsSuppressFlow(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "SuppressFlow" && Is(invocation.TargetMethod.ContainingType, _executionContext);

    /// <summary>Work started without the caller's execution context: an Unsafe* variant, or any start inside a SuppressFlow scope.</summary>
    public bool DropsContext(IOperation operation)
        => (operation is IInvocationOperation invocation && IsUnsafeVariant(invocation.TargetMethod))
            || (StartsWork(operation) && EnclosingScope.IsInside(operation, IsSuppressFlow));

    /// <summary>
    /// <paramref name="function"/> (a lambda) is the callback of work started without the caller's execution context,
    /// so its body does not run in the scope that surrounds it in the source.
    /// </summary>
    public bool IsQueuedWithoutContext(IOperation function)
    {
        var current = function.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current is IArgumentOperation { Parent: { } call })
        {
            if (DropsContext(call))
            {
                return true;
            }

            // new Thread(() => ...) started later with UnsafeStart: the start call decides.
            if (call is IObjectCreationOperation creation && Is(creation.Type, _thread))
            {
                return StartedUnsafely(creation);
            }
        }

        return false;
    }

    private bool StartedUnsafely(IObjectCreationOperation threadCreation)
    {
        if (threadCreation.Parent is IInvocationOperation { TargetMethod.Name: "UnsafeStart" } direct && direct.Instance == threadCreation)
        {
            return true;
        }

        var local = threadCreation.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null)
        {
            return false;
        }

        IOperation top = threadCreation;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }

        return top.Descendants().OfType<IInvocationOperation>().Any(i =>
            i.TargetMethod.Name == "UnsafeStart" && i.Instance is ILocalReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Local, local));
    }

    /// <summary>TaskFactory or TaskFactory&lt;T&gt;.</summary>
    private bool IsTaskFactory(INamedTypeSymbol? type)
        => type is not null && (Is(type, _taskFactory)
            || (type.Name == _taskFactory?.Name && SymbolEqualityComparer.Default.Equals(type.ContainingNamespace, _taskFactory.ContainingNamespace)));

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
