using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3001: a timer created by module code that pins the module (DESIGN.md, "Unreleased resources"):
/// a <c>System.Threading.Timer</c> in a static field, or in an instance field when its callback or state captures
/// the instance; a started <c>System.Timers.Timer</c> in a field or local; a <c>PeriodicTimer</c> that is awaited
/// and not disposed. Not reported (measured to unload): a timer stored nowhere (finalized), an idle
/// <c>System.Timers.Timer</c>, a <c>PeriodicTimer</c> in using, and any timer released on a release path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndisposedTimerAnalyzer : DiagnosticAnalyzer
{
    public const string StorageProperty = "KouplelessStorage";
    public const string ReleaseProperty = "KouplelessRelease";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.UndisposedTimerRule, UnreleasedResourceRules.StaticDefaultTimerRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if ((RoleReader.Read(context.Options) & UnreleasedResourceRules.Roles) == 0)
        {
            return;
        }

        var types = new TimerTypes(
            context.Compilation.GetTypeByMetadataName("System.Threading.Timer"),
            context.Compilation.GetTypeByMetadataName("System.Timers.Timer"),
            context.Compilation.GetTypeByMetadataName("System.Threading.PeriodicTimer"));
        if (types.Threading is null && types.Timers is null && types.Periodic is null)
        {
            return;
        }

        // A timer disposed only with its object, on the object a static default holds, is reported at the compilation's
        // end: the module may dispose the default from any of its types (its Unloading handler).
        var staticDefaultTimers = new StaticDefaultReleases(new ProcessExitHandlers(context.Compilation, context.CancellationToken));
        staticDefaultTimers.Register(context);
        context.RegisterOperationAction(staticDefaultTimers.OnOwnedCreation, OperationKind.SimpleAssignment, OperationKind.FieldInitializer);
        context.RegisterSymbolStartAction(start => OnTypeStart(start, types, staticDefaultTimers), SymbolKind.NamedType);
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, TimerTypes types, StaticDefaultReleases staticDefaultTimers)
    {
        var facts = TypeReleaseFacts.Collect(context, types.IsTimer);
        var creations = new ConcurrentBag<(IObjectCreationOperation Creation, ISymbol Creator)>();
        context.RegisterOperationAction(
            c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (types.IsTimer(creation.Type))
                {
                    creations.Add((creation, c.ContainingSymbol));
                }
            },
            OperationKind.ObjectCreation);
        context.RegisterSymbolEndAction(end =>
        {
            List<ISymbol>? staticDefaults = null;
            foreach (var (creation, creator) in creations)
            {
                if (Hazard(creation, creator, facts, types) is not ({ } storage, var release))
                {
                    continue;
                }

                var timer = creation.Type!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
                if (release == Release.Never)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        UnreleasedResourceRules.UndisposedTimerRule,
                        creation.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty
                            .Add(StorageProperty, storage.Kind.ToString())
                            .Add(ReleaseProperty, "Dispose"),
                        timer,
                        Describe(storage)));
                }
                else if (release == Release.WithItsObject && creator is { IsStatic: false })
                {
                    var type = (INamedTypeSymbol)end.Symbol;
                    staticDefaults ??= StaticDefaults.Of(type, end.CancellationToken);
                    staticDefaultTimers.Add(
                        type, creation.Syntax.GetLocation(), UnreleasedResourceRules.StaticDefaultTimerRule,
                        staticDefaults.Count > 0 ? StaticDefaults.VisibleName(type, staticDefaults[0]) : null, timer, Describe(storage));
                }
            }
        });
    }

    private static string Describe(ResourceStorage storage) => storage.Symbol switch
    {
        IFieldSymbol { IsStatic: true } field => $"stored in static field '{field.Name}'",
        IFieldSymbol field => $"stored in field '{field.Name}'",
        ILocalSymbol local => $"in local '{local.Name}'",
        _ => "created here",
    };

    /// <summary>When a pinning timer is released: never, only with its object (its type's Dispose, Close, Stop…), or otherwise.</summary>
    private enum Release
    {
        Never,
        WithItsObject,
        Otherwise,
    }

    /// <summary>The storage of a timer that pins the module, and when it is released; a null storage: it cannot pin.</summary>
    private static (ResourceStorage? Storage, Release Release) Hazard(IObjectCreationOperation creation, ISymbol creator, TypeReleaseFacts facts, TimerTypes types)
    {
        var storage = ResourceStorage.Of(creation);
        if (storage.Kind is not (StorageKind.Field or StorageKind.Local) || storage.Symbol is not { } symbol || facts.Escapes(symbol))
        {
            return (null, Release.Otherwise);
        }

        var type = creation.Type;
        bool pins;
        Func<ResourceUse, bool> isRelease;
        if (SymbolEqualityComparer.Default.Equals(type, types.Threading))
        {
            // The queue holds the callback, not the Timer: an unreferenced Timer is finalized and stops. It pins when a
            // static keeps it, or when its callback/state keeps the instance whose field keeps it (a cycle rooted in the queue).
            pins = storage.Kind == StorageKind.Field && (storage.IsStatic || CapturesInstance(creation)) && !IsOneShot(creation, facts.UsesOf(symbol));
            isRelease = IsThreadingTimerRelease;
        }
        else if (SymbolEqualityComparer.Default.Equals(type, types.Timers))
        {
            // Measured: a started System.Timers.Timer pins (its internal timer's callback references it); an idle one does not.
            pins = StartedInInitializer(creation) || facts.UsesOf(symbol).Any(IsTimersTimerStart);
            isRelease = IsTimersTimerRelease;
        }
        else
        {
            // PeriodicTimer: the pending WaitForNextTickAsync continuation is module code held by the timer queue.
            pins = facts.UsesOf(symbol).Any(u => u.Member.Name == "WaitForNextTickAsync");
            isRelease = u => u.Member.Name == "Dispose";
        }

        if (!pins)
        {
            return (null, Release.Otherwise);
        }

        var release = !facts.IsReleased(symbol, creator, isRelease) ? Release.Never
            : storage is { Kind: StorageKind.Field, IsStatic: false } && !facts.IsReleasedWithoutItsObject(symbol, creator, isRelease) ? Release.WithItsObject
            : Release.Otherwise;
        return (storage, release);
    }

    private static bool CapturesInstance(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            var value = OperationWalk.Innermost(argument.Value);
            if (value is IInstanceReferenceOperation)
            {
                return true;
            }

            if (value is IDelegateCreationOperation delegateCreation)
            {
                switch (delegateCreation.Target)
                {
                    case IMethodReferenceOperation { Method.IsStatic: false, Instance: { } instance }
                        when OperationWalk.Innermost(instance) is IInstanceReferenceOperation:
                        return true;
                    case IAnonymousFunctionOperation lambda when lambda.Descendants().OfType<IInstanceReferenceOperation>().Any():
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A timer started once, with an infinite period: it leaves the queue when it fires, and with it the callback
    /// (measured: the module is collected once it has fired; until then it is kept — the page's known limit for long
    /// due times). <c>Change</c> may push the due time back from elsewhere (a batch's time limit restarted by each
    /// message: it still fires once after the last); a <c>Change</c> that gives it a period, or one that its own
    /// callback makes (a periodic timer that re-arms itself), makes it periodic. Seen on released packages:
    /// MassTransit's batch time-limit and kill-switch restart timers. A timer created idle (<c>Timeout.Infinite</c> for
    /// both) is not in the queue at all until a <c>Change</c> arms it, so the same reading holds: armed only once at a
    /// time from outside its callback, it leaves the queue each time it fires (MySqlConnector's <c>TimerQueue</c> and
    /// JasperFx's <c>BatchingChannel</c>, armed per pending timeout or batch: measured noise on held-out sets 1 and 13).
    /// </summary>
    private static bool IsOneShot(IObjectCreationOperation creation, IEnumerable<ResourceUse> uses)
    {
        if (creation.Arguments.Length != 4 || !IsInfinite(creation.Arguments[3].Value))
        {
            return false;
        }

        var callback = OperationWalk.Innermost(creation.Arguments[0].Value) is IDelegateCreationOperation { Target: var target } ? target : null;
        return !uses.Any(use => use.Member.Name == "Change" && use.Operation is IInvocationOperation { Arguments.Length: 2 } change
            && !IsInfinite(change.Arguments[0].Value)
            && (!IsInfinite(change.Arguments[1].Value) || IsInCallback(use, callback)));
    }

    /// <summary>Whether the use is in the timer's callback: its method, its lambda, or a method its lambda calls.</summary>
    private static bool IsInCallback(ResourceUse use, IOperation? callback) => callback switch
    {
        IMethodReferenceOperation method => SymbolEqualityComparer.Default.Equals(use.Where.OriginalDefinition, method.Method.OriginalDefinition),
        IAnonymousFunctionOperation lambda => lambda.Syntax.SyntaxTree == use.Operation.Syntax.SyntaxTree && lambda.Syntax.Span.Contains(use.Operation.Syntax.Span)
            || lambda.Descendants().OfType<IInvocationOperation>().Any(call => SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, use.Where.OriginalDefinition)),
        _ => true, // a callback we cannot see: assume it re-arms
    };

    private static bool IsThreadingTimerRelease(ResourceUse use)
        => use.Member.Name is "Dispose" or "DisposeAsync"
            || (use.Member.Name == "Change" && use.Operation is IInvocationOperation { Arguments.Length: > 0 } change
                && IsInfinite(change.Arguments[0].Value));

    /// <summary><c>Change(Timeout.Infinite, ...)</c> takes the timer out of the queue, which drops the callback.</summary>
    private static bool IsInfinite(IOperation dueTime)
    {
        var value = OperationWalk.Innermost(dueTime);
        if (value?.ConstantValue is { HasValue: true, Value: int or long or uint } constant)
        {
            return System.Convert.ToInt64(constant.Value) == -1 || (constant.Value is uint u && u == uint.MaxValue);
        }

        // Timeout.InfiniteTimeSpan, or TimeSpan.FromMilliseconds(-1), the decompiler's spelling of it.
        return value is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" }
            || value is IInvocationOperation { TargetMethod: { Name: "FromMilliseconds", ContainingType.Name: "TimeSpan" }, Arguments.Length: 1 } fromMilliseconds
                && OperationWalk.Innermost(fromMilliseconds.Arguments[0].Value)?.ConstantValue is { HasValue: true, Value: double or int or long } milliseconds
                && System.Convert.ToDouble(milliseconds.Value) == -1;
    }

    private static bool IsTimersTimerStart(ResourceUse use)
        => use.Member.Name == "Start" || (use.Member.Name == "Enabled" && !AssignsConstant(use.Operation, false));

    private static bool IsTimersTimerRelease(ResourceUse use)
        => use.Member.Name is "Dispose" or "Stop" or "Close" || (use.Member.Name == "Enabled" && AssignsConstant(use.Operation, false));

    private static bool AssignsConstant(IOperation operation, bool expected)
        => operation is ISimpleAssignmentOperation { Value.ConstantValue: { HasValue: true, Value: bool value } } && value == expected;

    private static bool StartedInInitializer(IObjectCreationOperation creation)
        => creation.Initializer?.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Enabled" } } set
            && !AssignsConstant(set, false)) == true;

    private sealed record TimerTypes(INamedTypeSymbol? Threading, INamedTypeSymbol? Timers, INamedTypeSymbol? Periodic)
    {
        public bool IsTimer(ITypeSymbol? type)
            => type is not null
                && (SymbolEqualityComparer.Default.Equals(type, Threading)
                    || SymbolEqualityComparer.Default.Equals(type, Timers)
                    || SymbolEqualityComparer.Default.Equals(type, Periodic));
    }
}
