using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Koupleless.Analyzers.Benchmarks;

/// <summary>
/// A deterministic, realistic-looking C# code base: services with properties, LINQ, async methods, switch
/// expressions, exception handling and records, with a hazardous API use in one file out of eight.
/// </summary>
public sealed class GeneratedCodeBase
{
    public const int TargetLines = 200_000;

    private static readonly Lazy<GeneratedCodeBase> Shared = new(() => Generate(TargetLines));

    private GeneratedCodeBase(ImmutableArray<SyntaxTree> trees, int lines, int hazardFiles)
    {
        Trees = trees;
        Lines = lines;
        HazardFiles = hazardFiles;
    }

    public static GeneratedCodeBase Default => Shared.Value;

    public ImmutableArray<SyntaxTree> Trees { get; }

    public int Lines { get; }

    public int HazardFiles { get; }

    public CSharpCompilation CreateCompilation()
        => CSharpCompilation.Create("Generated", Trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A single C# file compiled against the running framework's assemblies.</summary>
    public static CSharpCompilation CompileFile(string path)
        => CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path),
            new[] { CSharpSyntaxTree.ParseText(System.IO.File.ReadAllText(path), path: path) }, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.") || n is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly string[] Hazards =
    {
        "Environment.SetEnvironmentVariable(\"FEATURE_\" + name, value);",
        "System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;",
        "if (value == \"fatal\") Environment.Exit(3);",
        "Console.SetOut(TextWriter.Null);",
        "AppContext.SetSwitch(\"Feature.\" + name, true);",
        "System.Threading.ThreadPool.SetMinThreads(8, 8);",
        "System.Diagnostics.Trace.Listeners.Clear();",
        "Directory.SetCurrentDirectory(Path.GetTempPath());",
    };

    public static GeneratedCodeBase Generate(int targetLines)
    {
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
        var lines = 0;
        var hazardFiles = 0;
        for (var i = 0; lines < targetLines; i++)
        {
            var hazard = i % 8 == 0 ? Hazards[(i / 8) % Hazards.Length] : null;
            hazardFiles += hazard is null ? 0 : 1;
            var text = File(i, hazard);
            lines += text.Count(c => c == '\n');
            trees.Add(CSharpSyntaxTree.ParseText(text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path: $"Area{i / 50}/OrderService{i}.cs", encoding: Encoding.UTF8));
        }

        return new GeneratedCodeBase(trees.ToImmutable(), lines, hazardFiles);
    }

    private static string File(int i, string? hazard)
    {
        var b = new StringBuilder();
        b.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Company.Orders.Area{{i / 50}};

            public sealed record OrderLine{{i}}(string Sku, int Quantity, decimal UnitPrice)
            {
                public decimal Total => Quantity * UnitPrice;
            }

            public enum OrderState{{i}} { New, Paid, Shipped, Cancelled }

            public interface IOrderRepository{{i}}
            {
                Task<IReadOnlyList<OrderLine{{i}}>> LoadAsync(string customer, CancellationToken cancellationToken);
                Task SaveAsync(string customer, IEnumerable<OrderLine{{i}}> lines, CancellationToken cancellationToken);
            }

            /// <summary>Prices, validates and stores orders for one area.</summary>
            public sealed class OrderService{{i}}
            {
                private readonly IOrderRepository{{i}} _repository;
                private readonly Dictionary<string, decimal> _discounts = new(StringComparer.OrdinalIgnoreCase);
                private readonly List<string> _audit = new();
                private int _processed;

                public OrderService{{i}}(IOrderRepository{{i}} repository)
                {
                    _repository = repository ?? throw new ArgumentNullException(nameof(repository));
                }

                public int Processed => _processed;

                public string Name { get; set; } = "area-{{i}}";

                public IReadOnlyList<string> Audit => _audit;

            """);
        for (var m = 0; m < 6; m++)
        {
            b.Append($$"""
                    public async Task<decimal> PriceAsync{{m}}(string customer, CancellationToken cancellationToken)
                    {
                        var lines = await _repository.LoadAsync(customer, cancellationToken).ConfigureAwait(false);
                        var subtotal = lines.Where(l => l.Quantity > 0).Sum(l => l.Total);
                        var discount = _discounts.TryGetValue(customer, out var d) ? d : 0m;
                        var state = subtotal switch
                        {
                            > 1000m => OrderState{{i}}.Paid,
                            > 0m => OrderState{{i}}.New,
                            _ => OrderState{{i}}.Cancelled,
                        };
                        _audit.Add($"{customer}: {subtotal:F2} ({state}) step {{m}}");
                        Interlocked.Increment(ref _processed);
                        return Math.Round(subtotal * (1 - discount), 2);
                    }

                    public IEnumerable<string> Describe{{m}}(IEnumerable<OrderLine{{i}}> lines)
                    {
                        foreach (var group in lines.GroupBy(l => l.Sku).OrderBy(g => g.Key))
                        {
                            var quantity = group.Sum(l => l.Quantity);
                            if (quantity == 0)
                            {
                                continue;
                            }

                            yield return string.Join(";", group.Key, quantity.ToString(), group.Max(l => l.UnitPrice).ToString("F2"));
                        }
                    }

                    public bool TryParse{{m}}(string text, out OrderLine{{i}}? line)
                    {
                        line = null;
                        var parts = text.Split(',', StringSplitOptions.TrimEntries);
                        if (parts.Length != 3 || !int.TryParse(parts[1], out var quantity) || !decimal.TryParse(parts[2], out var price))
                        {
                            return false;
                        }

                        try
                        {
                            line = new OrderLine{{i}}(parts[0].ToUpperInvariant(), quantity, price);
                            return line.Total >= 0;
                        }
                        catch (OverflowException ex)
                        {
                            _audit.Add(ex.Message);
                            return false;
                        }
                    }


                """);
        }

        b.Append($$"""
                public void Configure(string name, string value)
                {
                    var builder = new StringBuilder(name).Append('=').Append(value);
                    _audit.Add(builder.ToString());
                    _discounts[name] = value.Length / 100m;
                    {{hazard ?? "_audit.Add(Environment.GetEnvironmentVariable(name) ?? string.Empty);"}}
                }
            }

            """);
        return b.ToString();
    }
}
