using System.IO;

namespace Koupleless.Scanner.Reporting;

/// <summary>A file a command writes where the user asked (a baseline, a fix report, a catalog): its folder is created.</summary>
public static class OutputFile
{
    public static void WriteAllText(string path, string text)
    {
        CreateFolderOf(path);
        File.WriteAllText(path, text);
    }

    private static void CreateFolderOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
