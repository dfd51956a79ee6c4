namespace Koupleless.Scanner.Model;

/// <summary>Effective severity of a finding after .editorconfig/.globalconfig (ordered: higher is worse).</summary>
public enum FindingLevel
{
    None = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
}
