using System.Text;
using SkiaSharp;

namespace Crisis.Pdf.Text;

/// <summary>How a run of glyphs is drawn: typeface, size, synthetic slant, colour and an optional link.</summary>
internal sealed record Face(SKTypeface Typeface, float Size, bool Italic, Rgb Color, string? Link)
{
    public SKFont CreateFont() => new(Typeface, Size) { SkewX = Italic ? -0.2f : 0, Subpixel = true, LinearMetrics = true };
}

internal struct Glyph
{
    public ushort Id;
    public float Advance;
    /// <summary>UTF-16 index of the first character of the glyph's cluster in <see cref="ShapedText.Text"/>.</summary>
    public int Char;
    public int Face;
}

/// <summary>A paragraph's text shaped once with HarfBuzz, in logical order; lines are cut from it without reshaping.</summary>
internal sealed class ShapedText
{
    private readonly List<Glyph> glyphs = [];
    private readonly List<Face> faces = [];
    private readonly StringBuilder text = new();

    public string Text { get; private set; } = "";
    public IReadOnlyList<Glyph> Glyphs => glyphs;
    public IReadOnlyList<Face> Faces => faces;

    /// <summary>Advance of each UTF-16 character (a cluster's width sits on its first character).</summary>
    public float[] CharWidths { get; private set; } = [];

    /// <summary>Size of the largest face, for the line height.</summary>
    public float MaxSize { get; private set; }

    public static ShapedText Shape(FontLibrary fonts, IEnumerable<(Span Span, float Size, Rgb Color)> runs)
    {
        var shaped = new ShapedText();
        foreach (var (span, size, color) in runs)
            shaped.Append(fonts, span, size, color);
        shaped.Text = shaped.text.ToString();
        shaped.CharWidths = new float[shaped.Text.Length];
        foreach (var glyph in shaped.glyphs)
            shaped.CharWidths[glyph.Char] += glyph.Advance;
        return shaped;
    }

    private void Append(FontLibrary fonts, Span span, float size, Rgb color)
    {
        MaxSize = Math.Max(MaxSize, size);
        var style = span.Style;
        var segmentStart = 0;
        SKTypeface? segmentTypeface = null;
        var value = Clean(span.Text);
        for (var i = 0; i < value.Length; i += char.IsSurrogatePair(value, i) ? 2 : 1)
        {
            var codepoint = char.ConvertToUtf32(value, i);
            var typeface = fonts.TypefaceFor(codepoint, style);
            if (segmentTypeface is not null && typeface != segmentTypeface)
            {
                AppendSegment(fonts, value[segmentStart..i], new Face(segmentTypeface, size, style.HasFlag(SpanStyle.Italic), color, span.Link));
                segmentStart = i;
            }
            segmentTypeface = typeface;
        }
        if (segmentTypeface is not null)
            AppendSegment(fonts, value[segmentStart..], new Face(segmentTypeface, size, style.HasFlag(SpanStyle.Italic), color, span.Link));
    }

    /// <summary>Line ends become "\n", tabs and other controls spaces, and broken surrogates U+FFFD, so shaping sees only drawable text.</summary>
    private static string Clean(string value)
    {
        var builder = new StringBuilder(value.ReplaceLineEndings("\n"));
        for (var i = 0; i < builder.Length; i++)
        {
            var c = builder[i];
            if (char.IsHighSurrogate(c) && i + 1 < builder.Length && char.IsLowSurrogate(builder[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                builder[i] = '\uFFFD';
            else if (char.IsControl(c) && c != '\n')
                builder[i] = ' ';
        }
        return builder.ToString();
    }

    private void AppendSegment(FontLibrary fonts, string segment, Face face)
    {
        var faceIndex = faces.IndexOf(face);
        if (faceIndex < 0)
        {
            faces.Add(face);
            faceIndex = faces.Count - 1;
        }
        var charBase = text.Length;
        text.Append(segment);
        var shaped = fonts.Shaper(face.Typeface).Shape(segment.Replace('\n', ' '), face.Size);
        foreach (var (glyph, advance, cluster) in shaped)
        {
            glyphs.Add(new Glyph
            {
                Id = glyph,
                Advance = segment[cluster] == '\n' ? 0 : advance,
                Char = charBase + cluster,
                Face = faceIndex,
            });
        }
    }
}
