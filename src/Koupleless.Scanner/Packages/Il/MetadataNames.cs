using System;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// The UTF-8 bytes of #Strings heap entries, read straight from the assembly image (no string is built): the image is the
/// file's bytes, so the heap is a slice of it. Falls back to <see cref="MetadataReader.GetString"/> when the heap is not
/// where the headers say (then the bytes are encoded once more, as the reader decoded them).
/// </summary>
internal sealed class MetadataNames
{
    private readonly MetadataReader _reader;
    private readonly ReadOnlyMemory<byte> _image;
    private readonly int _heapStart = -1;
    private readonly int _heapLength;

    public MetadataNames(PEReader pe, MetadataReader reader, ReadOnlyMemory<byte> image)
    {
        _reader = reader;
        _image = image;
        var start = (long)pe.PEHeaders.MetadataStartOffset + reader.GetHeapMetadataOffset(HeapIndex.String);
        var length = reader.GetHeapSize(HeapIndex.String);
        if (reader.MetadataKind == MetadataKind.Ecma335 && pe.PEHeaders.MetadataStartOffset >= 0 && start + length <= image.Length)
        {
            _heapStart = (int)start;
            _heapLength = length;
        }
    }

    public ReadOnlySpan<byte> Bytes(StringHandle handle)
    {
        if (_heapStart >= 0 && !handle.IsNil)
        {
            var offset = MetadataTokens.GetHeapOffset(handle);
            if ((uint)offset < (uint)_heapLength)
            {
                var rest = _image.Span.Slice(_heapStart + offset, _heapLength - offset);
                var end = rest.IndexOf((byte)0);
                return end < 0 ? rest : rest[..end];
            }
        }

        return Encoding.UTF8.GetBytes(_reader.GetString(handle));
    }

    public bool In(Utf8NameSet set, StringHandle handle) => set.Contains(Bytes(handle));

    public bool Equals(StringHandle handle, ReadOnlySpan<byte> utf8) => Bytes(handle).SequenceEqual(utf8);
}
