using Crisis.Pdf.Layout;
using Crisis.Pdf.Text;
using SkiaSharp;

namespace Crisis.Pdf;

/// <summary>Lays a <see cref="Document"/> out and writes it as PDF.</summary>
public static class PdfRenderer
{
    public static byte[] Render(Document document, FontLibrary? fonts = null)
    {
        var laidOut = Lay(document, fonts ?? FontLibrary.Default);
        using var buffer = new MemoryStream();
        var bookmarks = new List<Rendering.Bookmark>();
        using (var pdf = SKDocument.CreatePdf(buffer, Metadata(document.Info)))
        using (var painter = new Painter(laidOut.Layout.Fonts))
        {
            var format = document.Page;
            for (var p = 0; p < laidOut.Pages.Count; p++)
            {
                var canvas = pdf.BeginPage(format.Width, format.Height);
                foreach (var op in RunningTexts(document, laidOut.Layout, p + 1, laidOut.Pages.Count))
                    painter.Draw(canvas, op);
                canvas.Save();
                canvas.Translate(format.MarginLeft, format.MarginTop);
                foreach (var op in laidOut.Pages[p].Ops)
                    painter.Draw(canvas, op);
                foreach (var (entry, y) in laidOut.Pages[p].Outline)
                {
                    canvas.DrawNamedDestinationAnnotation(new SKPoint(0, y), entry.Id)?.Dispose();
                    bookmarks.Add(new(entry.Id, entry.Level, entry.Title));
                }
                canvas.Restore();
                if (document.Watermark is { } watermark)
                    painter.Watermark(canvas, laidOut.Layout.Label(watermark, 96, Palette.Watermark, 0, 0, Align.Center, style: SpanStyle.Bold), format);
                pdf.EndPage();
            }
            pdf.Close();
        }
        return Rendering.PdfOutline.Append(buffer.ToArray(), bookmarks, document.Info.Language);
    }

    /// <summary>The pages' drawing without writing a PDF: what layout tests look at.</summary>
    internal static (BlockLayout Layout, List<PageContent> Pages) Lay(Document document, FontLibrary fonts)
    {
        var layout = new BlockLayout(fonts, document.Page.BodyHeight);
        var slices = layout.Lay(document.Blocks, document.Page.BodyWidth);
        return (layout, Paginator.Paginate(slices, document.Page.BodyHeight));
    }

    private static SKDocumentPdfMetadata Metadata(DocumentInfo info)
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = info.Title;
        metadata.Author = info.Author ?? "";
        metadata.Subject = info.Subject ?? "";
        metadata.Keywords = info.Keywords ?? "";
        metadata.Creator = "Crisis";
        metadata.Producer = "Crisis.Pdf (SkiaSharp, HarfBuzz)";
        if (info.Created is { } created)
        {
            metadata.Creation = created.UtcDateTime;
            metadata.Modified = created.UtcDateTime;
        }
        return metadata;
    }

    /// <summary>Header (not on the first page) and footer with the page label, in page coordinates.</summary>
    private static IEnumerable<DrawOp> RunningTexts(Document document, BlockLayout layout, int page, int pages)
    {
        var format = document.Page;
        const float size = 7.5f;
        var right = format.Width - format.MarginRight;
        var headerBaseline = format.MarginTop - 22;
        if (page > 1 && (document.HeaderLeft ?? document.HeaderRight) is not null)
        {
            var half = format.BodyWidth / 2 - 6;
            if (document.HeaderLeft is { } left)
                yield return layout.Label(left, size, Palette.Muted, format.MarginLeft, headerBaseline, maxWidth: half);
            if (document.HeaderRight is { } headerRight)
                yield return layout.Label(headerRight, size, Palette.Muted, right, headerBaseline, Align.Right, maxWidth: half);
            yield return new LineOp(format.MarginLeft, headerBaseline + 5, right, headerBaseline + 5, Palette.Rule, 0.5f);
        }
        var footerBaseline = format.Height - format.MarginBottom + 30;
        yield return new LineOp(format.MarginLeft, footerBaseline - 11, right, footerBaseline - 11, Palette.Rule, 0.5f);
        if (document.FooterLeft is { } footer)
            yield return layout.Label(footer, size, Palette.Muted, format.MarginLeft, footerBaseline, maxWidth: format.BodyWidth * 0.65f);
        yield return layout.Label(document.PageLabel(page, pages), size, Palette.Muted, right, footerBaseline, Align.Right);
    }
}
