using System.Buffers.Binary;
using SkiaSharp;

namespace Crisis.Pdf.Text;

/// <summary>
/// Makes Chinese text copyable from the PDF. Skia writes each font's ToUnicode map from the first character
/// that maps to a glyph, and fonts such as Noto Sans CJK draw the Kangxi and CJK radicals (U+2E80–U+2FDF)
/// with the same glyphs as the ideographs: 一 would come back out of the PDF as the radical ⼀ and 页 as ⻚.
/// When a font does that, this rebuilds it with a character map that leaves those radicals out.
/// </summary>
internal static class RadicalFreeTypeface
{
    private const int RadicalsStart = 0x2E80, RadicalsEnd = 0x2FDF;

    public static SKTypeface From(SKTypeface typeface)
    {
        var map = CharacterMap(typeface);
        var glyphsAfterRadicals = new HashSet<ushort>(map.Where(m => m.Codepoint > RadicalsEnd).Select(m => m.Glyph));
        var shadowing = map.Where(m => m.Codepoint is >= RadicalsStart and <= RadicalsEnd && glyphsAfterRadicals.Contains(m.Glyph)).ToHashSet();
        if (shadowing.Count == 0)
            return typeface;

        byte[] fontFile;
        int faceIndex;
        using (var stream = typeface.OpenStream(out faceIndex))
        using (var data = SKData.Create(stream))
            fontFile = data.ToArray();
        var rebuilt = Rebuild(fontFile, faceIndex, CmapFormat12(map.Where(m => !shadowing.Contains(m)).ToList()));
        var result = SKTypeface.FromData(SKData.CreateCopy(rebuilt));
        typeface.Dispose();
        return result;
    }

    private static List<(int Codepoint, ushort Glyph)> CharacterMap(SKTypeface typeface)
    {
        using var font = new SKFont(typeface);
        var map = new List<(int, ushort)>();
        const int chunk = 4096;
        var utf32 = new byte[chunk * 4];
        var glyphs = new ushort[chunk];
        for (var start = 0; start <= 0x10FFFF; start += chunk)
        {
            var count = Math.Min(chunk, 0x110000 - start);
            for (var i = 0; i < count; i++)
            {
                var codepoint = start + i;
                BinaryPrimitives.WriteInt32LittleEndian(utf32.AsSpan(i * 4), codepoint is >= 0xD800 and <= 0xDFFF ? 0 : codepoint);
            }
            font.GetGlyphs(utf32.AsSpan(0, count * 4), SKTextEncoding.Utf32, glyphs.AsSpan(0, count));
            for (var i = 0; i < count; i++)
                if (glyphs[i] != 0)
                    map.Add((start + i, glyphs[i]));
        }
        return map;
    }

    /// <summary>A "cmap" table with one Windows Unicode full-repertoire subtable (format 12).</summary>
    private static byte[] CmapFormat12(List<(int Codepoint, ushort Glyph)> map)
    {
        var groups = new List<(int Start, int End, int Glyph)>();
        foreach (var (codepoint, glyph) in map)
        {
            if (groups.Count > 0)
            {
                var last = groups[^1];
                if (codepoint == last.End + 1 && glyph == last.Glyph + (codepoint - last.Start))
                {
                    groups[^1] = last with { End = codepoint };
                    continue;
                }
            }
            groups.Add((codepoint, codepoint, glyph));
        }
        var table = new byte[12 + 16 + groups.Count * 12];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 1);        // one encoding record
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 3);        // platform: Windows
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], 10);       // encoding: Unicode full repertoire
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 12);       // subtable offset
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 12);      // format
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], (uint)(table.Length - 12));
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], (uint)groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var at = span[(28 + i * 12)..];
            BinaryPrimitives.WriteUInt32BigEndian(at, (uint)groups[i].Start);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], (uint)groups[i].End);
            BinaryPrimitives.WriteUInt32BigEndian(at[8..], (uint)groups[i].Glyph);
        }
        return table;
    }

    /// <summary>One face of a font file or collection as a standalone font, with its "cmap" table replaced.</summary>
    private static byte[] Rebuild(byte[] file, int faceIndex, byte[] cmap)
    {
        var source = file.AsSpan();
        var faceOffset = source[..4].SequenceEqual("ttcf"u8)
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(source[(12 + faceIndex * 4)..])
            : 0;
        var sfntVersion = BinaryPrimitives.ReadUInt32BigEndian(source[faceOffset..]);
        int tableCount = BinaryPrimitives.ReadUInt16BigEndian(source[(faceOffset + 4)..]);
        var tables = new List<(uint Tag, byte[] Data)>();
        for (var i = 0; i < tableCount; i++)
        {
            var record = source[(faceOffset + 12 + i * 16)..];
            var tag = BinaryPrimitives.ReadUInt32BigEndian(record);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            tables.Add((tag, tag == 0x636D6170 /* cmap */ ? cmap : source.Slice(offset, length).ToArray()));
        }

        var headerLength = 12 + tables.Count * 16;
        var output = new byte[headerLength + tables.Sum(t => (t.Data.Length + 3) & ~3)];
        var span = output.AsSpan();
        var searchPower = (int)Math.Log2(tables.Count);
        BinaryPrimitives.WriteUInt32BigEndian(span, sfntVersion);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 << searchPower));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)searchPower);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(tables.Count * 16 - (16 << searchPower)));
        var position = headerLength;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, data) = tables[i];
            var record = span[(12 + i * 16)..];
            BinaryPrimitives.WriteUInt32BigEndian(record, tag);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(span[position..]);
            position += (data.Length + 3) & ~3;
        }
        return output;
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var b = 0; b < 4; b++)
                word = (word << 8) | (i + b < data.Length ? data[i + b] : 0u);
            sum += word;
        }
        return sum;
    }
}
