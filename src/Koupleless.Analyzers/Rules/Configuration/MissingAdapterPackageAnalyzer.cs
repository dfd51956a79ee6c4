using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Koupleless.Analyzers.Adapters;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.Configuration;

/// <summary>
/// KPL9003: a Module or Shared project uses a package whose adapter-table entry names an adapter package that the
/// project does not reference. Reported once per project and package, at the first use in the project's code (a
/// package that only arrives transitively and is never called needs no adapter here). The build-time side of the
/// Koupleless "plugin" that matches packages to adapters.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingAdapterPackageAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.MissingAdapterPackage,
        title: "Package used without its Koupleless adapter package",
        messageFormat: "'{0}' is from {1} {2}, whose Koupleless adapter package is not referenced: add <PackageReference Include=\"{3}\" Version=\"{4}\" /> and use it as its page says (entry {5}({6}))",
        DiagnosticCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "The adapter table (rules/KouplelessAdapters.txt and KouplelessAdapters*.txt next to the project) names an adapter "
            + "package for this library: the hazards it brings to modules (shared static caches, name-based look-ups, the static logger) "
            + "are fixed by the adapter, not by each call site. Reported once per project, at the first use of the library.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        if (RoleReader.Read(context.Options) == KouplelessRole.Base)
        {
            return;
        }

        var missing = MissingAdapters.Of(context.Compilation, AdapterTables.For(context.Options.AdditionalFiles, context.CancellationToken));
        if (missing.Count == 0)
        {
            // The common case: no library of the table, or its adapter is referenced. Nothing else is registered.
            return;
        }

        var firstUses = new FirstUses(missing);
        context.RegisterOperationAction(
            c => firstUses.Note(ReferencedMember(c.Operation), c.Operation.Syntax.GetLocation()),
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference,
            OperationKind.FieldReference,
            OperationKind.EventReference,
            OperationKind.MethodReference);
        context.RegisterCompilationEndAction(c =>
        {
            foreach (var (requirement, assembly, use) in firstUses.Found())
            {
                c.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    use.Location,
                    use.Member,
                    requirement.PackageId,
                    assembly.Version.ToString(),
                    requirement.AdapterId,
                    requirement.AdapterVersion,
                    requirement.Source,
                    requirement.Line));
            }
        });
    }

    private static ISymbol? ReferencedMember(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IObjectCreationOperation creation => creation.Constructor,
        IMemberReferenceOperation reference => reference.Member,
        _ => null,
    };

    /// <summary>The first use (by file path, then position: the same on every run) of each library that lacks its adapter.</summary>
    private sealed class FirstUses
    {
        private readonly Dictionary<string, (AdapterRequirement Requirement, AssemblyIdentity Assembly)> _missing;
        private readonly Dictionary<string, (Location Location, string Member)> _first = new(StringComparer.OrdinalIgnoreCase);

        public FirstUses(Dictionary<string, (AdapterRequirement, AssemblyIdentity)> missing) => _missing = missing;

        public void Note(ISymbol? member, Location location)
        {
            var assembly = member?.ContainingAssembly?.Name;
            if (assembly is null || !_missing.ContainsKey(assembly) || !location.IsInSource)
            {
                return;
            }

            var name = member!.ContainingType is { } type ? type.Name + "." + member.Name : member.Name;
            lock (_first)
            {
                if (!_first.TryGetValue(assembly, out var known) || Earlier(location, known.Location))
                {
                    _first[assembly] = (location, name);
                }
            }
        }

        public List<(AdapterRequirement Requirement, AssemblyIdentity Assembly, (Location Location, string Member) Use)> Found()
        {
            var found = new List<(AdapterRequirement, AssemblyIdentity, (Location, string))>();
            lock (_first)
            {
                foreach (var pair in _first)
                {
                    var (requirement, assembly) = _missing[pair.Key];
                    found.Add((requirement, assembly, pair.Value));
                }
            }

            return found;
        }

        private static bool Earlier(Location a, Location b)
        {
            var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byPath < 0 || (byPath == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
        }
    }
}
