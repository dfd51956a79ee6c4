namespace Koupleless.Testing.Retention;

/// <summary>A copy to explain: its name and its native LoaderAllocator (0 when unknown: the copy is then matched by file).</summary>
public sealed record CopyIdentity(string Name, ulong LoaderAllocator);
