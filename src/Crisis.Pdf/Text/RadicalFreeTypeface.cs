using System.Buffers.Binary;
using System.Security.Cryptography;
using SkiaSharp;

namespace Crisis.Pdf.Text;

/// <summary>
/// Makes Chinese text copyable from the PDF. Skia writes each font's ToUnicode map from the first character
/// that maps to a glyph, and fonts such as Noto Sans CJK draw the Kangxi and CJK radicals (U+2E80–U+2FDF)
/// with the same glyphs as the ideographs: 一 would come back out of the PDF as the radical ⼀ and 页 as ⻚.
/// When a font does that, this rebuilds it with a character map that leaves those radicals out.
/// Only the font's table directory and character map are read to find out; a rebuilt font (16 MB for Noto Sans CJK)
/// is written once to the cache folder and mapped from there by every later process, not read into memory.
/// </summary>
internal static class RadicalFreeTypeface
{
    private const int RadicalsStart = 0x2E80, RadicalsEnd = 0x2FDF;
    private const uint CmapTag = 0x636D6170;
    private const string CacheVersion = "radical-free-1";

    public static SKTypeface From(SKTypeface typeface, string? cacheFolder)
    {
        using var stream = typeface.OpenStream(out var faceIndex);
        if (Read(stream, faceIndex) is not var (file, map))
            return typeface; // no Unicode character map this can read: drawn as it is, radicals and all
        var glyphsAfterRadicals = new HashSet<ushort>(map.Where(m => m.Codepoint > RadicalsEnd).Select(m => m.Glyph));
        var shadowing = map.Where(m => m.Codepoint is >= RadicalsStart and <= RadicalsEnd && glyphsAfterRadicals.Contains(m.Glyph)).ToHashSet();
        if (shadowing.Count == 0)
            return typeface;

        var cmap = CmapFormat12(map.Where(m => !shadowing.Contains(m)).ToList());
        var rebuilt = (cacheFolder is null ? null : FromCache(file, cmap, typeface, cacheFolder)) ?? FromMemory(file, cmap);
        typeface.Dispose();
        return rebuilt;
    }

    private static (FontFile File, List<(int Codepoint, ushort Glyph)> Map)? Read(SKStreamAsset stream, int faceIndex)
    {
        try
        {
            var file = new FontFile(stream, faceIndex);
            return file.Table(CmapTag) is { } cmap && CharacterMap(file.Read(cmap)) is { } map ? (file, map) : null;
        }
        catch (Exception exception) when (exception is IOException or ArgumentOutOfRangeException)
        {
            return null; // a table directory or character map cut short or out of bounds
        }
    }

    /// <summary>The rebuilt font from the cache folder, written there first if it is not there yet; null when the folder cannot be used.</summary>
    private static SKTypeface? FromCache(FontFile file, byte[] cmap, SKTypeface source, string cacheFolder)
    {
        var path = Path.Combine(cacheFolder, $"{FileNamePart(source.FamilyName)}-{source.FontStyle.Weight}-{file.Fingerprint(CacheVersion)}.otf");
        if (File.Exists(path) && SKTypeface.FromFile(path) is { } cached)
        {
            if (cached.GlyphCount == source.GlyphCount)
                return cached;
            cached.Dispose(); // not the font it should be (cut short, say): written again
        }
        var written = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            // Private to the user: a font planted here would be parsed by every render.
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(cacheFolder);
            else Directory.CreateDirectory(cacheFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using (var output = File.Create(written))
                file.WriteWithCmap(cmap, output);
            File.Move(written, path, overwrite: true); // whole or not at all, for processes reading it meanwhile
            return SKTypeface.FromFile(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(written))
                File.Delete(written);
            return null;
        }
    }

    private static SKTypeface FromMemory(FontFile file, byte[] cmap)
    {
        var output = new MemoryStream();
        file.WriteWithCmap(cmap, output);
        return SKTypeface.FromData(SKData.CreateCopy(output.GetBuffer().AsSpan(0, (int)output.Length)));
    }

    private static string FileNamePart(string family) => string.Concat(family.Where(char.IsAsciiLetterOrDigit));

    /// <summary>Codepoint to glyph from the Unicode subtable a font is drawn with: format 12 (full repertoire), else format 4 (BMP).</summary>
    private static List<(int Codepoint, ushort Glyph)>? CharacterMap(byte[] cmap)
    {
        var table = cmap.AsSpan();
        int subtables = BinaryPrimitives.ReadUInt16BigEndian(table[2..]);
        int? format4 = null;
        for (var i = 0; i < subtables; i++)
        {
            var record = table[(4 + i * 8)..];
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record), encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            if (platform is not (0 or 3) || (platform == 3 && encoding is not (1 or 10)))
                continue;
            int format = BinaryPrimitives.ReadUInt16BigEndian(table[offset..]);
            if (format == 12)
                return Format12(table[offset..]);
            if (format == 4)
                format4 ??= offset;
        }
        return format4 is { } at ? Format4(table[at..]) : null;
    }

    private static List<(int, ushort)> Format12(ReadOnlySpan<byte> subtable)
    {
        var map = new List<(int, ushort)>();
        var groups = (int)BinaryPrimitives.ReadUInt32BigEndian(subtable[12..]);
        for (var i = 0; i < groups; i++)
        {
            var group = subtable[(16 + i * 12)..];
            var start = (int)BinaryPrimitives.ReadUInt32BigEndian(group);
            var end = (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
            var glyph = BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
            for (var codepoint = start; codepoint <= end && codepoint <= 0x10FFFF; codepoint++)
                map.Add((codepoint, (ushort)(glyph + (uint)(codepoint - start))));
        }
        return map;
    }

    private static List<(int, ushort)> Format4(ReadOnlySpan<byte> subtable)
    {
        var map = new List<(int, ushort)>();
        var segments = BinaryPrimitives.ReadUInt16BigEndian(subtable[6..]) / 2;
        var ends = subtable[14..];
        var starts = ends[(segments * 2 + 2)..];
        var deltas = starts[(segments * 2)..];
        var rangeOffsets = deltas[(segments * 2)..];
        for (var s = 0; s < segments; s++)
        {
            int start = BinaryPrimitives.ReadUInt16BigEndian(starts[(s * 2)..]), end = BinaryPrimitives.ReadUInt16BigEndian(ends[(s * 2)..]);
            var delta = BinaryPrimitives.ReadUInt16BigEndian(deltas[(s * 2)..]);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[(s * 2)..]);
            for (var codepoint = start; codepoint <= end && codepoint != 0xFFFF; codepoint++)
            {
                // With a range offset, the glyph is read from the array that follows, counted from this offset's own place.
                var glyph = rangeOffset == 0 ? codepoint : BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[(s * 2 + rangeOffset + (codepoint - start) * 2)..]);
                if (glyph != 0 || rangeOffset == 0)
                    glyph = (ushort)(glyph + delta);
                if (glyph != 0)
                    map.Add((codepoint, (ushort)glyph));
            }
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

    /// <summary>
    /// One face of a font file or collection, read through Skia's stream of it: its table directory at once, a table's
    /// bytes when asked. Tables are copied across in chunks, never the whole file into memory.
    /// </summary>
    private sealed class FontFile
    {
        private readonly SKStreamAsset stream;
        private readonly uint sfntVersion;
        private readonly byte[] directory;

        public FontFile(SKStreamAsset stream, int faceIndex)
        {
            this.stream = stream;
            var header = ReadAt(0, 16);
            var faceOffset = header.AsSpan(0, 4).SequenceEqual("ttcf"u8)
                ? (int)BinaryPrimitives.ReadUInt32BigEndian(ReadAt(12 + faceIndex * 4, 4))
                : 0;
            var face = ReadAt(faceOffset, 12);
            sfntVersion = BinaryPrimitives.ReadUInt32BigEndian(face);
            int tableCount = BinaryPrimitives.ReadUInt16BigEndian(face.AsSpan(4));
            directory = ReadAt(faceOffset + 12, tableCount * 16);
        }

        public record struct TableRecord(uint Tag, uint Checksum, int Offset, int Length);

        private IEnumerable<TableRecord> Tables => Enumerable.Range(0, directory.Length / 16).Select(i =>
        {
            var record = directory.AsSpan(i * 16);
            return new TableRecord(BinaryPrimitives.ReadUInt32BigEndian(record), BinaryPrimitives.ReadUInt32BigEndian(record[4..]),
                (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        });

        public TableRecord? Table(uint tag) => Tables.Where(t => t.Tag == tag).Select(t => (TableRecord?)t).FirstOrDefault();

        public byte[] Read(TableRecord table) => ReadAt(table.Offset, table.Length);

        /// <summary>Names this face of this file: its table directory holds every table's checksum, place and length.</summary>
        public string Fingerprint(string salt) =>
            Convert.ToHexStringLower(SHA256.HashData([.. System.Text.Encoding.ASCII.GetBytes(salt), .. directory]))[..16];

        /// <summary>The face as a standalone font, its "cmap" table replaced; every other table copied as it is, with its own checksum.</summary>
        public void WriteWithCmap(byte[] cmap, Stream output)
        {
            var tables = Tables.ToList();
            var headerLength = 12 + tables.Count * 16;
            var header = new byte[headerLength];
            var span = header.AsSpan();
            var searchPower = (int)Math.Log2(tables.Count);
            BinaryPrimitives.WriteUInt32BigEndian(span, sfntVersion);
            BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Count);
            BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 << searchPower));
            BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)searchPower);
            BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(tables.Count * 16 - (16 << searchPower)));
            var position = headerLength;
            for (var i = 0; i < tables.Count; i++)
            {
                var table = tables[i];
                var isCmap = table.Tag == CmapTag;
                var length = isCmap ? cmap.Length : table.Length;
                var record = span[(12 + i * 16)..];
                BinaryPrimitives.WriteUInt32BigEndian(record, table.Tag);
                BinaryPrimitives.WriteUInt32BigEndian(record[4..], isCmap ? Checksum(cmap) : table.Checksum);
                BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
                BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)length);
                position += (length + 3) & ~3;
            }
            output.Write(header);
            var chunk = new byte[81920];
            foreach (var table in tables)
            {
                if (table.Tag == CmapTag)
                {
                    output.Write(cmap);
                    output.Write(new byte[((cmap.Length + 3) & ~3) - cmap.Length]);
                    continue;
                }
                Seek(table.Offset);
                for (var left = table.Length; left > 0;)
                {
                    var read = stream.Read(chunk, Math.Min(chunk.Length, left));
                    if (read <= 0)
                        throw new IOException("The font file ends inside one of its tables.");
                    output.Write(chunk, 0, read);
                    left -= read;
                }
                output.Write(new byte[((table.Length + 3) & ~3) - table.Length]);
            }
        }

        private byte[] ReadAt(int offset, int length)
        {
            Seek(offset);
            var bytes = new byte[length];
            if (stream.Read(bytes, length) != length)
                throw new IOException("The font file is shorter than its table directory says.");
            return bytes;
        }

        private void Seek(int offset)
        {
            if (!stream.Seek(offset))
                throw new IOException("The font file cannot be read at an offset its table directory gives.");
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
}
