using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Loader;
using Newtonsoft.Json;

namespace Sample.Module;

/// <summary>
/// Sample.Module's OrderModule, fixed: process-wide state and the library singletons are left to the base, the
/// console writer is the module's own, and a missing setting is an exception the base handles, not the process's end.
/// </summary>
public sealed class OrderModule
{
    private static readonly List<Order> RecentOrders = new();
    private static int _started;

    /// <summary>The module's own writer, in place of Console.SetOut.</summary>
    public static TextWriter Output { get; private set; } = TextWriter.Null;

    public void Start()
    {
        _started++;
        var output = new PrefixedWriter("[orders] ", Console.Out);
        Output = output;
        AssemblyLoadContext.GetLoadContext(typeof(OrderModule).Assembly)!.Unloading += _ => Output = TextWriter.Null;

        if (Environment.GetEnvironmentVariable("ORDERS_DB") is null)
        {
            throw new InvalidOperationException("no database configured");
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
