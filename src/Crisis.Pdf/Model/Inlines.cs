namespace Crisis.Pdf;

[Flags]
public enum SpanStyle
{
    Regular = 0,
    Bold = 1,
    Italic = 2,
    Code = 4,
}

/// <summary>A piece of text with one style; "\n" inside it is a hard line break.</summary>
/// <param name="Link">An absolute http(s) or mailto address; the span is drawn as a link and clickable.</param>
public sealed record Span(string Text, SpanStyle Style = SpanStyle.Regular, string? Link = null, Rgb? Color = null)
{
    public static implicit operator Span(string text) => new(text);

    public static Span Bold(string text) => new(text, SpanStyle.Bold);
    public static Span Italic(string text) => new(text, SpanStyle.Italic);
    public static Span Code(string text) => new(text, SpanStyle.Code);
}
