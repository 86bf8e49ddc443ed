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

    /// <summary>The most pixels decoded at once (a 48-megapixel phone photo): a small file can declare a huge picture, which would take gigabytes to decode.</summary>
    public const long MaxDecodedPixels = 48_000_000;

    /// <summary>
    /// A JPEG of the image, upright, its longest side at most <paramref name="longestSide"/> pixels; null when SkiaSharp
    /// cannot read it, or it is too large to decode even at the smallest scale its format allows.
    /// </summary>
    public static byte[]? Draw(byte[] content, int longestSide)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0) return null;
        // JPEG decodes at k/8 of its size for the asking: the smallest such size still at least as large as the one wanted,
        // else (a codec that cannot scale, or rounds below it) the whole picture, if that is not too many pixels.
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var eighths = Math.Clamp((int)Math.Ceiling(Math.Min(1.0, (double)longestSide / longest) * 8 - 1e-9), 1, 8);
        var size = codec.GetScaledDimensions(eighths / 8f);
        if (Math.Max(size.Width, size.Height) < Math.Min(longestSide, longest)) size = codec.Info.Size;
        if ((long)size.Width * size.Height > MaxDecodedPixels) size = codec.GetScaledDimensions((float)longestSide / longest);
        if ((long)size.Width * size.Height > MaxDecodedPixels) return null;
        using var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;
        using var turned = codec.EncodedOrigin == SKEncodedOrigin.TopLeft ? null : Upright(decoded, codec.EncodedOrigin);
        var upright = turned ?? decoded;
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

    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
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

    /// <summary>Whether Crisis can remove where a photo of this type was taken: JPEG and PNG, the formats phones and screenshots save.</summary>
    public static bool CanRemoveLocation(EvidenceType type) => type == EvidenceTypes.Jpeg || type == EvidenceTypes.Png;

    /// <summary>
    /// The photo without where it was taken. In a JPEG the EXIF GPS block is blanked in place (its entries and the values
    /// they point to), XMP packets (which may repeat the position) are dropped, and so is whatever follows the main
    /// picture (the extra pictures and maps some phones append, each with metadata of its own); a PNG loses its eXIf
    /// chunk and its XMP and raw-profile text. Every pixel of the picture and the rest of the EXIF (the camera's time, its
    /// make) stay as they were. A file whose structure cannot be followed to its picture data is refused rather than kept
    /// with its position in it.
    /// </summary>
    public static byte[] RemoveLocation(byte[] content, EvidenceType type)
    {
        try
        {
            return type == EvidenceTypes.Jpeg ? JpegWithoutLocation(content)
                : type == EvidenceTypes.Png ? PngWithoutLocation(content)
                : throw new ArgumentException("only JPEG and PNG", nameof(type));
        }
        catch (Exception exception) when (exception is ArgumentException or IndexOutOfRangeException or InvalidDataException)
        {
            throw new UnsupportedFileException($"the photo's structure is damaged, so where it was taken cannot be removed safely ({exception.Message}): send it again, or without removing the location")
            {
                TextKey = "refusal:evidence-location-damaged",
            };
        }
    }

    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();

    private static byte[] JpegWithoutLocation(byte[] jpeg)
    {
        var output = new MemoryStream(jpeg.Length);
        output.Write(jpeg, 0, 2);
        var at = 2;
        while (true)
        {
            if (at + 2 > jpeg.Length || jpeg[at] != 0xFF) throw new InvalidDataException($"no marker at byte {at}");
            var marker = jpeg[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte before a marker
            if (marker == 0xDA) break; // the picture data runs from here
            if (at + 4 > jpeg.Length) throw new InvalidDataException("the file ends inside a segment");
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            if (length < 2 || (long)at + 2 + length > jpeg.Length) throw new InvalidDataException($"a segment at byte {at} runs past the end");
            var segment = jpeg.AsSpan(at, 2 + length).ToArray();
            var payload = segment.AsSpan(4);
            var isXmp = marker == 0xE1 && payload.StartsWith("http://ns.adobe.com/"u8);
            // MPF (APP2) points at the pictures appended after this one, which are dropped below.
            var isMultiPicture = marker == 0xE2 && payload.StartsWith("MPF\0"u8);
            if (marker == 0xE1 && payload.StartsWith(ExifHeader)) BlankGps(segment.AsSpan(4 + ExifHeader.Length));
            if (!isXmp && !isMultiPicture) output.Write(segment);
            at += 2 + length;
        }
        // The picture data ends at the first end-of-image marker: inside it, 0xFF is followed only by 0x00 or a restart marker.
        var end = at + 2;
        while (end + 1 < jpeg.Length && !(jpeg[end] == 0xFF && jpeg[end + 1] == 0xD9)) end++;
        if (end + 1 >= jpeg.Length) throw new InvalidDataException("the picture data has no end");
        output.Write(jpeg, at, end + 2 - at);
        return output.ToArray();
    }

    private static readonly int[] TiffTypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

    /// <summary>Blanks the GPS IFD of a TIFF structure (EXIF's): an IFD of no entries, its values zeroed. Offsets are read as longs, so none wraps.</summary>
    private static void BlankGps(Span<byte> tiff)
    {
        if (tiff.Length < 8) throw new InvalidDataException("the EXIF block is too short");
        var little = tiff[0] == (byte)'I';
        long U16(Span<byte> span, long at) => at < 0 || at + 2 > span.Length ? throw new InvalidDataException($"an EXIF offset ({at}) points outside the block")
            : little ? BinaryPrimitives.ReadUInt16LittleEndian(span[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(span[(int)at..]);
        long U32(Span<byte> span, long at) => at < 0 || at + 4 > span.Length ? throw new InvalidDataException($"an EXIF offset ({at}) points outside the block")
            : little ? BinaryPrimitives.ReadUInt32LittleEndian(span[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(span[(int)at..]);
        var ifd0 = U32(tiff, 4);
        var entries = U16(tiff, ifd0);
        for (long i = 0; i < entries; i++)
        {
            var entry = ifd0 + 2 + i * 12;
            if (U16(tiff, entry) != 0x8825) continue;
            var gps = U32(tiff, entry + 8);
            var count = U16(tiff, gps);
            for (long j = 0; j < count; j++)
            {
                var field = gps + 2 + j * 12;
                var type = U16(tiff, field + 2);
                var size = (type < TiffTypeSizes.Length ? TiffTypeSizes[type] : 1) * U32(tiff, field + 4);
                if (size <= 4) continue;
                var offset = U32(tiff, field + 8);
                if (offset + size > tiff.Length) throw new InvalidDataException("a GPS value runs past the EXIF block");
                tiff.Slice((int)offset, (int)size).Clear();
            }
            var end = gps + 2 + count * 12 + 4;
            if (end > tiff.Length) throw new InvalidDataException("the GPS block runs past the EXIF block");
            tiff[(int)gps..(int)end].Clear();
            return;
        }
    }

    /// <summary>A PNG without its EXIF chunk and the text chunks that carry XMP or a raw EXIF profile.</summary>
    private static byte[] PngWithoutLocation(byte[] png)
    {
        var output = new MemoryStream(png.Length);
        output.Write(png, 0, 8);
        long at = 8;
        while (at < png.Length)
        {
            if (at + 12 > png.Length) throw new InvalidDataException($"a chunk at byte {at} is cut short");
            long length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan((int)at));
            var total = 12 + length;
            if (at + total > png.Length) throw new InvalidDataException($"a chunk at byte {at} runs past the end");
            var type = System.Text.Encoding.ASCII.GetString(png, (int)at + 4, 4);
            var keyword = type is "iTXt" or "zTXt" or "tEXt" ? System.Text.Encoding.Latin1.GetString(png, (int)at + 8, (int)Math.Min(length, 40)) : "";
            var carriesLocation = type == "eXIf" || keyword.StartsWith("XML:com.adobe.xmp", StringComparison.Ordinal) || keyword.StartsWith("Raw profile type", StringComparison.Ordinal);
            if (!carriesLocation) output.Write(png, (int)at, (int)total);
            at += total;
        }
        return output.ToArray();
    }
}
