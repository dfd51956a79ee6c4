using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// The source files the kept fixes change, and writing them back as they were stored: the same encoding (with or
/// without a byte order mark) and the same final newline (or none). Project files are never written.
/// </summary>
internal static class SourceFiles
{
    public static async Task<IReadOnlyList<ChangedFile>> ChangesAsync(Solution original, Solution fixedSolution, string root, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, ChangedFile>(StringComparer.Ordinal);

        // A file compiled for several target frameworks is one document per framework (MSBuildWorkspace loads one
        // project each): every copy's changes are merged into the one file.
        var copies = new Dictionary<string, List<DocumentId>>(StringComparer.Ordinal);
        foreach (var project in fixedSolution.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in project.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                if (original.GetDocument(id)!.FilePath is { } path)
                {
                    (copies.TryGetValue(path, out var ids) ? ids : copies[path] = new List<DocumentId>()).Add(id);
                }
            }
        }

        foreach (var (path, ids) in copies)
        {
            var beforeText = await original.GetDocument(ids[0])!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var changes = new List<IReadOnlyList<TextChange>>();
            foreach (var id in ids)
            {
                changes.Add((await fixedSolution.GetDocument(id)!.GetTextChangesAsync(original.GetDocument(id)!, cancellationToken).ConfigureAwait(false)).ToList());
            }

            var afterText = KeepFinalNewline(beforeText.ToString(), beforeText.WithChanges(MergedChanges(changes)).ToString());
            if (afterText != beforeText.ToString())
            {
                files[path] = new ChangedFile(path, ProjectAnalysis.Relative(root, path), beforeText.ToString(), afterText);
            }
        }

        foreach (var project in fixedSolution.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in project.GetAddedDocuments())
            {
                var added = fixedSolution.GetDocument(id)!;
                var path = PathOf(added);
                if (path is not null && !files.ContainsKey(path))
                {
                    var text = (await added.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                    files[path] = new ChangedFile(path, ProjectAnalysis.Relative(root, path), null, text.EndsWith('\n') ? text : text + Environment.NewLine);
                }
            }
        }

        return files.Values.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The changes of every copy of one file, each against the same original text: a change several copies made is
    /// applied once; where copies changed the same text differently (code under different <c>#if</c> branches), the
    /// first copy's change wins and the other's is left out rather than applied over it.
    /// </summary>
    public static IReadOnlyList<TextChange> MergedChanges(IReadOnlyList<IReadOnlyList<TextChange>> changesPerCopy)
    {
        var merged = new List<TextChange>();
        foreach (var change in changesPerCopy.SelectMany(c => c))
        {
            if (!merged.Any(m => m.Span == change.Span && m.NewText == change.NewText) && !merged.Any(m => Collides(m.Span, change.Span)))
            {
                merged.Add(change);
            }
        }

        return merged.OrderBy(c => c.Span.Start).ThenBy(c => c.Span.End).ToList();
    }

    /// <summary>Two changes that replace common text, or insert at the same place or inside the other's text, cannot both apply.</summary>
    private static bool Collides(TextSpan first, TextSpan second)
        => first.Start == second.Start || first.OverlapsWith(second)
            || (first.IsEmpty && first.Start > second.Start && first.Start < second.End)
            || (second.IsEmpty && second.Start > first.Start && second.Start < first.End);

    /// <summary>Where a document added by a fix would live: its own path, or its folders under the project's folder.</summary>
    public static string? PathOf(Document document)
    {
        if (document.FilePath is not null)
        {
            return Path.GetFullPath(document.FilePath);
        }

        if (document.Project.FilePath is null)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(document.Project.FilePath))!;
        return Path.Combine(new[] { folder }.Concat(document.Folders).Append(document.Name).ToArray());
    }

    public static void Write(ChangedFile file)
    {
        var encoding = file.Before is null ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) : EncodingOf(file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        File.WriteAllText(file.Path, file.After, encoding);
    }

    /// <summary>The file's encoding as its byte order mark says; UTF-8 without one when it has none.</summary>
    public static Encoding EncodingOf(string path)
    {
        var bom = new byte[3];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.Read(bom, 0, 3);
        }

        if (read >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }

        if (read >= 2 && bom[0] == 0xFF && bom[1] == 0xFE)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        }

        if (read >= 2 && bom[0] == 0xFE && bom[1] == 0xFF)
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }

    /// <summary>The fixed text, ending with a newline exactly when the original did (its own kind of newline).</summary>
    public static string KeepFinalNewline(string before, string after)
    {
        var hadNewline = before.EndsWith('\n');
        var hasNewline = after.EndsWith('\n');
        if (hadNewline && !hasNewline)
        {
            return after + (before.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n");
        }

        if (!hadNewline && hasNewline)
        {
            return after.TrimEnd('\n', '\r');
        }

        return after;
    }
}
