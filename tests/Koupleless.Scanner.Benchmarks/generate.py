#!/usr/bin/env python3
"""Generates a synthetic solution for timing `koupleless scan` against `dotnet build`.

usage: generate.py OUT_DIR [PROJECTS=24] [FILES_PER_PROJECT=45] [METHODS_PER_FILE=12]
Each project references the previous two (a realistic dependency chain); about one file in five holds a hazard.
"""
import os
import sys

out = sys.argv[1]
projects = int(sys.argv[2]) if len(sys.argv) > 2 else 24
files = int(sys.argv[3]) if len(sys.argv) > 3 else 45
methods = int(sys.argv[4]) if len(sys.argv) > 4 else 12

os.makedirs(out, exist_ok=True)
# Keep the repository's Directory.Build.props / central package management out of the generated tree.
open(os.path.join(out, "Directory.Build.props"), "w").write("<Project></Project>\n")
open(os.path.join(out, "Directory.Packages.props"), "w").write("<Project></Project>\n")

HAZARDS = [
    'System.Environment.SetEnvironmentVariable("BENCH_{p}_{f}", "1");',
    'System.IO.Directory.SetCurrentDirectory(System.AppContext.BaseDirectory);',
    'System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;',
]

total_lines = 0
names = []
for p in range(projects):
    name = f"Bench.P{p:02d}"
    names.append(name)
    pdir = os.path.join(out, name)
    os.makedirs(pdir, exist_ok=True)
    refs = "".join(
        f'    <ProjectReference Include="../Bench.P{r:02d}/Bench.P{r:02d}.csproj" />\n' for r in (p - 1, p - 2) if r >= 0
    )
    role = "Shared" if p % 4 == 0 else "Module"
    open(os.path.join(pdir, name + ".csproj"), "w").write(
        '<Project Sdk="Microsoft.NET.Sdk">\n'
        "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>enable</Nullable>\n"
        f"    <ImplicitUsings>enable</ImplicitUsings>\n    <KouplelessRole>{role}</KouplelessRole>\n"
        "    <NoWarn>$(NoWarn);CS1591</NoWarn>\n  </PropertyGroup>\n"
        + ("  <ItemGroup>\n" + refs + "  </ItemGroup>\n" if refs else "")
        + "</Project>\n"
    )
    for f in range(files):
        lines = [f"namespace {name}.Area{f % 5};", "", "using System.Text;", "",
                 f"public sealed class Worker{f:03d}", "{",
                 "    private readonly List<int> _values = new();",
                 "    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);", ""]
        for m in range(methods):
            lines += [
                f"    public int Compute{m:02d}(IEnumerable<int> input, string key)",
                "    {",
                "        var sum = 0;",
                "        foreach (var value in input.Where(v => v % 3 != 0).Select(v => v * 2))",
                "        {",
                "            sum += value;",
                "            _values.Add(value);",
                "        }",
                "",
                "        var builder = new StringBuilder(key.Length + 8);",
                f"        builder.Append(key).Append(':').Append(sum).Append('/').Append({m});",
                "        _index[builder.ToString()] = sum;",
                "        return _index.TryGetValue(key, out var existing) ? existing + sum : sum;",
                "    }",
                "",
            ]
        if f % 5 == 0:
            lines += ["    public static void Configure()", "    {", "        " + HAZARDS[(p + f) % len(HAZARDS)].format(p=p, f=f), "    }", ""]
        if p > 0 and f == 0:
            lines += [f"    public int UseDependency() => new Bench.P{p-1:02d}.Area0.Worker000().Compute00(new[] {{ 1, 2, 3 }}, \"k\");", ""]
        lines += ["}", ""]
        total_lines += len(lines)
        open(os.path.join(pdir, f"Worker{f:03d}.cs"), "w").write("\n".join(lines))

sln = ["<Solution>"] + [f'  <Project Path="{n}/{n}.csproj" />' for n in names] + ["</Solution>", ""]
open(os.path.join(out, "Bench.slnx"), "w").write("\n".join(sln))
print(f"{projects} projects, {projects * files} files, {total_lines} lines of C#")
