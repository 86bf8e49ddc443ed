using System.Net;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crisis.Core.Text;

/// <summary>
/// Markdown from playbooks, guidance and notes rendered for the browser: raw HTML is shown as text, never
/// interpreted, and links or images with a scheme other than http, https, mailto or tel lose their target.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseAlertBlocks()
        .DisableHtml()
        .UseCjkFriendlyEmphasis() // **涉及的信息：**姓名 is bold, not asterisks: CommonMark's flanking rules fail next to CJK punctuation
        .Use<Crisis.Text.CjkLineBreaks>()
        .Build();

    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    /// <summary>How deep blocks (quotes, lists) and inlines (emphasis, links) may nest in text people write. Markdig
    /// refuses input past its own depth limit by throwing; text stored before this check, or written by another
    /// program, still renders through the plain-text fallback.</summary>
    public const int MaxNesting = 32;

    /// <summary>The Markdown as HTML; text Markdig cannot parse or render is shown as escaped plain text instead,
    /// so nothing stored can take a page or an email down.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        try
        {
            return RenderHtml(markdown);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return PlainHtml(markdown);
        }
    }

    /// <summary>The text as escaped paragraphs, with line breaks kept: what a page shows when the Markdown cannot be rendered.</summary>
    public static string PlainHtml(string text)
    {
        var paragraphs = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(paragraph => "<p>" + WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>\n") + "</p>\n");
        return string.Concat(paragraphs);
    }

    /// <summary>Refuses Markdown nested deeper than <see cref="MaxNesting"/> (or that Markdig cannot parse at all),
    /// naming the field, before it is stored.</summary>
    /// <param name="field">The request field the text came in, for a form to show the refusal beside it.</param>
    public static string RequireRenderable(string text, string what, string? field = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return text;
        int depth;
        try
        {
            depth = Depth(Markdown.Parse(text, Pipeline));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            depth = int.MaxValue;
        }
        return depth <= MaxNesting ? text
            : throw new RuleViolationException($"{what} nests quotes, lists, emphasis or links more than {MaxNesting} deep; flatten it")
                { Field = field, TextKey = RefusalTexts.NestedTooDeep, TextArguments = [MaxNesting] };
    }

    private static int Depth(MarkdownObject node)
    {
        var deepest = 0;
        var pending = new Stack<(MarkdownObject Node, int Depth)>();
        pending.Push((node, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            IEnumerable<MarkdownObject> children = current switch
            {
                ContainerBlock container => container.Cast<MarkdownObject>(),
                LeafBlock { Inline: { } inline } => [inline],
                ContainerInline inlines => inlines.Cast<MarkdownObject>(),
                _ => [],
            };
            foreach (var child in children)
                pending.Push((child, depth + 1));
        }
        return deepest;
    }

    private static string RenderHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(link => link.IsImage && !IsSameSite(link.Url)).ToList())
        {
            ShowAsLink(image);
        }
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "#";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(autolink.Url)) autolink.Url = "#";
        }
        AlignColumnsByClass(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>
    /// An image from another site would be fetched by every reader's browser or mail program, telling its owner who read
    /// the page or email and when. It becomes a link instead: the alt text, then the address, loaded only if followed.
    /// A data: image (or any other scheme) shows its alt text alone, since its address is no link.
    /// </summary>
    private static void ShowAsLink(LinkInline image)
    {
        image.IsImage = false;
        var address = image.Url ?? "";
        var hasText = image.FirstChild is not null;
        if (!IsSafe(address))
        {
            image.ReplaceBy(new LiteralInline(hasText ? AltText(image) : ""), copyChildren: false);
            return;
        }
        if (!hasText) image.AppendChild(new LiteralInline(address));
        else image.InsertAfter(new LiteralInline($" ({address})"));
    }

    private static string AltText(ContainerInline image) =>
        string.Concat(image.Descendants<LiteralInline>().Select(literal => literal.Content.ToString()));

    /// <summary>A relative address (a path on this site) loads nothing from elsewhere; anything with a scheme or a host does.</summary>
    private static bool IsSameSite(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        var compact = new string(url.Where(ch => ch > ' ').ToArray()).Replace('\\', '/');
        if (compact.StartsWith("//", StringComparison.Ordinal)) return false;
        var colon = compact.IndexOf(':');
        var pathStart = compact.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (pathStart >= 0 && pathStart < colon);
    }

    /// <summary>A table column's alignment becomes a class on its cells (align-left, align-center, align-right): Markdig
    /// would write a style attribute, which the pages' content security policy refuses.</summary>
    private static void AlignColumnsByClass(MarkdownDocument document)
    {
        foreach (var table in document.Descendants<Table>())
        {
            foreach (var row in table.OfType<TableRow>())
            {
                // As Markdig's renderer does: a cell without a column index takes its place in the row.
                foreach (var (cell, place) in row.OfType<TableCell>().Select((cell, place) => (cell, place)))
                {
                    var index = cell.ColumnIndex >= 0 ? cell.ColumnIndex : place;
                    if (index < table.ColumnDefinitions.Count && table.ColumnDefinitions[index].Alignment is { } alignment)
                        cell.GetAttributes().AddClass("align-" + alignment.ToString().ToLowerInvariant());
                }
            }
            foreach (var column in table.ColumnDefinitions) column.Alignment = null;
        }
    }

    /// <summary>
    /// Text people typed (an incident's title), set into Markdown as the words they typed: every ASCII punctuation mark
    /// that Markdown could read as markup is escaped with a backslash, as CommonMark allows for any of them.
    /// </summary>
    public static string Literal(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var character in text)
        {
            if (character is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '!' or '|' or '~' or '(' or ')') escaped.Append('\\');
            escaped.Append(character);
        }
        return escaped.ToString();
    }

    /// <summary>
    /// The same Markdown as plain text, for the text part of an email and for chat: list items keep their "- " or
    /// "1. ", which plain text would otherwise run together as lines of one paragraph.
    /// </summary>
    public static string ToText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        try
        {
            var document = Markdown.Parse(markdown, Pipeline);
            foreach (var list in document.Descendants<ListBlock>())
            {
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = new LiteralInline(list.IsOrdered ? $"{number++}. " : "- ");
                    if (item.FirstOrDefault() is not ParagraphBlock { Inline: { } inline }) continue;
                    if (inline.FirstChild is { } first) first.InsertBefore(marker);
                    else inline.AppendChild(marker);
                }
            }
            // A table's rows each on a line, its cells apart: as text they would run together, and into what follows.
            foreach (var table in document.Descendants<Table>())
            {
                foreach (var (row, rowIndex) in table.OfType<TableRow>().Select((row, index) => (row, index)))
                {
                    var cells = row.OfType<TableCell>().Select(cell => cell.Descendants<ParagraphBlock>().FirstOrDefault()?.Inline).ToList();
                    for (var i = 0; i < cells.Count; i++)
                    {
                        // The renderer puts a space after each cell; a row after the first starts a line.
                        var before = i > 0 ? "| " : rowIndex > 0 ? "\n" : "";
                        if (before.Length == 0 || cells[i] is not { } cell) continue;
                        if (cell.FirstChild is { } first) first.InsertBefore(new LiteralInline(before));
                        else cell.AppendChild(new LiteralInline(before));
                    }
                }
                // …and what follows the table starts one.
                table.OfType<TableRow>().LastOrDefault()?.OfType<TableCell>().LastOrDefault()?.Descendants<ParagraphBlock>().FirstOrDefault()?.Inline?.AppendChild(new LiteralInline("\n"));
            }
            using var writer = new StringWriter();
            var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
            Pipeline.Setup(renderer);
            renderer.Render(document);
            writer.Flush();
            var text = writer.ToString().Trim();
            // The spaces the renderer leaves around a table's cells and rows go; other text keeps its lines as written.
            return document.Descendants<Table>().Any() ? string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim())) : text;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return markdown.Trim();
        }
    }

    /// <summary>Relative URLs are safe; absolute ones only with an allowed scheme. Browsers ignore control characters
    /// and spaces inside a scheme ("java&#9;script:"), so they are removed before looking.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        var compact = new string(url.Where(ch => ch > ' ').ToArray()).ToLowerInvariant();
        var colon = compact.IndexOf(':');
        var pathStart = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon)) return true;
        return SafeSchemes.Contains(compact[..colon]);
    }
}
