using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Newtonsoft.Json;
using Sample.Shared;
using Serilog;

namespace Sample.Module;

/// <summary>The module's entry point, called by the base after install. Family 1: static-state sharing.</summary>
public sealed class OrderModule
{
    // A static of the module's own assembly: private to this copy of the module, but it holds module objects
    // until the context unloads.
    private static readonly List<Order> RecentOrders = new();
    private static int _started;

    public void Start()
    {
        _started++;

        // Process-wide state: the last module to set it wins for every module and for the base.
        Environment.SetEnvironmentVariable("ORDERS_MODE", "fast");
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        CultureInfo.DefaultThreadCurrentCulture = new CultureInfo("de-DE");
        Console.SetOut(new PrefixedWriter("[orders] ", Console.Out));

        // Singletons of libraries the base shares.
        JsonConvert.DefaultSettings = () => new JsonSerializerSettings { Formatting = Formatting.Indented };
        Log.Logger = new LoggerConfiguration().CreateLogger();

        // A shared library's mutable static.
        TypeRegistry.DefaultTenant = "orders";
        TypeRegistry.Register("order", typeof(OrderHandler));

        if (Environment.GetEnvironmentVariable("ORDERS_DB") is null)
        {
            Console.Error.WriteLine("no database configured");
            Environment.Exit(2);
        }
    }

    public static void Remember(Order order) => RecentOrders.Add(order);
}

public sealed class Order
{
    public int Id { get; set; }
    public string Customer { get; set; } = "";
    public decimal Total { get; set; }
}

public sealed class OrderHandler
{
    public string Handle(Order order) => JsonConvert.SerializeObject(order);
}

/// <summary>A module type installed as the process's console writer: it also pins the module.</summary>
internal sealed class PrefixedWriter : TextWriter
{
    private readonly string _prefix;
    private readonly TextWriter _inner;

    public PrefixedWriter(string prefix, TextWriter inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    public override System.Text.Encoding Encoding => _inner.Encoding;

    public override void WriteLine(string? value) => _inner.WriteLine(_prefix + value);
}
