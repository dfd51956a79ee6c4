namespace Koupleless.Scanner.Model;

/// <summary>The hazard family of a rule ID: its thousands digit (DESIGN.md: the range is the contract).</summary>
public static class RuleFamilies
{
    public const string StaticState = "static-state";
    public const string ContextSwitching = "context-switching";
    public const string UnreleasedResources = "unreleased-resources";
    public const string Configuration = "configuration";
    public const string Compiler = "compiler";
    public const string Other = "other";

    public static readonly string[] Ordered = { StaticState, ContextSwitching, UnreleasedResources, Configuration, Other };

    public static string Of(string ruleId)
    {
        if (ruleId.Length == 7 && ruleId.StartsWith("KPL", System.StringComparison.Ordinal))
        {
            return ruleId[3] switch
            {
                '1' => StaticState,
                '2' => ContextSwitching,
                '3' => UnreleasedResources,
                '9' => Configuration,
                _ => Other,
            };
        }

        return Other;
    }

    public static string Title(string family) => family switch
    {
        StaticState => "Static-state sharing (KPL1xxx)",
        ContextSwitching => "Context switching (KPL2xxx)",
        UnreleasedResources => "Unreleased resources (KPL3xxx)",
        Configuration => "Configuration (KPL9xxx)",
        _ => "Other",
    };

    public static string Color(string family) => family switch
    {
        StaticState => "#d9480f",
        ContextSwitching => "#1c7ed6",
        UnreleasedResources => "#7048e8",
        Configuration => "#868e96",
        _ => "#495057",
    };
}
