using Crisis.Pdf.Text;

namespace Crisis.Pdf.Layout;

/// <summary>What a page draws, in points from the top-left of the slice or page that holds it.</summary>
internal abstract record DrawOp
{
    public abstract DrawOp Moved(float dx, float dy);
}

internal sealed record TextOp(float X, float Baseline, ShapedText Text, TextLine Line) : DrawOp
{
    public string Value => Text.Text[Line.Start..Line.End];
    public override DrawOp Moved(float dx, float dy) => this with { X = X + dx, Baseline = Baseline + dy };
}

internal sealed record BoxOp(float X, float Y, float Width, float Height, Rgb? Fill, Rgb? Stroke = null, float StrokeWidth = 0.75f) : DrawOp
{
    public override DrawOp Moved(float dx, float dy) => this with { X = X + dx, Y = Y + dy };
}

internal sealed record LineOp(float X1, float Y1, float X2, float Y2, Rgb Color, float Width = 0.75f, bool Dashed = false) : DrawOp
{
    public override DrawOp Moved(float dx, float dy) => this with { X1 = X1 + dx, Y1 = Y1 + dy, X2 = X2 + dx, Y2 = Y2 + dy };
}

internal sealed record ImageOp(float X, float Y, float Width, float Height, byte[] Data) : DrawOp
{
    public override DrawOp Moved(float dx, float dy) => this with { X = X + dx, Y = Y + dy };
}

/// <summary>A heading's entry in the PDF outline, at the slice's top.</summary>
internal sealed record OutlineEntry(string Id, int Level, string Title);

/// <summary>
/// An unbreakable horizontal strip of a page: a line of text, a table row, a chart.
/// Blocks lay out into slices; the paginator stacks them onto pages.
/// </summary>
internal sealed class Slice(float height, List<DrawOp> ops)
{
    public float Height { get; set; } = height;
    public List<DrawOp> Ops { get; } = ops;

    /// <summary>Baseline of the first text line, for list markers beside it.</summary>
    public float? Baseline { get; init; }

    /// <summary>Must be on the same page as the slice after it (headings, first and second-last lines).</summary>
    public bool KeepWithNext { get; set; }

    /// <summary>Vertical space that is dropped at the top of a page.</summary>
    public bool IsSpace { get; init; }

    public bool BreakBefore { get; init; }

    /// <summary>Table header rows to draw again above this slice when it starts a page.</summary>
    public IReadOnlyList<Slice>? RepeatedHeader { get; set; }

    public OutlineEntry? Outline { get; set; }

    public static Slice Space(float height) => new(height, []) { IsSpace = true };

    public Slice Moved(float dx, float dy = 0) => new(Height, Ops.Select(op => op.Moved(dx, dy)).ToList())
    {
        Baseline = Baseline + dy,
        KeepWithNext = KeepWithNext,
        IsSpace = IsSpace,
        BreakBefore = BreakBefore,
        RepeatedHeader = RepeatedHeader,
        Outline = Outline,
    };
}
