using System.IO;
using System.Text;
using Koupleless.Scanner.Fixing;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// `koupleless fix` writes a fixed file back as it was stored: with its byte order mark or without one, and with a
/// final newline exactly when it had one (Roslyn's text of a fixed document knows neither).
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
}
