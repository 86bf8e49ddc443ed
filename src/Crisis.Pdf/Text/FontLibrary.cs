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
/// so one library is shared by every render in the process, and each face is loaded when a document first uses it.
/// </summary>
public sealed class FontLibrary : IDisposable
{
    private static readonly Lazy<FontLibrary> DefaultLibrary = new(() => new FontLibrary(new FontFamilies()));

    private readonly Dictionary<SpanStyle, LazyFace> typefaces = [];
    private readonly ConcurrentDictionary<(int Codepoint, SpanStyle Style), SKTypeface?> fallbacks = new();
    private readonly ConcurrentDictionary<SKTypeface, Shaper> shapers = new();

    /// <summary>A library whose rebuilt fonts are cached in the user's cache folder (see <see cref="DefaultCacheFolder"/>).</summary>
    public FontLibrary(FontFamilies families) : this(families, DefaultCacheFolder()) { }

    /// <param name="families">The families to draw with.</param>
    /// <param name="cacheFolder">Where fonts rebuilt for copyable text are kept for later processes; null to rebuild them in memory each time.</param>
    public FontLibrary(FontFamilies families, string? cacheFolder)
    {
        // Every family is found now, so a missing one is known before any render; the files are read when first drawn with.
        var regular = Face(families.Sans, SKFontStyle.Normal, "regular", cacheFolder);
        var bold = Face(families.Sans, SKFontStyle.Bold, "bold", cacheFolder);
        var mono = Face(families.Mono, SKFontStyle.Normal, "regular", cacheFolder);
        using (var font = new SKFont(regular.Value, 1))
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

    /// <summary>$XDG_CACHE_HOME/crisis/fonts, else ~/.cache/crisis/fonts; null for a user without a home folder.</summary>
    public static string? DefaultCacheFolder()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home) || home == "/")
                return null;
            cache = Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "crisis", "fonts");
    }

    /// <summary>The process-wide library with the default families; throws <see cref="MissingFontException"/> when they are not installed.</summary>
    public static FontLibrary Default => DefaultLibrary.Value;

    /// <summary>The body font's ascent and descent for a 1-point size, to place baselines in line boxes.</summary>
    internal float AscentPerEm { get; }
    internal float DescentPerEm { get; }

    internal SKTypeface Typeface(SpanStyle style) => typefaces[style].Value;

    /// <summary>The typeface to draw <paramref name="codepoint"/> with: the style's own, or whichever installed font has it.</summary>
    internal SKTypeface TypefaceFor(int codepoint, SpanStyle style)
    {
        var own = Typeface(style);
        if (codepoint < 0x80 || own.ContainsGlyph(codepoint))
            return own;
        return fallbacks.GetOrAdd((codepoint, style), key =>
            SKFontManager.Default.MatchCharacter(own.FamilyName, own.FontStyle, null, key.Codepoint)) ?? own;
    }

    internal Shaper Shaper(SKTypeface typeface) => shapers.GetOrAdd(typeface, t => new Shaper(t));

    private static LazyFace Face(string family, SKFontStyle style, string weight, string? cacheFolder)
    {
        var typeface = SKFontManager.Default.MatchFamily(family, style);
        if (typeface is null || !typeface.FamilyName.Equals(family, StringComparison.OrdinalIgnoreCase))
        {
            typeface?.Dispose();
            throw new MissingFontException(family, weight);
        }
        return new LazyFace(typeface, cacheFolder);
    }

    /// <summary>A face found through fontconfig, read (and rebuilt, see <see cref="RadicalFreeTypeface"/>) when first asked for.</summary>
    private sealed class LazyFace(SKTypeface found, string? cacheFolder) : IDisposable
    {
        private readonly Lazy<SKTypeface> loaded = new(() => RadicalFreeTypeface.From(found, cacheFolder));

        public SKTypeface Value => loaded.Value;

        // Once loaded, the found typeface is the loaded one or was disposed when it was rebuilt.
        public void Dispose() => (loaded.IsValueCreated ? loaded.Value : found).Dispose();
    }

    public void Dispose()
    {
        foreach (var shaper in shapers.Values)
            shaper.Dispose();
        foreach (var face in typefaces.Values.Distinct())
            face.Dispose();
    }
}
