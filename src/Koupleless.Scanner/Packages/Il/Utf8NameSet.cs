using System;
using System.Collections.Generic;
using System.Text;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// A set of names looked up by the UTF-8 bytes metadata stores them as (the #Strings heap), without building a string:
/// the scan asks it once per metadata row, and most rows (every call to an API no hazard lists) answer "no".
/// </summary>
internal sealed class Utf8NameSet
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Utf8NameSet(IEnumerable<string> names)
    {
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Contains(string name) => _names.Contains(name);

    public bool Contains(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 512)
        {
            return _names.Contains(Encoding.UTF8.GetString(utf8));
        }

        // UTF-8 never needs more UTF-16 code units than it has bytes.
        Span<char> chars = stackalloc char[utf8.Length];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        return _lookup.Contains(chars[..count]);
    }
}
