using System.Collections.Concurrent;
using SkiaSharp;

namespace Crisis.Pdf.Text;

public sealed class MissingFontException(string family, string weight)
    : Exception($"The font \"{family}\" ({weight}) is not installed: fontconfig does not know it. " +
                "On Debian install it with `apt-get install fonts-noto-cjk`, or choose installed families in FontFamilies.")
{
    public string Family { get; } = family;
}

/// <summary>Font families by fontconfig name. The defaults cover Latin and Simplified Chinese in one family.</summary>
public sealed record FontFamilies(string Sans = "Noto Sans CJK SC", string Mono = "Noto Sans Mono CJK SC");

/// <summary>
/// The typefaces a document is drawn with, found through fontconfig, with their HarfBuzz shapers.
/// Loading is expensive (CJK fonts are large and may be rewritten, see <see cref="RadicalFreeTypeface"/>),
/// so one library is shared by every render in the process.
/// </summary>
public sealed class FontLibrary : IDisposable
{
    private static readonly Lazy<FontLibrary> DefaultLibrary = new(() => new FontLibrary(new FontFamilies()));

    private readonly Dictionary<SpanStyle, SKTypeface> typefaces = [];
    private readonly ConcurrentDictionary<(int Codepoint, SpanStyle Style), SKTypeface?> fallbacks = new();
    private readonly ConcurrentDictionary<SKTypeface, Shaper> shapers = new();
    public FontLibrary(FontFamilies families)
    {
        var regular = Load(families.Sans, SKFontStyle.Normal, "regular");
        var bold = Load(families.Sans, SKFontStyle.Bold, "bold");
        var mono = Load(families.Mono, SKFontStyle.Normal, "regular");
        using (var font = new SKFont(regular, 1))
        {
            AscentPerEm = -font.Metrics.Ascent;
            DescentPerEm = font.Metrics.Descent;
        }
        typefaces[SpanStyle.Regular] = regular;
        typefaces[SpanStyle.Italic] = regular;
        typefaces[SpanStyle.Bold] = bold;
        typefaces[SpanStyle.Bold | SpanStyle.Italic] = bold;
        foreach (var style in new[] { SpanStyle.Code, SpanStyle.Code | SpanStyle.Bold, SpanStyle.Code | SpanStyle.Italic, SpanStyle.Code | SpanStyle.Bold | SpanStyle.Italic })
            typefaces[style] = mono;
    }

    /// <summary>The process-wide library with the default families; throws <see cref="MissingFontException"/> when they are not installed.</summary>
    public static FontLibrary Default => DefaultLibrary.Value;

    /// <summary>The body font's ascent and descent for a 1-point size, to place baselines in line boxes.</summary>
    internal float AscentPerEm { get; }
    internal float DescentPerEm { get; }

    internal SKTypeface Typeface(SpanStyle style) => typefaces[style];

    /// <summary>The typeface to draw <paramref name="codepoint"/> with: the style's own, or whichever installed font has it.</summary>
    internal SKTypeface TypefaceFor(int codepoint, SpanStyle style)
    {
        var own = typefaces[style];
        if (codepoint < 0x80 || own.ContainsGlyph(codepoint))
            return own;
        return fallbacks.GetOrAdd((codepoint, style), key =>
            SKFontManager.Default.MatchCharacter(own.FamilyName, own.FontStyle, null, key.Codepoint)) ?? own;
    }

    internal Shaper Shaper(SKTypeface typeface) => shapers.GetOrAdd(typeface, t => new Shaper(t));

    private static SKTypeface Load(string family, SKFontStyle style, string weight)
    {
        var typeface = SKFontManager.Default.MatchFamily(family, style);
        if (typeface is null || !typeface.FamilyName.Equals(family, StringComparison.OrdinalIgnoreCase))
        {
            typeface?.Dispose();
            throw new MissingFontException(family, weight);
        }
        return RadicalFreeTypeface.From(typeface);
    }

    public void Dispose()
    {
        foreach (var shaper in shapers.Values)
            shaper.Dispose();
        foreach (var typeface in typefaces.Values.Distinct())
            typeface.Dispose();
    }
}
