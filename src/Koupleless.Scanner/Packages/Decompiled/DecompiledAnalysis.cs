using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>What the analyzers found in one assembly's decompiled code, and how well that code compiled.</summary>
public sealed record AssemblyFindings(IReadOnlyList<PackageFinding> Findings, int CompileErrors, IReadOnlyList<string> AnalyzerFailures);

/// <summary>
/// Judges decompiled package code with the analyzers of `koupleless scan` — the same rules, nothing re-implemented.
/// Placement needs both sides, so the code is analysed twice: as a Shared library (what goes wrong when the base shares
/// it with every module) and as Module code (what goes wrong when each module loads its own copy).
/// </summary>
public static class DecompiledAnalysis
{
    public static readonly string[] Roles = { "Shared", "Module" };

    private const string BodiesSuffix = ".decompiled.cs";

    // No rule reads nullability, and the compiler's nullable flow analysis was half of the binding (AnyAscii's one
    // table-switch method: 14 s of the Module pass with it, 6 s without). The feature flag skips only that analysis;
    // annotations still bind, so the code means what it meant (docs/performance-scanner.md, stop 42).
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None)
        .WithFeatures(new[] { new KeyValuePair<string, string>("run-nullable-analysis", "never") });

    public static async Task<AssemblyFindings> AnalyzeAsync(
        PackageAssembly assembly,
        DecompiledCode code,
        IReadOnlyList<MetadataReference> references,
        AnalyzerSet analyzers,
        ImmutableArray<AdditionalText> catalogs,
        string? moduleHost,
        CancellationToken cancellationToken)
    {
        var trees = new List<SyntaxTree>();
        AddTree(trees, code.Bodies, assembly.Name + BodiesSuffix, cancellationToken);
        AddTree(trees, code.Declarations, assembly.Name + ".declarations.cs", cancellationToken);
        AddTree(trees, code.Retried, assembly.Name + ".retried" + BodiesSuffix, cancellationToken);
        AddTree(trees, code.Friends, assembly.Name + ".friends.cs", cancellationToken);
        var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Default);
        if (!assembly.PublicKey.IsEmpty)
        {
            // The original's identity (public signing needs no private key; nothing is emitted): friends' InternalsVisibleTo apply.
            compilationOptions = compilationOptions.WithCryptoPublicKey(assembly.PublicKey).WithPublicSign(true);
        }

        var compilation = CSharpCompilation.Create(assembly.Name, trees, references, compilationOptions);

        var findings = new List<PackageFinding>();
        var failures = new List<string>();
        var compileErrors = 0;
        foreach (var role in Roles)
        {
            var options = new AnalyzerOptions(catalogs);
            options = new AnalyzerOptions(catalogs, new InjectedOptionsProvider(options.AnalyzerConfigOptionsProvider, GlobalOptionsFor(role, moduleHost, IsWhole(code))));
            var withAnalyzers = compilation.WithAnalyzers(analyzers.Analyzers, new CompilationWithAnalyzersOptions(
                options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            // The first pass also yields the compiler's diagnostics from the same binding.
            var diagnostics = role == Roles[0]
                ? await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false)
                : await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error && !analyzers.RuleIds.Contains(diagnostic.Id) && diagnostic.Id != ProjectAnalysis.AnalyzerExceptionId)
                {
                    // Declarations written without bodies do not compile by design; only errors in the judged code count.
                    compileErrors += diagnostic.Location.SourceTree?.FilePath.EndsWith(BodiesSuffix, StringComparison.Ordinal) == true ? 1 : 0;
                }
                else if (diagnostic.Id == ProjectAnalysis.AnalyzerExceptionId)
                {
                    failures.Add($"{assembly.PathInPackage}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
                }
                else if (analyzers.RuleIds.Contains(diagnostic.Id) && diagnostic.Severity != DiagnosticSeverity.Hidden && !RuleFamilies.Of(diagnostic.Id).Equals(RuleFamilies.Configuration, StringComparison.Ordinal))
                {
                    findings.Add(ToFinding(diagnostic, assembly, compilation, role, cancellationToken));
                }
            }

        }

        return new AssemblyFindings(findings, compileErrors, failures);
    }

    /// <summary>
    /// Every type written with its bodies: every call in the assembly is in the compilation, so the analyzers may take
    /// code nothing calls for dead (docs/packages.md, "Code nothing calls"). Not so when only selected types have bodies
    /// or the decompiler could not write some.
    /// </summary>
    private static bool IsWhole(DecompiledCode code) => code.Declarations.Length == 0 && code.Skipped.Count == 0;

    /// <summary>The role, and in the Module pass whose host the module runs under, as a project's build would surface them.</summary>
    private static Dictionary<string, string> GlobalOptionsFor(string role, string? moduleHost, bool whole)
    {
        var values = new Dictionary<string, string> { [InjectedOptionsProvider.RoleKey] = role };
        if (whole)
        {
            values[InjectedOptionsProvider.ReleasedAssemblyKey] = "true";
        }

        if (moduleHost is not null && role == "Module")
        {
            values[InjectedOptionsProvider.ModuleHostKey] = moduleHost;
        }

        return values;
    }

    private static void AddTree(List<SyntaxTree> trees, string text, string path, CancellationToken cancellationToken)
    {
        if (text.Length > 0)
        {
            trees.Add(CSharpSyntaxTree.ParseText(SourceText.From(text), ParseOptions, path, cancellationToken));
        }
    }

    private static PackageFinding ToFinding(Diagnostic diagnostic, PackageAssembly assembly, Compilation compilation, string role, CancellationToken cancellationToken)
    {
        var (type, member) = ("", "");
        List<string>? snippet = null;
        int? line = null;
        var snippetStart = 0;
        if (diagnostic.Location.SourceTree is { } tree)
        {
            (type, member) = DeclaredAt(compilation.GetSemanticModel(tree), diagnostic.Location.SourceSpan, cancellationToken);
            var text = tree.GetText(cancellationToken);
            var lineIndex = text.Lines.GetLineFromPosition(diagnostic.Location.SourceSpan.Start).LineNumber;
            line = lineIndex + 1;
            snippetStart = Math.Max(0, lineIndex - 1);
            snippet = Enumerable.Range(snippetStart, Math.Min(text.Lines.Count, lineIndex + 2) - snippetStart)
                .Select(i => text.Lines[i].ToString().TrimEnd())
                .ToList();
        }

        return new PackageFinding(
            diagnostic.Id,
            RuleFamilies.Of(diagnostic.Id),
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            assembly.PathInPackage,
            type,
            member,
            IlOffset: null,
            Target: null,
            Hint: null)
        {
            Role = role,
            Snippet = snippet,
            SnippetStartLine = snippet is null ? null : snippetStart + 1,
            DecompiledLine = line,
        };
    }

    /// <summary>
    /// The type and member a finding is in, the way a user reads them in an API reference: a field, property, event or
    /// method of a type (a lambda or local function counts as the member that declares it; an accessor as its property).
    /// </summary>
    private static (string Type, string Member) DeclaredAt(SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        for (var node = root.FindNode(span, getInnermostNodeForTie: true); node is not null; node = node.Parent)
        {
            var symbol = node switch
            {
                VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } declarator => model.GetDeclaredSymbol(declarator, cancellationToken),
                PropertyDeclarationSyntax or IndexerDeclarationSyntax or EventDeclarationSyntax or BaseMethodDeclarationSyntax => model.GetDeclaredSymbol(node, cancellationToken),
                BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => model.GetDeclaredSymbol(node, cancellationToken),
                _ => null,
            };

            switch (symbol)
            {
                case INamedTypeSymbol type:
                    return (MetadataTypeName(type), string.Empty);
                case IFieldSymbol { ContainingType: { } containing } field
                    when SpellableNames.PropertyOfBackingField(field.Name) is { } property && containing.GetMembers(property).OfType<IPropertySymbol>().Any():
                    return (MetadataTypeName(containing), property); // an auto-property the decompiler wrote out: named as in source
                case { ContainingType: { } containing }:
                    return (MetadataTypeName(containing), symbol.MetadataName);
            }
        }

        return (string.Empty, string.Empty);
    }

    /// <summary>"Namespace.Outer.Inner`1": the type's name as reflection and the IL writes it, nested types joined by '.'.</summary>
    private static string MetadataTypeName(INamedTypeSymbol type)
    {
        var names = new Stack<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            names.Push(current.MetadataName);
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return ns + string.Join(".", names);
    }
}
