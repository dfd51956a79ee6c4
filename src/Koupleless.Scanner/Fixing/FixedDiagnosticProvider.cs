using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// Hands a Fix All provider the diagnostics already computed for the current solution (one ID), instead of letting it
/// run the analyzers again per document.
/// </summary>
internal sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
{
    private readonly IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> _byProject;

    public FixedDiagnosticProvider(IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> byProject) => _byProject = byProject;

    public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        return Of(document.Project).Where(d => d.Location.SourceTree is { } source
            && (source == tree || (source.FilePath.Length > 0 && source.FilePath == document.FilePath)));
    }

    public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        => Task.FromResult(Of(project).Where(d => d.Location.SourceTree is null));

    public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        => Task.FromResult<IEnumerable<Diagnostic>>(Of(project));

    private ImmutableArray<Diagnostic> Of(Project project)
        => _byProject.TryGetValue(project.Id, out var diagnostics) ? diagnostics : ImmutableArray<Diagnostic>.Empty;
}
