using Crisis.Pdf.Markdown;

namespace Crisis.Pdf.Tests;

public class MarkdownBlocksTests
{
    [Fact]
    public void Markdown_maps_onto_the_document_model()
    {
        var blocks = MarkdownBlocks.Convert("""
            # Root cause

            The **resin** changed *without* notice; see [the report](https://example.com/r) or <ops@example.com>.

            - [x] Quarantine stock
            - [ ] Tell the platform

            1. First
            2. Second

            > Lucky: the batch was small.

            | Batch | Units |
            |-------|------:|
            | B-1   | 40    |

            ```
            code line
            ```

            ---
            """, headingOffset: 1);
        Assert.Equal(new Heading(2, "Root cause", InOutline: false), blocks[0]);
        var paragraph = Assert.IsType<Paragraph>(blocks[1]);
        Assert.Contains(paragraph.Content, span => span is { Text: "resin", Style: SpanStyle.Bold });
        Assert.Contains(paragraph.Content, span => span is { Text: "without", Style: SpanStyle.Italic });
        Assert.Contains(paragraph.Content, span => span.Text == "the report" && span.Link == "https://example.com/r");
        Assert.Contains(paragraph.Content, span => span.Link == "mailto:ops@example.com");
        var tasks = Assert.IsType<ListBlock>(blocks[2]);
        Assert.Equal(ListKind.Checkbox, tasks.Kind);
        Assert.Equal([true, false], tasks.Items.Select(item => item.Checked));
        Assert.Equal(ListKind.Numbered, Assert.IsType<ListBlock>(blocks[3]).Kind);
        Assert.Equal(CalloutKind.Note, Assert.IsType<Callout>(blocks[4]).Kind);
        var table = Assert.IsType<Table>(blocks[5]);
        Assert.Equal(["Batch", "Units"], table.Columns.Select(column => column.Title));
        Assert.Equal(Align.Right, table.Columns[1].Align);
        Assert.Single(table.Rows);
        Assert.Equal(CalloutKind.Code, Assert.IsType<Callout>(blocks[6]).Kind);
        Assert.IsType<HorizontalRule>(blocks[7]);
    }

    [Fact]
    public void Unsafe_links_are_dropped_and_html_stays_text()
    {
        var blocks = MarkdownBlocks.Convert("[click](javascript:alert(1)) <b>bold?</b>\n\n<script>alert(1)</script>");
        var first = Assert.IsType<Paragraph>(blocks[0]);
        Assert.All(first.Content, span => Assert.Null(span.Link));
        Assert.Contains(first.Content, span => span.Text == "<b>");
        var html = Assert.IsType<Paragraph>(blocks[1]);
        Assert.Equal("<script>alert(1)</script>", html.Content[0].Text);
    }

    [Fact]
    public void A_line_wrapped_inside_chinese_text_joins_without_a_space()
    {
        var chinese = Assert.IsType<Paragraph>(Assert.Single(MarkdownBlocks.Convert("产品存在缺陷，\n或同一产品正在召回。")));
        Assert.Equal("产品存在缺陷，或同一产品正在召回。", string.Concat(chinese.Content.Select(span => span.Text)));
        var english = Assert.IsType<Paragraph>(Assert.Single(MarkdownBlocks.Convert("a wrapped\nline")));
        Assert.Equal("a wrapped line", string.Concat(english.Content.Select(span => span.Text)));
    }

    [Fact]
    public void A_table_too_wide_for_a_page_becomes_one_line_of_text_per_row()
    {
        var columns = MarkdownBlocks.MaxTableColumns + 1;
        var row = string.Concat(Enumerable.Range(1, columns).Select(c => $"| c{c} "));
        var blocks = MarkdownBlocks.Convert($"{row}|\n{string.Concat(Enumerable.Repeat("|---", columns))}|\n{row}|");
        Assert.Equal(2, blocks.Count);
        Assert.All(blocks, block => Assert.Equal(string.Join(" | ", Enumerable.Range(1, columns).Select(c => $"c{c}")), Assert.IsType<Paragraph>(block).Content.Single().Text));

        var narrow = string.Concat(Enumerable.Range(1, MarkdownBlocks.MaxTableColumns).Select(c => $"| c{c} "));
        Assert.IsType<Table>(Assert.Single(MarkdownBlocks.Convert($"{narrow}|\n{string.Concat(Enumerable.Repeat("|---", MarkdownBlocks.MaxTableColumns))}|\n{narrow}|")));
    }
}
