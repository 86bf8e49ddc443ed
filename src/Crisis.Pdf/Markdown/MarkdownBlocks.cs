using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MarkdownList = Markdig.Syntax.ListBlock;
using MarkdownTable = Markdig.Extensions.Tables.Table;
using MarkdownTableCell = Markdig.Extensions.Tables.TableCell;

namespace Crisis.Pdf.Markdown;

/// <summary>
/// Maps Markdown onto document blocks through Markdig's syntax tree. Raw HTML is never interpreted: its text
/// is kept as text. Links keep only http, https and mailto targets.
/// </summary>
public static class MarkdownBlocks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseCjkFriendlyEmphasis() // **涉及的信息：**姓名 is bold, not asterisks: CommonMark's flanking rules fail next to CJK punctuation
        .Use<Crisis.Text.CjkLineBreaks>()
        .Build();

    /// <summary>How deep quotes, lists and tables may sit inside each other before the text is laid out as plain
    /// paragraphs instead: each level narrows the page, and a report must print whatever was stored.</summary>
    public const int MaxNesting = 16;

    /// <summary>Wider tables are written as one line of text per row: on a page their columns would be a few
    /// points wide, unreadable, and laying out every cell one character a line is slow.</summary>
    public const int MaxTableColumns = 12;

    /// <param name="headingOffset">Added to each heading level, so a "#" inside a section can sit below the section's own heading.</param>
    /// <remarks>Markdown that Markdig refuses (it throws past its own depth limit) or that nests deeper than
    /// <see cref="MaxNesting"/> becomes plain paragraphs of its text, never an exception.</remarks>
    public static List<Block> Convert(string markdown, int headingOffset = 0)
    {
        markdown ??= "";
        try
        {
            var document = Markdig.Markdown.Parse(markdown, Pipeline);
            if (ContainerDepth(document) <= MaxNesting)
                return Blocks(document, headingOffset).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Shown as plain text below.
        }
        return PlainParagraphs(markdown);
    }

    private static int ContainerDepth(ContainerBlock container) =>
        1 + container.OfType<ContainerBlock>().Select(ContainerDepth).DefaultIfEmpty(0).Max();

    private static List<Block> PlainParagraphs(string text) =>
        text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(paragraph => (Block)new Paragraph([new Span(paragraph)])).ToList();

    private static IEnumerable<Block> Blocks(ContainerBlock container, int headingOffset)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    yield return new Heading(Math.Min(heading.Level + headingOffset, 4), PlainText(heading.Inline), InOutline: false);
                    break;
                case ParagraphBlock paragraph:
                    yield return new Paragraph(Spans(paragraph.Inline));
                    break;
                case MarkdownList list:
                    yield return List(list, headingOffset);
                    break;
                case QuoteBlock quote:
                    yield return new Callout(CalloutKind.Note, Blocks(quote, headingOffset).ToList());
                    break;
                case MarkdownTable table when table.OfType<TableRow>().Max(row => row.Count) <= MaxTableColumns:
                    yield return Table(table);
                    break;
                case MarkdownTable wide:
                    foreach (var row in wide.OfType<TableRow>())
                        yield return new Paragraph([new Span(string.Join(" | ", row.OfType<MarkdownTableCell>().Select(cell => PlainText(cell.Descendants<ParagraphBlock>().FirstOrDefault()?.Inline))))]);
                    break;
                case FencedCodeBlock or CodeBlock:
                    yield return new Callout(CalloutKind.Code, [new Paragraph(Span.Code(Lines((LeafBlock)block)))]);
                    break;
                case HtmlBlock html:
                    yield return new Paragraph(new Span(Lines(html)));
                    break;
                case ThematicBreakBlock:
                    yield return new HorizontalRule();
                    break;
                case ContainerBlock nested:
                    foreach (var inner in Blocks(nested, headingOffset))
                        yield return inner;
                    break;
            }
        }
    }

    private static Block List(MarkdownList list, int headingOffset)
    {
        var items = list.OfType<ListItemBlock>().Select(item =>
        {
            var task = item.Descendants<TaskList>().FirstOrDefault();
            return new ListItem(Blocks(item, headingOffset).ToList(), task?.Checked ?? false);
        }).ToList();
        var isTaskList = list.Descendants<TaskList>().Any();
        var kind = isTaskList ? ListKind.Checkbox : list.IsOrdered ? ListKind.Numbered : ListKind.Bullet;
        var start = int.TryParse(list.OrderedStart, out var number) ? number : 1;
        return new ListBlock(kind, items, start);
    }

    private static Table Table(MarkdownTable table)
    {
        var rows = table.OfType<TableRow>().ToList();
        var header = rows.FirstOrDefault(row => row.IsHeader);
        var width = rows.Max(row => row.Count);
        var columns = Enumerable.Range(0, width).Select(c =>
        {
            var title = header is not null && c < header.Count ? PlainText(((MarkdownTableCell)header[c]).Descendants<ParagraphBlock>().FirstOrDefault()?.Inline) : "";
            var align = c < table.ColumnDefinitions.Count ? table.ColumnDefinitions[c].Alignment : null;
            return new TableColumn(title, 1, align switch
            {
                TableColumnAlign.Center => Align.Center,
                TableColumnAlign.Right => Align.Right,
                _ => Align.Left,
            });
        }).ToList();
        var body = rows.Where(row => !row.IsHeader).Select(row =>
            (IReadOnlyList<Crisis.Pdf.TableCell>)Enumerable.Range(0, width).Select(c =>
                new Crisis.Pdf.TableCell(c < row.Count ? Blocks((MarkdownTableCell)row[c], 0).ToList() : [])).ToList()).ToList();
        return new Table(columns, body);
    }

    private static List<Span> Spans(ContainerInline? inlines)
    {
        var spans = new List<Span>();
        AddSpans(inlines, SpanStyle.Regular, null, spans);
        return spans;
    }

    private static void AddSpans(ContainerInline? container, SpanStyle style, string? link, List<Span> spans)
    {
        if (container is null)
            return;
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    spans.Add(new Span(literal.Content.ToString(), style, link));
                    break;
                case CodeInline code:
                    spans.Add(new Span(code.Content, style | SpanStyle.Code, link));
                    break;
                case LineBreakInline lineBreak:
                    spans.Add(new Span(lineBreak.IsHard ? "\n" : " ", style, link));
                    break;
                case HtmlEntityInline entity:
                    spans.Add(new Span(entity.Transcoded.ToString(), style, link));
                    break;
                case AutolinkInline autolink:
                    spans.Add(new Span(autolink.Url, style, SafeLink(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url)));
                    break;
                case HtmlInline html:
                    spans.Add(new Span(html.Tag, style, link));
                    break;
                case TaskList:
                    break;
                case LinkInline { IsImage: true } image:
                    AddSpans(image, style | SpanStyle.Italic, link, spans);
                    break;
                case LinkInline linkInline:
                    AddSpans(linkInline, style, SafeLink(linkInline.Url) ?? link, spans);
                    break;
                case EmphasisInline emphasis:
                    var emphasised = emphasis.DelimiterChar is '*' or '_'
                        ? style | (emphasis.DelimiterCount >= 2 ? SpanStyle.Bold : SpanStyle.Italic)
                        : style;
                    AddSpans(emphasis, emphasised, link, spans);
                    break;
                case ContainerInline nested:
                    AddSpans(nested, style, link, spans);
                    break;
            }
        }
    }

    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? uri.AbsoluteUri : null;

    private static string PlainText(ContainerInline? inlines) => string.Concat(Spans(inlines).Select(span => span.Text));

    private static string Lines(LeafBlock block)
    {
        var text = new StringBuilder();
        var lines = block.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
                text.Append('\n');
            text.Append(lines.Lines[i].Slice.ToString());
        }
        return text.ToString();
    }
}
