namespace Koupleless.Scanner.Engine;

/// <summary>What the engine reports while it works; the CLI shows it live or as plain lines.</summary>
public interface IScanProgress
{
    void Stage(string description);

    void ProjectsFound(int count);

    void ProjectLoaded(string name);

    void ProjectAnalyzed(string name, int findings, bool failed);

    /// <summary>Extra detail shown only with -v.</summary>
    void Detail(string message);

    public static readonly IScanProgress None = new NullProgress();

    private sealed class NullProgress : IScanProgress
    {
        public void Stage(string description) { }

        public void ProjectsFound(int count) { }

        public void ProjectLoaded(string name) { }

        public void ProjectAnalyzed(string name, int findings, bool failed) { }

        public void Detail(string message) { }
    }
}
