using Crisis.Pdf.Layout;
using Crisis.Pdf.Text;

namespace Crisis.Pdf.Tests;

public class LayoutTests
{
    private static readonly FontLibrary Fonts = FontLibrary.Default;

    private static List<PageContent> Pages(Document document) => PdfRenderer.Lay(document, Fonts).Pages;

    private static List<TextOp> Texts(PageContent page) => page.Ops.OfType<TextOp>().ToList();

    private static List<TextLine> Break(string text, float width, float size = 10) =>
        LineBreaker.Break(ShapedText.Shape(Fonts, [(new Span(text), size, Palette.Text)]), width);

    [Fact]
    public void English_breaks_between_words_and_every_line_fits()
    {
        const string text = "Quarantine the affected batch in every warehouse and stop all marketplace listings before customers buy more units.";
        var lines = Break(text, 120);
        Assert.True(lines.Count >= 4);
        Assert.All(lines, line => Assert.True(line.Width <= 120, $"{line.Width} > 120"));
        Assert.All(lines.Skip(1), line => Assert.Equal(' ', text[line.Start - 1]));
        Assert.Equal(text, string.Join(" ", lines.Select(line => text[line.Start..line.End])));
    }

    [Fact]
    public void Chinese_breaks_between_characters_but_never_before_closing_punctuation()
    {
        const string text = "立即下架所有受影响批次的商品，通知天猫、京东和拼多多平台客服。暂停发货，隔离库存，并在两个工作日内向市场监管部门报告。";
        var lines = Break(text, 75);
        Assert.True(lines.Count >= 5);
        Assert.All(lines, line => Assert.True(line.Width <= 75.01f));
        Assert.All(lines, line => Assert.DoesNotContain(text[line.Start], "，。、"));
        Assert.Equal(text, string.Concat(lines.Select(line => text[line.Start..line.End])));
    }

    [Fact]
    public void A_word_longer_than_the_line_is_cut_without_losing_characters()
    {
        var url = "https://example.com/" + new string('a', 120);
        var lines = Break(url, 100);
        Assert.True(lines.Count > 3);
        Assert.All(lines, line => Assert.True(line.Width <= 100));
        Assert.Equal(url, string.Concat(lines.Select(line => url[line.Start..line.End])));
    }

    [Theory]
    [InlineData("2026-11-30 09:14 UTC")]
    [InlineData("2026-11-30 17:14 (UTC+08:00)")]
    [InlineData("2026-11-30 17:14 CST")]
    public void A_date_with_its_time_and_zone_never_splits_across_lines(string date)
    {
        var text = $"Opened {date} by Mei Chen, contained {date}, resolved {date}.";
        var dateWidth = Break(date, 1000)[0].Width;
        foreach (var width in new[] { 1.1f, 1.3f, 1.6f, 2f }.Select(factor => dateWidth * factor))
        {
            var lines = Break(text, width).Select(line => text[line.Start..line.End]).ToList();
            Assert.All(lines, line => Assert.True(!line.Contains("2026-11-30") || line.Contains(date), $"'{line}' splits {date} at width {width}"));
            Assert.Equal(3, lines.Count(line => line.Contains(date)));
        }
    }

    [Theory]
    [InlineData("2026-11-30 17:14（北京时间，UTC+8）", "北京时间")]
    [InlineData("2026-11-30 17:14 (Beijing time, UTC+8)", "Beijing time")]
    public void A_zone_named_in_words_may_wrap_after_the_time_but_never_splits(string cell, string zone)
    {
        var dateWidth = Break("2026-11-30 17:14", 1000)[0].Width;
        foreach (var width in new[] { 1.05f, 1.2f, 1.4f }.Select(factor => dateWidth * factor))
        {
            var lines = Break(cell, width).Select(line => cell[line.Start..line.End]).ToList();
            Assert.Equal("2026-11-30 17:14", lines[0]);
            Assert.Contains(lines, line => line.Contains(zone));
        }
    }

    [Fact]
    public void A_date_in_a_narrow_table_column_stays_on_one_line()
    {
        var document = new Document().Add(new Table([new TableColumn("When", 1.3f), new TableColumn("What", 4.7f)],
            [["2026-11-30 09:14 UTC", "Mei Chen raised the severity from SEV2 to SEV1."]]));
        var texts = Pages(document).SelectMany(Texts).Select(text => text.Value).ToList();
        Assert.Contains(texts, value => value.Contains("2026-11-30 09:14 UTC"));
    }

    [Fact]
    public void A_long_identifier_breaks_after_its_dots_and_underscores_not_mid_word()
    {
        const string token = "incident.severity_changed";
        foreach (var width in new[] { 60f, 80f, 100f })
        {
            var lines = Break(token, width).Select(line => token[line.Start..line.End]).ToList();
            Assert.True(lines.Count > 1);
            Assert.All(lines, line => Assert.Contains(line, new[] { "incident.", "severity_", "changed", "severity_changed", "incident.severity_" }));
            Assert.Equal(token, string.Concat(lines));
        }
    }

    [Fact]
    public void Hard_line_breaks_start_new_lines()
    {
        var lines = Break("Line one\nLine two\n\nLine four", 500);
        Assert.Equal(4, lines.Count);
        Assert.Equal(0, lines[2].Width);
    }

    [Fact]
    public void Long_text_flows_over_pages_in_order_and_stays_inside_the_body()
    {
        var document = new Document();
        for (var i = 1; i <= 120; i++)
            document.Add(new Paragraph($"Paragraph {i}: the commander confirms the recall scope with quality and legal, then records the decision on the timeline."));
        var pages = Pages(document);
        Assert.True(pages.Count >= 4);
        var numbers = pages.SelectMany(Texts).Select(text => text.Value)
            .Where(value => value.StartsWith("Paragraph ", StringComparison.Ordinal))
            .Select(value => int.Parse(value.Split(':')[0]["Paragraph ".Length..])).ToList();
        Assert.Equal(Enumerable.Range(1, 120), numbers);
        Assert.All(pages.SelectMany(Texts), text => Assert.InRange(text.Baseline, 0, document.Page.BodyHeight));
    }

    [Fact]
    public void A_table_longer_than_a_page_repeats_its_header_on_every_page()
    {
        var rows = Enumerable.Range(1, 150).Select(i => (IReadOnlyList<TableCell>)[$"Row {i}", $"{i * 3} orders"]).ToList();
        var document = new Document().Add(new Paragraph("Before the table."), new Table([new TableColumn("Batch"), new TableColumn("Impact", 1, Align.Right)], rows));
        var pages = Pages(document);
        Assert.True(pages.Count >= 3);
        foreach (var page in pages)
        {
            var texts = Texts(page).Select(text => text.Value).ToList();
            var header = texts.IndexOf("Batch");
            Assert.True(header >= 0, "every page shows the header row");
            Assert.Equal("Impact", texts[header + 1]);
            Assert.DoesNotContain(texts.Skip(header + 2), value => value == "Batch");
        }
        var rowOrder = pages.SelectMany(Texts).Select(text => text.Value).Where(value => value.StartsWith("Row ", StringComparison.Ordinal)).ToList();
        Assert.Equal(rows.Select(row => ((Paragraph)row[0].Content[0]).Content[0].Text), rowOrder);
    }

    [Fact]
    public void A_row_taller_than_a_page_is_split_across_pages()
    {
        var tall = string.Join("\n", Enumerable.Range(1, 200).Select(i => $"Event {i}"));
        var document = new Document().Add(new Table([new TableColumn("When"), new TableColumn("What", 3)], [["08:00", tall]]));
        var pages = Pages(document);
        Assert.True(pages.Count >= 2);
        var events = pages.SelectMany(Texts).Select(text => text.Value).Where(value => value.StartsWith("Event ", StringComparison.Ordinal)).ToList();
        Assert.Equal(200, events.Count);
        Assert.All(pages.SelectMany(Texts), text => Assert.InRange(text.Baseline, 0, document.Page.BodyHeight));
        Assert.All(pages.Skip(1), page => Assert.Equal("When", Texts(page)[0].Value));
    }

    [Fact]
    public void A_heading_never_ends_a_page_without_the_text_under_it()
    {
        for (var filler = 30; filler <= 50; filler++)
        {
            var document = new Document();
            for (var i = 0; i < filler; i++)
                document.Add(new Paragraph($"Filler line {i}"));
            document.Add(new Heading(2, "Root cause"), new Paragraph("The supplier changed the resin without telling quality; the lot passed incoming inspection on paperwork alone, and nobody compared it with the approved sample."));
            var pages = Pages(document);
            var headingPage = pages.FindIndex(page => Texts(page).Any(text => text.Value == "Root cause"));
            var bodyPage = pages.FindIndex(page => Texts(page).Any(text => text.Value.StartsWith("The supplier", StringComparison.Ordinal)));
            Assert.Equal(headingPage, bodyPage);
        }
    }

    [Fact]
    public void A_paragraph_leaves_no_single_line_at_the_top_or_bottom_of_a_page()
    {
        var sentence = string.Concat(Enumerable.Repeat("Customers who bought batch B-2291 receive a refund and a prepaid return label. ", 8));
        for (var filler = 38; filler <= 50; filler++)
        {
            var document = new Document();
            for (var i = 0; i < filler; i++)
                document.Add(new Paragraph($"Filler {i}"));
            document.Add(new Paragraph(sentence));
            var pages = Pages(document);
            var linesPerPage = pages.Select(page => Texts(page).Count(text => text.Value.Contains("Customers") || text.Value.Contains("refund") || text.Value.Contains("label") || text.Value.Contains("B-2291"))).Where(count => count > 0).ToList();
            Assert.All(linesPerPage, count => Assert.True(count >= 2, $"filler {filler}: a page holds only {count} line(s) of the paragraph"));
        }
    }

    [Fact]
    public void Headings_become_outline_entries_on_the_page_where_they_start()
    {
        var document = new Document().Add(new Heading(1, "Summary"), new Paragraph("Text"), new PageBreak(), new Heading(2, "Impact"), new Heading(1, "Appendix", InOutline: false));
        var pages = Pages(document);
        Assert.Equal(2, pages.Count);
        Assert.Equal("Summary", Assert.Single(pages[0].Outline).Entry.Title);
        Assert.Equal(("Impact", 2), (Assert.Single(pages[1].Outline).Entry.Title, pages[1].Outline[0].Entry.Level));
    }

    [Fact]
    public void A_missing_font_is_named_in_the_error()
    {
        var error = Assert.Throws<MissingFontException>(() => new FontLibrary(new FontFamilies(Sans: "No Such Font Family")));
        Assert.Contains("\"No Such Font Family\"", error.Message);
        Assert.Contains("fonts-noto-cjk", error.Message);
    }

    [Fact]
    public void Letter_pages_are_letter_sized()
    {
        var pdf = PdfRenderer.Render(new Document { Page = PageFormat.Letter }.Add(new Paragraph("Letter")));
        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Equal((612d, 792d), (Math.Round(read.GetPage(1).Width), Math.Round(read.GetPage(1).Height)));
    }
}
