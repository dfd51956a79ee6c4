using System;

namespace Sample.Shared;

/// <summary>Events the base raises for every module; a module handler left subscribed pins its module.</summary>
public static class PlatformEvents
{
    public static event EventHandler<string>? ConfigurationChanged;

    public static void RaiseConfigurationChanged(string key) => ConfigurationChanged?.Invoke(null, key);
}
