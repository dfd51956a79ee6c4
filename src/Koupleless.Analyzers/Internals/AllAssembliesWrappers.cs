using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Methods of this compilation that only hand out <c>AppDomain.CurrentDomain.GetAssemblies()</c> — a body that is
/// nothing but that call (through <c>?.</c>, with a <c>??</c> fallback) — and interface or abstract members whose
/// implementation here is one. Libraries put the call behind such a wrapper to fake it in tests (NLog's
/// <c>IAppEnvironment.GetAppDomainRuntimeAssemblies()</c>), so the search by name happens in the wrapper's caller.
/// Asked only for calls whose result is searched by name; each wrapper is read once per compilation.
/// </summary>
internal sealed class AllAssembliesWrappers
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _appDomain;
    private readonly INamedTypeSymbol? _assembly;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _known = new(SymbolEqualityComparer.Default);
    private ImmutableArray<INamedTypeSymbol> _sourceTypes;

    public AllAssembliesWrappers(Compilation compilation, INamedTypeSymbol appDomain)
    {
        _compilation = compilation;
        _appDomain = appDomain;
        _assembly = compilation.GetTypeByMetadataName("System.Reflection.Assembly");
    }

    /// <summary>Cheap first test: a method of this compilation that returns assemblies.</summary>
    public bool MayBeWrapper(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) && ReturnsAssemblies(method.ReturnType);

    /// <summary>Whether calling <paramref name="method"/> returns the process's whole assembly list.</summary>
    public bool IsWrapper(IMethodSymbol method, CancellationToken cancellationToken) => IsWrapper(method, 0, cancellationToken);

    /// <summary>
    /// A wrapper may hand out another wrapper's list (NLog 5.5.1: IAppEnvironment over IAppDomain); a few levels, no
    /// cycles. A longer chain is taken for no wrapper (a missed finding, never a wrong one).
    /// </summary>
    private const int MaxDepth = 3;

    private bool IsWrapper(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (!MayBeWrapper(method) || depth > MaxDepth)
        {
            return false;
        }

        return _known.TryGetValue(method, out var known) ? known : _known.GetOrAdd(method, IsWrapperUncached(method, depth, cancellationToken));
    }

    private bool IsWrapperUncached(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        => method.IsAbstract || method.ContainingType.TypeKind == TypeKind.Interface
            ? Implementations(method, cancellationToken).Any(i => BodyIsGetAssemblies(i, depth, cancellationToken))
            : BodyIsGetAssemblies(method, depth, cancellationToken);

    private bool ReturnsAssemblies(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsAssembly(array.ElementType),
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named => IsAssembly(named.TypeArguments[0]),
        _ => false,
    };

    private bool IsAssembly(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, _assembly);

    private IEnumerable<IMethodSymbol> Implementations(IMethodSymbol member, CancellationToken cancellationToken)
    {
        foreach (var type in SourceTypes(cancellationToken))
        {
            var implementation = member.ContainingType.TypeKind == TypeKind.Interface
                ? type.FindImplementationForInterfaceMember(member) as IMethodSymbol
                : type.GetMembers(member.Name).OfType<IMethodSymbol>().FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OverriddenMethod?.OriginalDefinition, member));
            if (implementation is { IsAbstract: false } && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
            {
                yield return implementation;
            }
        }
    }

    /// <summary>The compilation's own classes and structs, read once, the first time an interface member is asked about.</summary>
    private ImmutableArray<INamedTypeSymbol> SourceTypes(CancellationToken cancellationToken)
    {
        if (_sourceTypes.IsDefault)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var types = DeclaredTypes.Under(_compilation.Assembly.GlobalNamespace)
                .Where(t => t.TypeKind is TypeKind.Class or TypeKind.Struct)
                .ToImmutableArray();
            ImmutableInterlocked.InterlockedInitialize(ref _sourceTypes, types);
        }

        return _sourceTypes;
    }

    /// <summary>
    /// A body that returns <c>GetAssemblies()</c> of an AppDomain (<c>AppDomain.CurrentDomain</c>, or a field or property
    /// that holds the one domain), also through <c>?.</c>, with a <c>??</c> fallback, or from one of its return
    /// statements (<c>if (domain != null) return domain.GetAssemblies(); else return Empty;</c>): what it returns is, at
    /// least on some path, every assembly of the process.
    /// </summary>
    private bool BodyIsGetAssemblies(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode? body = reference.GetSyntax(cancellationToken) switch
            {
                BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
                BaseMethodDeclarationSyntax { Body: { } block } => block,
                _ => null,
            };
            if (body is null)
            {
                continue;
            }

            // Binding this one body of another tree is what tells which call it returns (the receiver may be a field or
            // property of the wrapper); it runs only for a call whose result is searched by name, once per wrapper.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = _compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
            var returned = model.GetOperation(body, cancellationToken) switch
            {
                IBlockOperation block => OwnReturns(block).Select(r => r.ReturnedValue),
                var expression => new[] { expression },
            };
            if (returned.Any(value => IsGetAssemblies(value, depth, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method's own return statements, not those of its lambdas and local functions.</summary>
    private static IEnumerable<IReturnOperation> OwnReturns(IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
        {
            if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            if (child is IReturnOperation { Kind: OperationKind.Return } @return)
            {
                yield return @return;
            }

            foreach (var nested in OwnReturns(child))
            {
                yield return nested;
            }
        }
    }

    private bool IsGetAssemblies(IOperation? operation, int depth, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case ICoalesceOperation coalesce:
                    operation = coalesce.Value;
                    continue;
                case IConditionalAccessOperation conditional:
                    operation = conditional.WhenNotNull;
                    continue;
                case IInvocationOperation { TargetMethod: { Name: "GetAssemblies", Parameters.Length: 0 } target }
                    when SymbolEqualityComparer.Default.Equals(target.ContainingType, _appDomain):
                    return true;
                case IInvocationOperation invocation:
                    return IsWrapper(invocation.TargetMethod, depth + 1, cancellationToken);
                default:
                    return false;
            }
        }
    }
}
