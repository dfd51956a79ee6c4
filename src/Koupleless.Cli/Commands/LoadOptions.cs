using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;

namespace Koupleless.Cli.Commands;

/// <summary>
/// The options of every command that loads a solution with the scanner's engine (scan, fix): what to load and how
/// (--catalog, --include/--exclude, --role, -c, -p, --no-restore), so each offers them the same way and builds the
/// same <see cref="ScanOptions"/>. Add them with <see cref="AddTo"/>, read them with <see cref="Build"/>.
/// </summary>
public sealed class LoadOptions
{
    public Argument<string> Path { get; } = new("path")
    {
        Description = "A solution (.sln, .slnx), a C# project (.csproj), or a folder holding one.",
        DefaultValueFactory = _ => ".",
    };

    public Option<string[]> Catalog { get; } = new("--catalog") { Description = "An enterprise hazard catalog file (repeatable); see docs/catalog.md.", Arity = ArgumentArity.ZeroOrMore };

    public Option<string[]> Include { get; } = new("--include") { Description = "Only files matching this glob, relative to the folder (repeatable), e.g. 'src/**'.", Arity = ArgumentArity.ZeroOrMore };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Skip files and projects matching this glob (repeatable), e.g. '**/Generated/**'.", Arity = ArgumentArity.ZeroOrMore };

    public Option<string?> Role { get; } = new("--role") { Description = "Treat every project as this KouplelessRole (Module, Shared, Base) instead of its own." };

    public Option<string> Configuration { get; } = new("--configuration", "-c") { Description = "Build configuration to load.", DefaultValueFactory = _ => "Debug" };

    public Option<string[]> Property { get; } = new("--property", "-p") { Description = "MSBuild global property K=V (repeatable).", Arity = ArgumentArity.ZeroOrMore };

    public Option<bool> NoRestore { get; } = new("--no-restore") { Description = "Do not run 'dotnet restore' first." };

    public void AddTo(Command command)
    {
        Role.AcceptOnlyFromAmong("Module", "Shared", "Base", "module", "shared", "base");
        command.Arguments.Add(Path);
        foreach (var option in new Option[] { Catalog, Include, Exclude, Role, Configuration, Property, NoRestore })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The engine's options; throws <see cref="ScanInputException"/> for a path that names nothing, an unreadable catalog or a bad --property, before MSBuild starts.</summary>
    public ScanOptions Build(ParseResult result)
    {
        var path = result.GetValue(Path) ?? ".";
        ScanTarget.Resolve(path);

        var catalogs = result.GetValue(Catalog) ?? Array.Empty<string>();
        foreach (var catalog in catalogs)
        {
            CatalogAdditionalText.Load(catalog);
        }

        var role = result.GetValue(Role);
        return new ScanOptions
        {
            Target = path,
            Configuration = result.GetValue(Configuration) ?? "Debug",
            Properties = ParseProperties(result.GetValue(Property)),
            RoleOverride = role is null ? null : char.ToUpperInvariant(role[0]) + role[1..].ToLowerInvariant(),
            Catalogs = catalogs,
            Include = result.GetValue(Include) ?? Array.Empty<string>(),
            Exclude = result.GetValue(Exclude) ?? Array.Empty<string>(),
            Restore = !result.GetValue(NoRestore),
        };
    }

    /// <summary>Registers MSBuild before any method that mentions one of its types is compiled; false (with the message written) when no SDK is found.</summary>
    public static bool TryRegisterMsBuild(TextWriter stderr)
    {
        try
        {
            MsBuildRegistration.EnsureRegistered();
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException)
        {
            stderr.WriteLine($"koupleless: no .NET SDK with MSBuild was found ({ex.Message}). Install the .NET SDK or set DOTNET_ROOT.");
            return false;
        }
    }

    private static Dictionary<string, string> ParseProperties(string[]? pairs)
        => ParsePairs(pairs, "--property", "K=V", StringComparer.OrdinalIgnoreCase);

    /// <summary>Repeated K=V values of <paramref name="option"/> (--property, verify's --env), trimmed; a value without '=' is a usage error.</summary>
    internal static Dictionary<string, string> ParsePairs(string[]? pairs, string option, string form, StringComparer keys)
    {
        var values = new Dictionary<string, string>(keys);
        foreach (var pair in pairs ?? Array.Empty<string>())
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ScanInputException($"{option} '{pair}' is not {form}.");
            }

            values[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return values;
    }
}
