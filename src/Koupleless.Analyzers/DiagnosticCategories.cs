namespace Koupleless.Analyzers;

/// <summary>The fixed set of categories, one per hazard family (as in DESIGN.md).</summary>
public static class DiagnosticCategories
{
    public const string StaticState = "Koupleless.StaticState";
    public const string ContextSwitching = "Koupleless.ContextSwitching";
    public const string UnreleasedResources = "Koupleless.UnreleasedResources";
    public const string Configuration = "Koupleless.Configuration";
}
