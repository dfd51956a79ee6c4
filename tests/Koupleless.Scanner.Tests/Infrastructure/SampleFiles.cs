namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>The source files of the fixture solution; each file exercises one engine behaviour the tests check.</summary>
public static class SampleFiles
{
    public static void WriteSolution(TempTree tree)
    {
        tree.Write("Fixture.slnx", """
            <Solution>
              <Project Path="Module/Module.csproj" />
              <Project Path="Shared/Shared.csproj" />
              <Project Path="BaseHost/BaseHost.csproj" />
              <Project Path="Broken/Broken.csproj" />
              <Project Path="Unloadable/Unloadable.csproj" />
            </Solution>
            """);

        // Effective severity per file: error in Strict.cs, removed ("none") in Quiet.cs.
        tree.Write(".editorconfig", """
            root = true

            [**/Strict.cs]
            dotnet_diagnostic.KPL1003.severity = error

            [**/Quiet.cs]
            dotnet_diagnostic.KPL1003.severity = none
            """);

        // Module: no KouplelessRole anywhere, so the default (Module) applies. It references a project that is not in
        // the solution: MSBuildWorkspace loads it to compile Module, but the scan covers only the solution's projects.
        tree.Write("Module/Module.csproj", TempTree.Project(extra: """<ItemGroup><ProjectReference Include="../Outside/Outside.csproj" /></ItemGroup>"""));
        tree.Write("Outside/Outside.csproj", TempTree.Project());
        tree.Write("Outside/Hazard.cs", """
            namespace Outside;

            public static class Hazard
            {
                public static void Run() => System.Environment.SetEnvironmentVariable("O", "1");
            }
            """);
        tree.Write("Module/Program.cs", """
            using System;
            using System.Diagnostics.CodeAnalysis;

            namespace Module;

            public static class Program
            {
                public static void Main()
                {
                    Environment.SetEnvironmentVariable("A", "<script>alert('x')</script>");
            #pragma warning disable KPL1003
                    Environment.SetEnvironmentVariable("B", "pragma");
            #pragma warning restore KPL1003
                    Environment.Exit(1);
                    Outside.Hazard.Run();
                }

                [SuppressMessage("Koupleless", "KPL1003", Justification = "test")]
                public static void Suppressed() => System.IO.Directory.SetCurrentDirectory("/");
            }

            public static class Custom
            {
                public static void Danger() { }
            }
            """);
        tree.Write("Module/Strict.cs", """
            namespace Module;

            public static class Strict
            {
                public static void Run() => System.Environment.SetEnvironmentVariable("S", "1");
            }
            """);
        tree.Write("Module/Quiet.cs", """
            namespace Module;

            public static class Quiet
            {
                public static void Run() => System.Environment.SetEnvironmentVariable("Q", "1");
            }
            """);
        tree.Write("Module/Generated/Gen.cs", """
            namespace Module.Generated;

            public static class Gen
            {
                public static void Run() => System.Environment.SetEnvironmentVariable("G", "1");
            }
            """);

        // Shared: the role comes from the project file.
        tree.Write("Shared/Shared.csproj", TempTree.Project("Shared"));
        tree.Write("Shared/Lib.cs", """
            namespace Shared;

            public static class Lib
            {
                public static void Stop() => System.Environment.Exit(3);
            }
            """);

        // BaseHost: the role comes from the nearest Directory.Build.props; KPL1004 does not apply to Base.
        tree.Write("BaseHost/Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <KouplelessRole>Base</KouplelessRole>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("BaseHost/BaseHost.csproj", TempTree.Project());
        tree.Write("BaseHost/Host.cs", """
            namespace BaseHost;

            public static class Host
            {
                public static void Stop() => System.Environment.Exit(0);

                public static void Culture() => System.Globalization.CultureInfo.DefaultThreadCurrentCulture = null;
            }
            """);

        tree.Write("Broken/Broken.csproj", TempTree.Project());
        tree.Write("Broken/Code.cs", """
            namespace Broken;

            public class Code
            {
                private MissingType _field;

                public void Run() => System.Environment.SetEnvironmentVariable("X", "1");
            }
            """);

        tree.Write("Unloadable/Unloadable.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");

        tree.Write("catalogs/enterprise.txt", """
            # an enterprise catalog: one good line, one malformed line
            KPL1003 | M:Outside.Hazard.Run | the enterprise says so | call the safe variant
            KPL1003 | not-a-symbol | broken line
            """);
    }

    /// <summary>A project for the baseline tests; "moved" shifts every line, re-indents some, and adds one hazard.</summary>
    public static void WriteSolo(TempTree tree, bool moved)
    {
        tree.Write("Solo/Solo.csproj", TempTree.Project());
        var prefix = moved ? "// a header comment added later\n\n\n" : string.Empty;
        var indent = moved ? "            " : "        ";
        var added = moved ? "    public static void E() => System.IO.Directory.SetCurrentDirectory(\"/\");" : string.Empty;
        tree.Write("Solo/Code.cs", prefix + $$"""
            namespace Solo;

            public static class Code
            {
                public static void A() => System.Environment.SetEnvironmentVariable("K", "1");

                public static void C()
                {
            {{indent}}System.Environment.SetEnvironmentVariable("K", "1");
            {{indent}}System.Environment.SetEnvironmentVariable("K", "1");
                }

                public static void D() => System.Environment.Exit(2);
            {{added}}
            }
            """);
    }
}
