using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Crisis.Pdf.Tests;

public class RenderTests
{
    private static Document Sample()
    {
        var start = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
        var document = new Document
        {
            Info = new DocumentInfo("产品召回复盘 Recall review", "Crisis", "Post-incident review", "recall", "zh-CN", start),
            HeaderLeft = "INC-2026-0001 · 产品召回",
            HeaderRight = "Confidential",
            FooterLeft = "Crisis",
            PageLabel = (page, pages) => $"第 {page} 页，共 {pages} 页",
            Watermark = "EXERCISE",
        };
        document.Add(
            new Heading(1, "一、概述 Summary"),
            new Paragraph("页面上的一个人说：", Span.Bold("batch B-2291"), " was recalled ", Span.Italic("within 4 hours"), "; see ", new Span("SAMR", Link: "https://www.samr.gov.cn/")),
            new ListBlock(ListKind.Bullet, [new ListItem("First point"), new ListItem("第二点：召回批次")]),
            new ListBlock(ListKind.Numbered, [new ListItem("Notify"), new ListItem("Contain")]),
            new ListBlock(ListKind.Checkbox, [new ListItem([new Paragraph("Done step")], Checked: true), new ListItem("Open step")]),
            new KeyValueBlock([new KeyValue("Severity", "SEV1"), new KeyValue("状态", "已解决")]),
            new Callout(CalloutKind.Warning, [new Paragraph("Check the current rule before relying on this deadline.")], "Note"),
            new Heading(2, "Impact"),
            new Table([new TableColumn("Measure", 2), new TableColumn("Value", 1, Align.Right)],
                [["Orders affected", "1,204"], ["Refunds", "¥ 86,400.00"]]),
            new BarChart(["On time", "Late"], [new Bar("commander", [5, 1]), new Bar("quality", [3, 2])], "Steps by role"),
            new TimelineChart(start, start.AddHours(30),
                [new TimelineRow("Detect", [new(start, start.AddHours(2), SpanKind.Planned), new(start, start.AddHours(1), SpanKind.Actual)]),
                 new TimelineRow("Contain", [new(start.AddHours(2), start.AddHours(8), SpanKind.Planned), new(start.AddHours(1), start.AddHours(12), SpanKind.Late)])],
                [new TimelineMarker(start.AddHours(1), "Acknowledged"), new TimelineMarker(start.AddHours(12), "Contained")],
                ["Planned", "Actual", "Late"], "Phases"));
        return document;
    }

    [Fact]
    public void Sample_document_reads_back_with_its_text_outline_and_metadata()
    {
        var pdf = PdfRenderer.Render(Sample());
        PdfFiles.QpdfCheck(pdf);
        var text = PdfFiles.Text(pdf);
        Assert.Contains("页面上的一个人说", text);
        Assert.Contains("B-2291", text);
        using (var pages = PdfDocument.Open(pdf))
            Assert.All(pages.GetPages(), page => Assert.EndsWith("EXERCISE", page.Text));
        using var read = PdfDocument.Open(pdf);
        Assert.Equal("产品召回复盘 Recall review", read.Information.Title);
        Assert.True(read.TryGetBookmarks(out var bookmarks));
        var titles = bookmarks.GetNodes().Select(node => node.Title).ToList();
        Assert.Equal(["一、概述 Summary", "Impact"], titles);
        PdfFiles.Pictures(pdf, Path.Combine(AppContext.BaseDirectory, "pictures"), "sample", 1, 2);
    }
}

public class FallbackFontTests
{
    [Fact]
    public void Characters_the_main_font_lacks_come_from_another_installed_font_and_read_back()
    {
        var pdf = PdfRenderer.Render(new Document().Add(new Paragraph("↳ sub-step ⇒ done")));
        PdfFiles.QpdfCheck(pdf);
        Assert.Contains("↳", PdfFiles.Text(pdf));
        Assert.Contains("⇒", PdfFiles.Text(pdf));
    }
}

public class ImageTests
{
    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
            canvas.Clear(new SkiaSharp.SKColor(0x15, 0x65, 0xc0));
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public void Images_are_embedded_scaled_to_the_column_with_their_caption()
    {
        var pdf = PdfRenderer.Render(new Document().Add(new ImageBlock(Png(2000, 500), Caption: "Shelf photo, store 12")));
        PdfFiles.QpdfCheck(pdf);
        using var document = PdfDocument.Open(pdf);
        var image = Assert.Single(document.GetPage(1).GetImages());
        Assert.InRange(image.BoundingBox.Width, 480, PageFormat.A4.BodyWidth + 0.5);
        Assert.Equal(4, image.BoundingBox.Width / image.BoundingBox.Height, 1);
        Assert.Contains("Shelf photo, store 12", PdfFiles.Text(pdf));
    }

    [Fact]
    public void Data_that_is_not_an_image_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => PdfRenderer.Render(new Document().Add(new ImageBlock("not an image"u8.ToArray()))));
        Assert.Contains("PNG or JPEG", error.Message);
    }
}
