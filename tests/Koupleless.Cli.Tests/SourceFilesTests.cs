using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Fixing;
using Koupleless.Scanner.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// `koupleless fix` writes a fixed file back as it was stored: with its byte order mark or without one, and with a
/// final newline exactly when it had one (Roslyn's text of a fixed document knows neither); a file compiled for
/// several target frameworks gets the changes of every framework's copy.
/// </summary>
public sealed class SourceFilesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_fixed_file_keeps_its_byte_order_mark_or_its_absence(bool bom)
    {
        using var tree = new TempTree("fix-encoding");
        var path = tree.Write("A.cs", string.Empty);
        File.WriteAllText(path, "class A { }\n", new UTF8Encoding(bom));

        SourceFiles.Write(new ChangedFile(path, "A.cs", "class A { }\n", "class A { int x; }\n"));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bom, bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
        Assert.Equal("class A { int x; }\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("class A { }\n", "class A { int x; }", "class A { int x; }\n")]
    [InlineData("class A { }\r\n", "class A { int x; }", "class A { int x; }\r\n")]
    [InlineData("class A { }", "class A { int x; }\n", "class A { int x; }")]
    [InlineData("class A { }\n", "class A { int x; }\n", "class A { int x; }\n")]
    public void A_fixed_file_ends_with_a_newline_exactly_when_it_did(string before, string fixedText, string written)
        => Assert.Equal(written, SourceFiles.KeepFinalNewline(before, fixedText));

    private const string Original = """
        class A
        {
        #if NET8_0
            static int eight;
        #else
            static int ten;
        #endif
        }
        """;

    [Fact]
    public async Task The_changes_of_every_framework_copy_of_a_file_are_written_together()
    {
        using var tree = new TempTree("fix-multitarget");
        var path = tree.Write("Lib/A.cs", Original);
        var (original, net8, net10) = TwoFrameworks(path);

        // Each framework's fixes change the field only its compilation sees, and both add the same line.
        var fixedSolution = original
            .WithDocumentText(net8, SourceText.From(Original.Replace("static int eight;", "static readonly int eight;").Replace("class A", "// fixed\nclass A")))
            .WithDocumentText(net10, SourceText.From(Original.Replace("static int ten;", "static readonly int ten;").Replace("class A", "// fixed\nclass A")));

        var changed = Assert.Single(await SourceFiles.ChangesAsync(original, fixedSolution, tree.Root, CancellationToken.None));

        Assert.Equal(Original.Replace("static int eight;", "static readonly int eight;").Replace("static int ten;", "static readonly int ten;").Replace("class A", "// fixed\nclass A"), changed.After);
    }

    [Fact]
    public void Copies_that_change_the_same_text_differently_keep_the_first_copys_change()
    {
        var text = SourceText.From("static int x;");
        var first = new[] { new TextChange(new TextSpan(0, 6), "static readonly") };
        var second = new[] { new TextChange(new TextSpan(0, 6), "internal static"), new TextChange(new TextSpan(13, 0), " // end") };

        var merged = SourceFiles.MergedChanges(new[] { first, second });

        Assert.Equal("static readonly int x; // end", text.WithChanges(merged).ToString());
    }

    private static (Solution Solution, DocumentId Net8, DocumentId Net10) TwoFrameworks(string path)
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        DocumentId Add(string framework)
        {
            var project = ProjectId.CreateNewId();
            solution = solution.AddProject(ProjectInfo.Create(project, VersionStamp.Default, $"Lib({framework})", "Lib", LanguageNames.CSharp, filePath: Path.Combine(Path.GetDirectoryName(path)!, "Lib.csproj")));
            var document = DocumentId.CreateNewId(project);
            solution = solution.AddDocument(DocumentInfo.Create(document, "A.cs", loader: TextLoader.From(TextAndVersion.Create(SourceText.From(Original), VersionStamp.Default)), filePath: path));
            return document;
        }

        var net8 = Add("net8.0");
        var net10 = Add("net10.0");
        return (solution, net8, net10);
    }
}
