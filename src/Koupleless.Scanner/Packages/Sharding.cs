using System;
using System.Globalization;

namespace Koupleless.Scanner.Packages;

/// <summary>
/// `--shard i/n`: a deterministic partition of the packages by a hash of the lower-cased package id (FNV-1a, the same on
/// every machine and run, unlike string.GetHashCode). Shards are numbered 1..n so CI matrix indexes map directly; every
/// version of one id lands in the same shard.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard All = new(1, 1);

    public static bool TryParse(string? text, out Shard shard, out string? problem)
    {
        shard = All;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var slash = text.IndexOf('/');
        if (slash > 0 && int.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            shard = new Shard(index, count);
            return true;
        }

        problem = $"--shard '{text}' is not 'i/n' with 1 <= i <= n (e.g. 1/4)";
        return false;
    }

    public bool Contains(string packageId) => Count == 1 || (int)(Hash(packageId) % (uint)Count) == Index - 1;

    public static uint Hash(string packageId)
    {
        var hash = 2166136261u;
        foreach (var c in packageId.ToLowerInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public override string ToString() => Index.ToString(CultureInfo.InvariantCulture) + "/" + Count.ToString(CultureInfo.InvariantCulture);
}
