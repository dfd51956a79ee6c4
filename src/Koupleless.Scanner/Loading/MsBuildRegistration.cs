using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Registers the SDK's MSBuild with Microsoft.Build.Locator. It must run before the JIT compiles any method that
/// mentions an MSBuild or MSBuildWorkspace type, so callers invoke it first thing and keep those types in other methods.
/// </summary>
public static class MsBuildRegistration
{
    private static readonly object Gate = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }
}
