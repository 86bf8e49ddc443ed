using System.Buffers.Binary;
using SkiaSharp;

namespace Crisis.Core.Evidence;

/// <summary>
/// What Crisis draws from an evidence photo, and the one change it makes to one on request. The original is kept byte
/// for byte (its hash is on the timeline); pages and reports show a copy drawn again by SkiaSharp: upright as the camera
/// meant it, scaled down, as a JPEG that carries no metadata and nothing but pixels.
/// </summary>
public static class EvidenceImages
{
    public const string DisplayVariant = "display.jpg";
    public const string ThumbnailVariant = "thumb.jpg";
    public const int DisplayLongestSide = 1600;
    public const int ThumbnailLongestSide = 320;

    /// <summary>A JPEG of the image, upright, its longest side at most <paramref name="longestSide"/> pixels; null when SkiaSharp cannot read it.</summary>
    public static byte[]? Draw(byte[] content, int longestSide)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null) return null;
        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null) return null;
        using var upright = Upright(decoded, codec.EncodedOrigin);
        var scale = Math.Min(1f, (float)longestSide / Math.Max(upright.Width, upright.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(upright.Width * scale)), Math.Max(1, (int)Math.Round(upright.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White); // a transparent PNG is shown on white, as on paper
        using var image = SKImage.FromBitmap(upright);
        surface.Canvas.DrawImage(image, SKRect.Create(info.Width, info.Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, 85);
        return encoded.ToArray();
    }

    /// <summary>The image's size as shown (upright), or null when it cannot be read.</summary>
    public static (int Width, int Height)? Size(byte[] content)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null) return null;
        var sideways = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        return sideways ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);
    }

    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return bitmap.Copy();
        var (w, h) = (bitmap.Width, bitmap.Height);
        var sideways = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(sideways ? h : w, sideways ? w : h);
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(w, 0); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.Translate(w, h); canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, h); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, w); canvas.RotateDegrees(90); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;
        }
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }

    /// <summary>
    /// The photo without where it was taken: in a JPEG the EXIF GPS block is blanked in place (entries and the values
    /// they point to) and XMP packets, which may repeat the position, are dropped; a PNG loses its eXIf chunk. Every
    /// pixel and the rest of the EXIF (the camera's time, its make) stay as they were. Other files come back unchanged.
    /// </summary>
    public static byte[] RemoveLocation(byte[] content, EvidenceType type) =>
        type == EvidenceTypes.Jpeg ? JpegWithoutLocation(content)
        : type == EvidenceTypes.Png ? PngWithoutChunk(content, "eXIf")
        : content;

    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpHeader = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();

    private static byte[] JpegWithoutLocation(byte[] jpeg)
    {
        var output = new MemoryStream(jpeg.Length);
        output.Write(jpeg, 0, 2);
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            if (marker == 0xDA || marker == 0xD9) break; // the image data runs to the end from here
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            if (length < 2 || at + 2 + length > jpeg.Length) break;
            var segment = jpeg.AsSpan(at, 2 + length).ToArray();
            var payload = segment.AsSpan(4);
            if (marker == 0xE1 && payload.StartsWith(XmpHeader)) { at += 2 + length; continue; }
            if (marker == 0xE1 && payload.StartsWith(ExifHeader)) BlankGps(segment.AsSpan(4 + ExifHeader.Length));
            output.Write(segment);
            at += 2 + length;
        }
        output.Write(jpeg, at, jpeg.Length - at);
        return output.ToArray();
    }

    private static readonly int[] TiffTypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

    /// <summary>Blanks the GPS IFD of a TIFF structure (EXIF's): an IFD of no entries, its values zeroed.</summary>
    private static void BlankGps(Span<byte> tiff)
    {
        if (tiff.Length < 8) return;
        var little = tiff[0] == (byte)'I';
        ushort U16(Span<byte> at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(at) : BinaryPrimitives.ReadUInt16BigEndian(at);
        uint U32(Span<byte> at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(at) : BinaryPrimitives.ReadUInt32BigEndian(at);
        var ifd0 = U32(tiff[4..]);
        if (ifd0 + 2 > tiff.Length) return;
        var entries = U16(tiff[(int)ifd0..]);
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)ifd0 + 2 + i * 12;
            if (entry + 12 > tiff.Length) return;
            if (U16(tiff[entry..]) != 0x8825) continue;
            var gps = (int)U32(tiff[(entry + 8)..]);
            if (gps <= 0 || gps + 2 > tiff.Length) return;
            var count = U16(tiff[gps..]);
            var end = Math.Min(tiff.Length, gps + 2 + count * 12 + 4);
            for (var j = 0; j < count; j++)
            {
                var field = gps + 2 + j * 12;
                if (field + 12 > tiff.Length) break;
                var type = U16(tiff[(field + 2)..]);
                var size = (type < TiffTypeSizes.Length ? TiffTypeSizes[type] : 1) * (long)U32(tiff[(field + 4)..]);
                var offset = (int)U32(tiff[(field + 8)..]);
                if (size > 4 && offset > 0 && offset + size <= tiff.Length) tiff.Slice(offset, (int)size).Clear();
            }
            tiff[gps..end].Clear();
            return;
        }
    }

    private static byte[] PngWithoutChunk(byte[] png, string chunkType)
    {
        var output = new MemoryStream(png.Length);
        output.Write(png, 0, 8);
        var at = 8;
        while (at + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            var total = 12 + length;
            if (length < 0 || at + total > png.Length) break;
            if (System.Text.Encoding.ASCII.GetString(png, at + 4, 4) != chunkType) output.Write(png, at, total);
            at += total;
        }
        output.Write(png, at, png.Length - at);
        return output.ToArray();
    }
}
