using System;
using Newtonsoft.Json;

namespace Sample.Shared;

/// <summary>Serializer defaults a shared library installs "for convenience".</summary>
public static class JsonDefaults
{
    public static void UseCamelCase()
    {
        JsonConvert.DefaultSettings = () => new JsonSerializerSettings
        {
            ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver(),
            TypeNameHandling = TypeNameHandling.Auto,
        };
    }

    public static void FailFast(string reason)
    {
        Console.Error.WriteLine("fatal configuration error: " + reason);
        Environment.Exit(3);
    }
}
