using System.Collections.Generic;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// `koupleless packages` takes whose host the modules run under from the scanned projects (KouplelessModuleHost) or
/// --module-host: one value for the run, since each package is judged once for every project that uses it.
/// </summary>
public sealed class DeclaredModuleHostTests
{
    private const string EmptyAssets = """{ "version": 3, "libraries": {}, "packageFolders": {} }""";

    [Fact]
    public void The_closure_carries_the_host_the_project_or_its_directory_build_props_declares()
    {
        using var tree = new TempTree("pkghost");
        tree.Write("Directory.Build.props", "<Project><PropertyGroup><KouplelessModuleHost>own</KouplelessModuleHost></PropertyGroup></Project>");
        tree.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        tree.Write("App/obj/project.assets.json", EmptyAssets);

        var closure = AssetsFileClosure.Read(tree.PathOf("App/App.csproj"));

        Assert.Equal("Own", closure.ModuleHost);
        Assert.Empty(closure.Problems);
    }

    [Fact]
    public void Projects_that_disagree_or_an_unknown_value_give_no_host_and_say_why()
    {
        using var tree = new TempTree("pkghost2");
        var own = tree.Write("A/A.csproj", "<Project><PropertyGroup><KouplelessModuleHost>Own</KouplelessModuleHost></PropertyGroup></Project>");
        var based = tree.Write("B/B.csproj", "<Project><PropertyGroup><KouplelessModuleHost>Base</KouplelessModuleHost></PropertyGroup></Project>");
        var typo = tree.Write("C/C.csproj", "<Project><PropertyGroup><KouplelessModuleHost>Owned</KouplelessModuleHost></PropertyGroup></Project>");
        var problems = new List<string>();

        Assert.Null(DeclaredModuleHost.Of(new[] { own, based }, problems));
        Assert.Contains(problems, p => p.Contains("different KouplelessModuleHost values", System.StringComparison.Ordinal));

        problems.Clear();
        Assert.Equal("Own", DeclaredModuleHost.Of(new[] { own, typo }, problems));
        Assert.Contains(problems, p => p.Contains("'Owned' is not Own or Base", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_that_declares_nothing_leaves_the_host_unknown()
    {
        using var tree = new TempTree("pkghost3");
        var plain = tree.Write("A/A.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var problems = new List<string>();

        Assert.Null(DeclaredModuleHost.Of(new[] { plain }, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task An_unknown_module_host_option_is_a_usage_error()
    {
        using var tree = new TempTree("pkghost4");
        var list = tree.Write("list.txt", "A@1.0.0");
        var run = await CliRun.RunAsync("packages", "--list", list, "--module-host", "shared");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--module-host 'shared'", run.Stderr);
    }
}
