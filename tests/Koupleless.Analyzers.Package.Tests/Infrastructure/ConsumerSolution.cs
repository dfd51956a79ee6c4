using System.IO;

namespace Koupleless.Analyzers.Package.Tests.Infrastructure;

/// <summary>
/// A small solution that consumes the package as a user would: one PackageReference with PrivateAssets=all in a
/// Directory.Build.props, the role set per project, .editorconfig severities and enterprise catalog files.
/// </summary>
internal static class ConsumerSolution
{
    /// <summary>Projects: role and what sits in their folder.</summary>
    public const string Module = "ModuleApp";          // no KouplelessRole: Module by default; a custom catalog with a bad line
    public const string Shared = "SharedLib";          // Shared
    public const string Base = "BaseHost";             // Base; catalogs from KouplelessCatalogDirectory
    public const string Strict = "StrictModule";       // .editorconfig: KPL1003 = error
    public const string Silenced = "SilencedModule";   // .editorconfig: KPL1003 = none
    public const string Misconfigured = "PluginApp";   // KouplelessRole=Plugin: KPL9002, treated as Module
    public const string ModuleContracts = "ModuleContracts"; // Module by default, referenced by ModuleApp: part of that module
    public const string SharedContracts = "SharedContracts"; // Shared, referenced by ModuleApp: the base's

    public const string CustomCatalogFile = "KouplelessHazards.Custom.txt";
    public const int MalformedCatalogLine = 3;

    /// <summary>The same code in every project; which lines are reported depends on the role and the configuration.</summary>
    public const string HazardsSource = """
        using System;
        using System.Diagnostics;
        using Newtonsoft.Json;

        namespace Consumer;

        public static class Hazards
        {
            public static void Configure()
            {
                Environment.SetEnvironmentVariable("MODE", "fast");
                JsonConvert.DefaultSettings = () => new JsonSerializerSettings();
                Console.ForegroundColor = ConsoleColor.Red;
            }

            public static void Stop() => Environment.Exit(1);

            public static void Kill() => Process.GetCurrentProcess().Kill();

            public static string? Read() => Environment.GetEnvironmentVariable("MODE");
        }
        """;

    public const int SetEnvironmentVariableLine = 11;
    public const int DefaultSettingsLine = 12;
    public const int ForegroundColorLine = 13;
    public const int ExitLine = 16;
    public const int KillLine = 18;
    public const int ReadLine = 20;

    /// <summary>Context switching, in every project too: name-based resolution (KPL2001, Shared and Base) and a load
    /// into the default context (KPL2002, Module).</summary>
    public const string LoadingSource = """
        using System;
        using System.Reflection;

        namespace Consumer;

        public static class Loading
        {
            public static Type? Find(string typeName) => Type.GetType(typeName);

            public static Assembly Plugin(string path) => Assembly.LoadFrom(path);
        }
        """;

    public const int TypeGetTypeLine = 8;
    public const int LoadFromLine = 10;

    /// <summary>ModuleApp only: it serializes a type of its own other project and one of a Shared project (KPL3010).</summary>
    public const string ContractsSource = """
        using System.Text.Json;

        namespace Consumer;

        public static class Contracts
        {
            public static string Save(ModuleContracts.Order order) => JsonSerializer.Serialize(order);

            public static string Quote(SharedContracts.Price price) => JsonSerializer.Serialize(price);
        }
        """;

    public const int ModuleProjectTypeLine = 7;
    public const int SharedProjectTypeLine = 9;

    /// <returns>The path of the solution file.</returns>
    public static string WriteTo(string directory, string feed, string userPackagesFolder, string version)
    {
        Directory.CreateDirectory(directory);
        WriteNuGetConfig(directory, feed, userPackagesFolder);
        Write(directory, "Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Koupleless.Analyzers" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
            </Project>
            """);
        // Outside every project folder: reached only through KouplelessCatalogDirectory.
        Write(Path.Combine(directory, "catalogs"), "KouplelessHazards.Enterprise.txt", """
            # Enterprise catalog shared by a whole repository.
            KPL1003 | M:System.Console.set_ForegroundColor(System.ConsoleColor) | the console colour belongs to the process | leave console settings to the base
            """);

        Project(directory, Module, role: null, extraItems: $"""
            <ProjectReference Include="../{ModuleContracts}/{ModuleContracts}.csproj" />
            <ProjectReference Include="../{SharedContracts}/{SharedContracts}.csproj" />
            """);
        Write(Path.Combine(directory, Module), "Contracts.cs", ContractsSource);
        ContractsProject(directory, ModuleContracts, role: null, "public sealed class Order { public int Id { get; set; } }");
        ContractsProject(directory, SharedContracts, role: "Shared", "public sealed class Price { public decimal Amount { get; set; } }");
        Write(Path.Combine(directory, Module), CustomCatalogFile, """
            # Team catalog: killing the current process is as bad as Environment.Exit.
            KPL1004 | M:System.Diagnostics.Process.Kill | killing the current process ends the base and every module | report the failure to the base
            KPL1004 | System.Diagnostics.Process.Kill(System.Boolean) | the prefix is missing
            """);
        Project(directory, Shared, role: "Shared");
        Project(directory, Base, role: "Base", extraProperties: "<KouplelessCatalogDirectory>$(MSBuildThisFileDirectory)../catalogs</KouplelessCatalogDirectory>");
        Project(directory, Strict, role: null);
        Write(Path.Combine(directory, Strict), ".editorconfig", """
            [*.cs]
            dotnet_diagnostic.KPL1003.severity = error
            """);
        Project(directory, Silenced, role: null);
        Write(Path.Combine(directory, Silenced), ".editorconfig", """
            [*.cs]
            dotnet_diagnostic.KPL1003.severity = none
            """);
        // A project adapter table, picked up by the targets: it replaces the default Newtonsoft entry (KPL9003 off here).
        Write(Path.Combine(directory, Silenced), "KouplelessAdapters.txt", "Newtonsoft.Json | [6.0,) | - | KPL1xxx | this solution loads Newtonsoft per module");
        Project(directory, Misconfigured, role: "Plugin");

        var solution = Path.Combine(directory, "Consumer.slnx");
        File.WriteAllText(solution, $"""
            <Solution>
              <Project Path="{Module}/{Module}.csproj" />
              <Project Path="{Shared}/{Shared}.csproj" />
              <Project Path="{Base}/{Base}.csproj" />
              <Project Path="{Strict}/{Strict}.csproj" />
              <Project Path="{Silenced}/{Silenced}.csproj" />
              <Project Path="{Misconfigured}/{Misconfigured}.csproj" />
              <Project Path="{ModuleContracts}/{ModuleContracts}.csproj" />
              <Project Path="{SharedContracts}/{SharedContracts}.csproj" />
            </Solution>
            """);
        return solution;
    }

    /// <summary>Koupleless.* from the test's folder feed only; everything else from the user's packages folder or nuget.org.</summary>
    public static void WriteNuGetConfig(string directory, string feed, string userPackagesFolder)
    {
        Write(directory, "NuGet.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="e2e" value="{feed}" />
                <!-- Third-party packages come from the user's packages folder (a valid local feed) or nuget.org. -->
                <add key="user-packages" value="{userPackagesFolder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="e2e"><package pattern="Koupleless.*" /></packageSource>
                <packageSource key="user-packages"><package pattern="*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    private static void Project(string root, string name, string? role, string extraProperties = "", string extraItems = "")
    {
        var directory = Path.Combine(root, name);
        WriteProjectFile(directory, name, role, extraProperties, extraItems);
        Write(directory, "Hazards.cs", HazardsSource);
        Write(directory, "Loading.cs", LoadingSource);
    }

    /// <summary>A project holding one type, in namespace <paramref name="name"/>.</summary>
    private static void ContractsProject(string root, string name, string? role, string type)
    {
        var directory = Path.Combine(root, name);
        WriteProjectFile(directory, name, role, string.Empty, string.Empty);
        Write(directory, "Types.cs", $"namespace {name};\n\n{type}");
    }

    private static void WriteProjectFile(string directory, string name, string? role, string extraProperties, string extraItems)
    {
        var roleProperty = role is null ? string.Empty : $"<KouplelessRole>{role}</KouplelessRole>";
        Write(directory, name + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {roleProperty}
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                {extraItems}
              </ItemGroup>
            </Project>
            """);
    }

    internal static void Write(string directory, string fileName, string content)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, fileName), content + "\n");
    }
}
