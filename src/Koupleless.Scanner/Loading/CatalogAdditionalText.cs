using System.IO;
using System.Threading;
using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// An enterprise catalog passed with --catalog, handed to the analyzers as an AdditionalFile. The analyzers only
/// read files named KouplelessHazards*.txt, so a file named otherwise gets such an alias path; findings on the
/// alias are mapped back to the real file (<see cref="RealPath"/>).
/// </summary>
public sealed class CatalogAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public CatalogAdditionalText(string realPath, SourceText text)
    {
        RealPath = System.IO.Path.GetFullPath(realPath);
        _text = text;
        Path = CatalogFiles.IsCatalogFile(RealPath)
            ? RealPath
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(RealPath)!, CatalogFiles.FileNamePrefix + "." + System.IO.Path.GetFileName(RealPath) + CatalogFiles.FileExtension);
    }

    public string RealPath { get; }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;

    /// <summary>Reads a catalog file; throws <see cref="ScanInputException"/> naming the file when it cannot be read.</summary>
    public static CatalogAdditionalText Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return new CatalogAdditionalText(path, SourceText.From(stream));
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException or System.ArgumentException or System.NotSupportedException)
        {
            throw new ScanInputException($"catalog '{path}' cannot be read: {ex.Message}");
        }
    }
}
