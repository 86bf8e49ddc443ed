namespace Crisis.Pdf;

/// <summary>A document to lay out: metadata, page setup, running texts and a flow of blocks.</summary>
public sealed class Document
{
    public DocumentInfo Info { get; init; } = new("Untitled");
    public PageFormat Page { get; init; } = PageFormat.A4;

    /// <summary>Small text at the top of every page but the first; the right part is optional.</summary>
    public string? HeaderLeft { get; init; }
    public string? HeaderRight { get; init; }
    public string? FooterLeft { get; init; }

    /// <summary>The footer's page label, given the page number and the page count.</summary>
    public Func<int, int, string> PageLabel { get; init; } = (page, pages) => $"Page {page} of {pages}";

    /// <summary>Drawn faintly across every page, e.g. "EXERCISE".</summary>
    public string? Watermark { get; init; }

    public List<Block> Blocks { get; } = [];

    public Document Add(params Block[] blocks)
    {
        Blocks.AddRange(blocks);
        return this;
    }
}

/// <param name="Language">BCP 47 tag written into the PDF catalog, e.g. "en" or "zh-CN".</param>
public sealed record DocumentInfo(
    string Title,
    string? Author = null,
    string? Subject = null,
    string? Keywords = null,
    string Language = "en",
    DateTimeOffset? Created = null);

/// <summary>Page size and margins in PDF points (1/72 inch).</summary>
public sealed record PageFormat(string Name, float Width, float Height, float MarginTop = 64, float MarginBottom = 60, float MarginLeft = 56, float MarginRight = 56)
{
    public static readonly PageFormat A4 = new("A4", 595.28f, 841.89f);
    public static readonly PageFormat Letter = new("Letter", 612f, 792f);

    public float BodyWidth => Width - MarginLeft - MarginRight;
    public float BodyHeight => Height - MarginTop - MarginBottom;

    public static PageFormat Named(string name) =>
        name.Equals("letter", StringComparison.OrdinalIgnoreCase) ? Letter
        : name.Equals("a4", StringComparison.OrdinalIgnoreCase) ? A4
        : throw new ArgumentException($"Unknown page size \"{name}\"; use A4 or Letter.", nameof(name));
}

/// <summary>An sRGB colour, kept free of the drawing library so callers need not reference it.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Hex(string hex)
    {
        var value = Convert.ToUInt32(hex.TrimStart('#'), 16);
        return new((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }
}

/// <summary>The colours the layout uses; charts pick series colours from <see cref="Series"/> in order.</summary>
public static class Palette
{
    public static readonly Rgb Text = Rgb.Hex("1f2328");
    public static readonly Rgb Muted = Rgb.Hex("5b6470");
    public static readonly Rgb Heading = Rgb.Hex("0f2a4a");
    public static readonly Rgb Link = Rgb.Hex("0b57d0");
    public static readonly Rgb Rule = Rgb.Hex("c9ced6");
    public static readonly Rgb HeaderFill = Rgb.Hex("e8edf3");
    public static readonly Rgb StripeFill = Rgb.Hex("f6f8fa");
    public static readonly Rgb Watermark = Rgb.Hex("c62828");

    public static readonly Rgb Green = Rgb.Hex("2e7d32");
    public static readonly Rgb Amber = Rgb.Hex("ef8f00");
    public static readonly Rgb Red = Rgb.Hex("c62828");
    public static readonly Rgb Blue = Rgb.Hex("1565c0");
    public static readonly Rgb Grey = Rgb.Hex("8a939e");
    public static readonly Rgb Purple = Rgb.Hex("6a1b9a");

    public static readonly IReadOnlyList<Rgb> Series = [Blue, Green, Amber, Red, Grey, Purple];
}
