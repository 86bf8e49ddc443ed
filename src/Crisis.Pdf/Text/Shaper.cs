using HarfBuzzSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Crisis.Pdf.Text;

/// <summary>
/// HarfBuzz shaping for one typeface. Ligatures and localized forms are turned off: a PDF maps each glyph back
/// to a character through the font's character map, and a substituted glyph has none, so a "fi" ligature would
/// make "notification" come out of the PDF as "noti cation", and Noto CJK's localized digits would vanish.
/// (The drawn runs also carry their text, which viewers that read ActualText use for any other substitution.)
/// One shaper serves concurrent renders: the HarfBuzz font is only read, each call has its own buffer.
/// </summary>
internal sealed class Shaper : IDisposable
{
    private static readonly Feature[] Features = [new(Tag.Parse("liga"), 0), new(Tag.Parse("clig"), 0), new(Tag.Parse("locl"), 0)];
    private readonly Blob blob;
    private readonly HarfBuzzSharp.Face face;
    private readonly HarfBuzzSharp.Font font;
    private readonly int unitsPerEm;

    public Shaper(SKTypeface typeface)
    {
        // The blob takes the stream over and disposes it when HarfBuzz lets go of the font data.
        blob = typeface.OpenStream(out var index).ToHarfBuzzBlob();
        face = new HarfBuzzSharp.Face(blob, index);
        unitsPerEm = face.UnitsPerEm;
        font = new HarfBuzzSharp.Font(face);
        font.SetScale(unitsPerEm, unitsPerEm);
        font.SetFunctionsOpenType();
    }

    /// <summary>Glyph ids, advances in points at <paramref name="size"/>, and UTF-16 cluster indexes, in logical order.</summary>
    public List<(ushort Glyph, float Advance, int Cluster)> Shape(string text, float size)
    {
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf16(text);
        buffer.GuessSegmentProperties();
        font.Shape(buffer, Features);
        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var result = new List<(ushort, float, int)>(infos.Length);
        for (var i = 0; i < infos.Length; i++)
            result.Add(((ushort)infos[i].Codepoint, positions[i].XAdvance * size / unitsPerEm, (int)infos[i].Cluster));
        return result;
    }

    public void Dispose()
    {
        font.Dispose();
        face.Dispose();
        blob.Dispose();
    }
}
