using Crisis.Pdf.Layout;
using Crisis.Pdf.Text;
using System.Text;
using SkiaSharp;

namespace Crisis.Pdf;

/// <summary>Draws layout operations on a Skia canvas, reusing fonts and images across the pages of one document.</summary>
internal sealed class Painter(FontLibrary fonts) : IDisposable
{
    private readonly Dictionary<Face, SKFont> skiaFonts = [];
    private readonly Dictionary<byte[], SKImage> images = new(ReferenceEqualityComparer.Instance);
    private readonly SKPaint paint = new() { IsAntialias = true };

    public FontLibrary Fonts => fonts;

    public void Draw(SKCanvas canvas, DrawOp op)
    {
        switch (op)
        {
            case TextOp text:
                DrawText(canvas, text);
                break;
            case BoxOp box:
                var rect = SKRect.Create(box.X, box.Y, box.Width, box.Height);
                if (box.Fill is { } fill)
                    canvas.DrawRect(rect, Paint(fill, SKPaintStyle.Fill));
                if (box.Stroke is { } stroke)
                    canvas.DrawRect(rect, Paint(stroke, SKPaintStyle.Stroke, box.StrokeWidth));
                break;
            case LineOp line:
                using (var dash = line.Dashed ? SKPathEffect.CreateDash([2.5f, 2f], 0) : null)
                {
                    var linePaint = Paint(line.Color, SKPaintStyle.Stroke, line.Width);
                    linePaint.PathEffect = dash;
                    canvas.DrawLine(line.X1, line.Y1, line.X2, line.Y2, linePaint);
                    linePaint.PathEffect = null;
                }
                break;
            case ImageOp image:
                if (!images.TryGetValue(image.Data, out var decoded))
                    images[image.Data] = decoded = SKImage.FromEncodedData(image.Data);
                canvas.DrawImage(decoded, SKRect.Create(image.X, image.Y, image.Width, image.Height), new SKSamplingOptions(SKFilterMode.Linear));
                break;
            default:
                throw new NotSupportedException($"Cannot draw {op.GetType().Name}.");
        }
    }

    /// <summary>The text rotated across the middle of the page, light enough to read the page through it.</summary>
    public void Watermark(SKCanvas canvas, TextOp text, PageFormat format)
    {
        canvas.Save();
        canvas.Translate(format.Width / 2, format.Height / 2);
        canvas.RotateDegrees(-35);
        paint.Color = new SKColor(Palette.Watermark.R, Palette.Watermark.G, Palette.Watermark.B, 40);
        DrawText(canvas, text with { Baseline = 32 }, keepPaintColor: true);
        canvas.Restore();
    }

    private void DrawText(SKCanvas canvas, TextOp op, bool keepPaintColor = false)
    {
        var glyphs = op.Text.Glyphs;
        var g = FirstGlyphAt(glyphs, op.Line.Start);
        var x = op.X;
        while (g < glyphs.Count && glyphs[g].Char < op.Line.End)
        {
            var faceIndex = glyphs[g].Face;
            var end = g;
            while (end < glyphs.Count && glyphs[end].Char < op.Line.End && glyphs[end].Face == faceIndex)
                end++;
            var face = op.Text.Faces[faceIndex];
            var font = SkiaFont(face);
            using var builder = new SKTextBlobBuilder();
            // The run carries its text and clusters so that Skia can write ActualText where a glyph's own mapping is not the text.
            var firstChar = glyphs[g].Char;
            var endChar = end < glyphs.Count && glyphs[end].Char < op.Line.End ? glyphs[end].Char : Math.Max(op.Line.End, glyphs[end - 1].Char + 1);
            var runText = op.Text.Text.AsSpan(firstChar, endChar - firstChar);
            var run = builder.AllocatePositionedTextRun(font, end - g, Encoding.UTF8.GetByteCount(runText));
            var glyphIds = run.Glyphs;
            var positions = run.Positions;
            var clusters = run.Clusters;
            Encoding.UTF8.GetBytes(runText, run.Text);
            var advance = 0f;
            for (var i = g; i < end; i++)
            {
                glyphIds[i - g] = glyphs[i].Id;
                positions[i - g] = new SKPoint(advance, 0);
                clusters[i - g] = (uint)Encoding.UTF8.GetByteCount(runText[..(glyphs[i].Char - firstChar)]);
                advance += glyphs[i].Advance;
            }
            using (var blob = builder.Build())
            {
                if (!keepPaintColor)
                    paint.Color = new SKColor(face.Color.R, face.Color.G, face.Color.B);
                paint.Style = SKPaintStyle.Fill;
                if (blob is not null)
                    canvas.DrawText(blob, x, op.Baseline, paint);
            }
            if (face.Link is { } link)
            {
                canvas.DrawLine(x, op.Baseline + face.Size * 0.15f, x + advance, op.Baseline + face.Size * 0.15f, Paint(face.Color, SKPaintStyle.Stroke, 0.5f));
                canvas.DrawUrlAnnotation(new SKRect(x, op.Baseline - face.Size * 0.9f, x + advance, op.Baseline + face.Size * 0.3f), link)?.Dispose();
            }
            x += advance;
            g = end;
        }
    }

    private static int FirstGlyphAt(IReadOnlyList<Glyph> glyphs, int charIndex)
    {
        int low = 0, high = glyphs.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (glyphs[middle].Char < charIndex)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    private SKFont SkiaFont(Face face)
    {
        if (!skiaFonts.TryGetValue(face, out var font))
            skiaFonts[face] = font = face.CreateFont();
        return font;
    }

    private SKPaint Paint(Rgb color, SKPaintStyle style, float strokeWidth = 0)
    {
        paint.Color = new SKColor(color.R, color.G, color.B);
        paint.Style = style;
        paint.StrokeWidth = strokeWidth;
        return paint;
    }

    public void Dispose()
    {
        foreach (var font in skiaFonts.Values)
            font.Dispose();
        foreach (var image in images.Values)
            image.Dispose();
        paint.Dispose();
    }
}
