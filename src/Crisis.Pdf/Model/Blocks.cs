namespace Crisis.Pdf;

public abstract record Block;

/// <summary>Level 1 to 4. Headings are kept on the page of what follows them and become outline entries.</summary>
public sealed record Heading(int Level, string Text, bool InOutline = true) : Block;

public enum Align
{
    Left,
    Center,
    Right,
}

public enum TextSize
{
    Body,
    Small,
    Large,
    Title,
}

public sealed record Paragraph(IReadOnlyList<Span> Content, TextSize Size = TextSize.Body, Align Align = Align.Left) : Block
{
    public Paragraph(params Span[] content) : this((IReadOnlyList<Span>)content) { }
}

public enum ListKind
{
    Bullet,
    Numbered,
    /// <summary>Tick boxes: empty unless the item says it is checked.</summary>
    Checkbox,
}

public sealed record ListItem(IReadOnlyList<Block> Content, bool Checked = false)
{
    public ListItem(params Span[] text) : this([new Paragraph(text)]) { }
}

public sealed record ListBlock(ListKind Kind, IReadOnlyList<ListItem> Items, int Start = 1) : Block;

public sealed record TableColumn(string Title, float Weight = 1, Align Align = Align.Left);

public sealed record TableCell(IReadOnlyList<Block> Content)
{
    public static implicit operator TableCell(string text) => new([new Paragraph(new Span(text))]);
    public static implicit operator TableCell(Span span) => new([new Paragraph(span)]);
}

/// <summary>A table whose rows may break across pages; the header row is repeated at the top of each page.</summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows, TextSize Size = TextSize.Small) : Block;

public sealed record KeyValue(string Key, IReadOnlyList<Span> Value)
{
    public KeyValue(string key, string value) : this(key, [new Span(value)]) { }
}

public sealed record KeyValueBlock(IReadOnlyList<KeyValue> Pairs) : Block;

public enum CalloutKind
{
    Note,
    Success,
    Warning,
    Danger,
    Code,
}

public sealed record Callout(CalloutKind Kind, IReadOnlyList<Block> Content, string? Title = null) : Block;

/// <summary>A PNG or JPEG image, scaled to <paramref name="Width"/> points (or the column) keeping its aspect.</summary>
public sealed record ImageBlock(byte[] Data, float? Width = null, string? Caption = null) : Block;

public sealed record HorizontalRule : Block;

public sealed record PageBreak : Block;
