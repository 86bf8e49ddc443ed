using Crisis.Pdf.Text;
using SkiaSharp;

namespace Crisis.Pdf.Layout;

/// <summary>The column a block is laid out in: its width, the body text size and the default alignment.</summary>
internal sealed record Flow(float Width, float BodySize, Align Align = Align.Left, float ParagraphGap = 6);

/// <summary>Turns blocks into slices for the paginator. Every measurement comes from shaped text.</summary>
internal sealed class BlockLayout(FontLibrary fonts, float pageBodyHeight)
{
    public const float LineSpacing = 1.4f;
    public const float BodySize = 10f;
    private static readonly float[] HeadingSizes = [17f, 13.5f, 11.5f, 10f];
    private static readonly float[] HeadingSpaceBefore = [16f, 12f, 9f, 6f];
    private int outlineCount;

    public FontLibrary Fonts => fonts;

    public List<Slice> Lay(IEnumerable<Block> blocks, float width) => Lay(blocks, new Flow(width, BodySize));

    private List<Slice> Lay(IEnumerable<Block> blocks, Flow flow)
    {
        var slices = new List<Slice>();
        foreach (var block in blocks)
            slices.AddRange(Lay(block, flow));
        while (slices.Count > 0 && slices[^1].IsSpace)
            slices.RemoveAt(slices.Count - 1);
        return slices;
    }

    private IEnumerable<Slice> Lay(Block block, Flow flow) => block switch
    {
        Heading heading => Heading(heading, flow),
        Paragraph paragraph => [.. Lines(paragraph.Content, Size(paragraph.Size, flow), Palette.Text, paragraph.Align == Align.Left ? flow.Align : paragraph.Align, flow.Width), Slice.Space(flow.ParagraphGap)],
        ListBlock list => List(list, flow),
        Table table => Table(table, flow),
        KeyValueBlock pairs => KeyValues(pairs, flow),
        Callout callout => Callout(callout, flow),
        ImageBlock image => Image(image, flow),
        BarChart chart => [new Charts(this).Bars(chart, flow.Width), Slice.Space(10)],
        TimelineChart chart => [new Charts(this).Timeline(chart, flow.Width), Slice.Space(10)],
        HorizontalRule => [new Slice(14, [new LineOp(0, 7, flow.Width, 7, Palette.Rule)])],
        PageBreak => [new Slice(0, []) { BreakBefore = true }],
        _ => throw new NotSupportedException($"No layout for {block.GetType().Name}."),
    };

    private static float Size(TextSize size, Flow flow) => size switch
    {
        TextSize.Small => flow.BodySize * 0.85f,
        TextSize.Large => flow.BodySize * 1.25f,
        TextSize.Title => 24f,
        _ => flow.BodySize,
    };

    /// <summary>Wrapped lines of styled text, one slice each; a paragraph keeps its first two and last two lines together.</summary>
    public List<Slice> Lines(IReadOnlyList<Span> content, float size, Rgb color, Align align, float width, SpanStyle extraStyle = SpanStyle.Regular)
    {
        var shaped = Shape(content, size, color, extraStyle);
        var lineHeight = Math.Max(shaped.MaxSize, size) * LineSpacing;
        var baseline = Baseline(lineHeight, Math.Max(shaped.MaxSize, size));
        var slices = LineBreaker.Break(shaped, width).Select(line =>
        {
            var x = align switch
            {
                Align.Center => (width - line.Width) / 2,
                Align.Right => width - line.Width,
                _ => 0,
            };
            return new Slice(lineHeight, [new TextOp(x, baseline, shaped, line)]) { Baseline = baseline };
        }).ToList();
        if (slices.Count >= 2)
            slices[0].KeepWithNext = true;
        if (slices.Count >= 3)
            slices[^2].KeepWithNext = true;
        return slices;
    }

    /// <summary>One line of text that is never wrapped, cut with an ellipsis when it is wider than <paramref name="maxWidth"/>.</summary>
    public TextOp Label(string text, float size, Rgb color, float x, float baseline, Align align = Align.Left, float? maxWidth = null, SpanStyle style = SpanStyle.Regular)
    {
        var shaped = Shape([new Span(text.ReplaceLineEndings(" "), style)], size, color);
        var width = LineBreaker.Measure(shaped);
        if (maxWidth is { } limit && width > limit)
        {
            var keep = text.Length;
            while (keep > 0 && width > limit)
            {
                keep -= char.IsLowSurrogate(text[keep - 1]) ? 2 : 1;
                shaped = Shape([new Span(text[..Math.Max(keep, 0)].TrimEnd() + "…", style)], size, color);
                width = LineBreaker.Measure(shaped);
            }
        }
        var line = new TextLine(0, shaped.Text.Length, width);
        var left = align switch
        {
            Align.Center => x - width / 2,
            Align.Right => x - width,
            _ => x,
        };
        return new TextOp(left, baseline, shaped, line);
    }

    public float Baseline(float lineHeight, float size) => (lineHeight + (fonts.AscentPerEm - fonts.DescentPerEm) * size) / 2;

    private ShapedText Shape(IReadOnlyList<Span> content, float size, Rgb color, SpanStyle extraStyle = SpanStyle.Regular) =>
        ShapedText.Shape(fonts, content.Select(span => (
            span with { Style = span.Style | extraStyle },
            span.Style.HasFlag(SpanStyle.Code) ? size * 0.92f : size,
            span.Color ?? (span.Link is null ? color : Palette.Link))));

    private IEnumerable<Slice> Heading(Heading heading, Flow flow)
    {
        var level = Math.Clamp(heading.Level, 1, HeadingSizes.Length);
        var size = HeadingSizes[level - 1];
        var lines = Lines([new Span(heading.Text, SpanStyle.Bold)], size, Palette.Heading, Align.Left, flow.Width);
        foreach (var line in lines)
            line.KeepWithNext = true;
        if (heading.InOutline)
            lines[0].Outline = new OutlineEntry($"h{++outlineCount}", level, heading.Text);
        var last = lines[^1];
        last.Height += size * 0.4f;
        if (level == 1)
            last.Ops.Add(new LineOp(0, last.Height - 3, flow.Width, last.Height - 3, Palette.Heading, 1f));
        return [Slice.Space(HeadingSpaceBefore[level - 1]), .. lines];
    }

    private IEnumerable<Slice> List(ListBlock list, Flow flow)
    {
        var markerSize = flow.BodySize;
        var indent = list.Kind == ListKind.Numbered
            ? Label($"{list.Start + list.Items.Count - 1}.", markerSize, Palette.Text, 0, 0).Line.Width + 6
            : markerSize * 1.5f;
        var itemFlow = flow with { Width = flow.Width - indent, ParagraphGap = 2 };
        var slices = new List<Slice>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var inner = Lay(item.Content, itemFlow).Select(slice => slice.Moved(indent)).ToList();
            var first = inner.FirstOrDefault(slice => slice.Baseline is not null);
            if (first is null)
                continue;
            var baseline = first.Baseline!.Value;
            first.Ops.AddRange(list.Kind switch
            {
                ListKind.Numbered => [Label($"{list.Start + i}.", markerSize, Palette.Text, indent - 5, baseline, Align.Right)],
                ListKind.Checkbox => Checkbox(baseline, markerSize, item.Checked),
                _ => [Label("•", markerSize, Palette.Text, 2, baseline)],
            });
            slices.AddRange(inner);
            slices.Add(Slice.Space(2));
        }
        slices.Add(Slice.Space(flow.ParagraphGap));
        return slices;
    }

    private static IEnumerable<DrawOp> Checkbox(float baseline, float size, bool ticked)
    {
        var side = size * 0.85f;
        var top = baseline - side;
        yield return new BoxOp(0, top, side, side, null, Palette.Text, 0.8f);
        if (ticked)
        {
            yield return new LineOp(side * 0.2f, top + side * 0.55f, side * 0.42f, top + side * 0.8f, Palette.Green, 1.2f);
            yield return new LineOp(side * 0.42f, top + side * 0.8f, side * 0.85f, top + side * 0.2f, Palette.Green, 1.2f);
        }
    }

    private const float CellPadding = 3.5f;

    private IEnumerable<Slice> Table(Table table, Flow flow)
    {
        var size = Size(table.Size, flow);
        var total = table.Columns.Sum(column => column.Weight);
        var widths = table.Columns.Select(column => flow.Width * column.Weight / total).ToArray();
        var flows = table.Columns.Select((column, c) => new Flow(widths[c] - 2 * CellPadding, size, column.Align, 2)).ToArray();

        var header = Row(table.Columns.Select(column => (TableCell)Span.Bold(column.Title)).ToList(), widths, flows, Palette.HeaderFill, flow.Width);
        foreach (var slice in header)
            slice.KeepWithNext = true;
        var slices = new List<Slice>(header);
        var rowLimit = pageBodyHeight * 0.85f - header.Sum(slice => slice.Height);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            foreach (var slice in Row(table.Rows[r], widths, flows, r % 2 == 1 ? Palette.StripeFill : null, flow.Width, rowLimit))
            {
                slice.RepeatedHeader = header;
                slices.Add(slice);
            }
        }
        slices.Add(Slice.Space(flow.ParagraphGap + 4));
        return slices;
    }

    private IEnumerable<Slice> KeyValues(KeyValueBlock block, Flow flow)
    {
        float[] widths = [flow.Width * 0.3f, flow.Width * 0.7f];
        Flow[] flows = [new(widths[0] - 2 * CellPadding, flow.BodySize, Align.Left, 0), new(widths[1] - 2 * CellPadding, flow.BodySize, Align.Left, 0)];
        var slices = new List<Slice>();
        foreach (var pair in block.Pairs)
        {
            TableCell key = new Span(pair.Key, SpanStyle.Bold, Color: Palette.Muted);
            slices.AddRange(Row([key, new TableCell([new Paragraph(pair.Value)])], widths, flows, null, flow.Width));
        }
        slices.Add(Slice.Space(flow.ParagraphGap + 4));
        return slices;
    }

    /// <summary>
    /// A table row as one slice, or several when it is taller than <paramref name="limit"/>: each cell's
    /// lines then continue in the next part, so no row can be too tall for a page.
    /// </summary>
    private List<Slice> Row(IReadOnlyList<TableCell> cells, float[] widths, Flow[] flows, Rgb? fill, float rowWidth, float limit = float.MaxValue)
    {
        var contents = cells.Take(widths.Length).Select((cell, c) => Lay(cell.Content, flows[c]).Where(slice => !slice.IsSpace).ToList()).ToList();
        var next = new int[contents.Count];
        var parts = new List<Slice>();
        do
        {
            var ops = new List<DrawOp>();
            var height = 0f;
            var x = 0f;
            for (var c = 0; c < contents.Count; c++)
            {
                var y = CellPadding;
                while (next[c] < contents[c].Count && (y == CellPadding || y + contents[c][next[c]].Height + CellPadding <= limit))
                {
                    var slice = contents[c][next[c]++];
                    ops.AddRange(slice.Ops.Select(op => op.Moved(x + CellPadding, y)));
                    y += slice.Height;
                }
                height = Math.Max(height, y + CellPadding);
                x += widths[c];
            }
            if (fill is { } color)
                ops.Insert(0, new BoxOp(0, 0, rowWidth, height, color));
            ops.Add(new LineOp(0, height, rowWidth, height, Palette.Rule, 0.5f));
            parts.Add(new Slice(height, ops));
        }
        while (next.Where((n, c) => n < contents[c].Count).Any());
        return parts;
    }

    private IEnumerable<Slice> Callout(Callout callout, Flow flow)
    {
        const float padding = 7, bar = 3;
        var (tint, accent) = callout.Kind switch
        {
            CalloutKind.Success => (Rgb.Hex("edf7ee"), Palette.Green),
            CalloutKind.Warning => (Rgb.Hex("fff4e0"), Palette.Amber),
            CalloutKind.Danger => (Rgb.Hex("fdecea"), Palette.Red),
            CalloutKind.Code => (Rgb.Hex("f3f4f6"), Palette.Grey),
            _ => (Rgb.Hex("eaf2fc"), Palette.Blue),
        };
        IEnumerable<Block> content = callout.Title is null ? callout.Content : [new Paragraph(Span.Bold(callout.Title)), .. callout.Content];
        var inner = Lay(content, flow with { Width = flow.Width - 2 * padding - bar, ParagraphGap = 3 });
        IEnumerable<Slice> parts = [new Slice(padding, []), .. inner.Select(slice => slice.Moved(bar + padding)), new Slice(padding, [])];
        var slices = parts.Select(slice => new Slice(slice.Height, [new BoxOp(0, 0, flow.Width, slice.Height, tint), new BoxOp(0, 0, bar, slice.Height, accent), .. slice.Ops])
        {
            Baseline = slice.Baseline,
            KeepWithNext = slice.KeepWithNext,
            Outline = slice.Outline,
        }).ToList();
        slices[0].KeepWithNext = true;
        slices[^2].KeepWithNext = true;
        return [.. slices, Slice.Space(flow.ParagraphGap + 2)];
    }

    private IEnumerable<Slice> Image(ImageBlock image, Flow flow)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(image.Data))
            ?? throw new ArgumentException("The image is not in a format that can be drawn (use PNG or JPEG).");
        var info = codec.Info;
        var width = Math.Min(image.Width ?? info.Width * 0.75f, flow.Width);
        var height = width * info.Height / info.Width;
        var maxHeight = pageBodyHeight * 0.8f;
        if (height > maxHeight)
        {
            width *= maxHeight / height;
            height = maxHeight;
        }
        var slices = new List<Slice> { new(height + 4, [new ImageOp((flow.Width - width) / 2, 0, width, height, image.Data)]) };
        if (image.Caption is not null)
        {
            slices[0].KeepWithNext = true;
            slices.AddRange(Lines([new Span(image.Caption, SpanStyle.Italic)], flow.BodySize * 0.85f, Palette.Muted, Align.Center, flow.Width));
        }
        slices.Add(Slice.Space(flow.ParagraphGap + 4));
        return slices;
    }
}
