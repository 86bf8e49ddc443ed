using System.IO.Compression;
using System.Text;

namespace Crisis.Core.Evidence;

/// <summary>What a file is, by its content: its media type, the extension that goes with it, and whether it is an image Crisis can draw.</summary>
public sealed record EvidenceType(string MediaType, string Extension, string TextKey, bool IsDrawableImage = false)
{
    /// <summary>A photo or picture, drawable by Crisis or not (HEIC).</summary>
    public bool IsImage => MediaType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>
/// Tells a file's type from its first bytes, never from its name or the type the browser claims: a photo named
/// <c>.pdf</c> is a photo, and a page of HTML or script named <c>.jpg</c> is refused. Taken: images (JPEG, PNG, GIF,
/// WebP, HEIC), PDF, Office documents (Word, Excel, PowerPoint, and their older formats), plain text and emails (.eml).
/// HTML, SVG and XML are refused whatever they are named: a browser would run their scripts.
/// </summary>
public static class EvidenceTypes
{
    public static readonly EvidenceType Jpeg = new("image/jpeg", ".jpg", "evidence:type:image", IsDrawableImage: true);
    public static readonly EvidenceType Png = new("image/png", ".png", "evidence:type:image", IsDrawableImage: true);
    public static readonly EvidenceType Gif = new("image/gif", ".gif", "evidence:type:image", IsDrawableImage: true);
    public static readonly EvidenceType WebP = new("image/webp", ".webp", "evidence:type:image", IsDrawableImage: true);
    public static readonly EvidenceType Heic = new("image/heic", ".heic", "evidence:type:image");
    public static readonly EvidenceType Pdf = new("application/pdf", ".pdf", "evidence:type:pdf");
    public static readonly EvidenceType Word = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "evidence:type:word");
    public static readonly EvidenceType Excel = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "evidence:type:excel");
    public static readonly EvidenceType PowerPoint = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "evidence:type:powerpoint");
    public static readonly EvidenceType OlderWord = new("application/msword", ".doc", "evidence:type:word");
    public static readonly EvidenceType OlderExcel = new("application/vnd.ms-excel", ".xls", "evidence:type:excel");
    public static readonly EvidenceType OlderPowerPoint = new("application/vnd.ms-powerpoint", ".ppt", "evidence:type:powerpoint");
    public static readonly EvidenceType OutlookMessage = new("application/vnd.ms-outlook", ".msg", "evidence:type:email");
    public static readonly EvidenceType Email = new("message/rfc822", ".eml", "evidence:type:email");
    public static readonly EvidenceType Text = new("text/plain", ".txt", "evidence:type:text");

    public static readonly IReadOnlyList<EvidenceType> All = [Jpeg, Png, Gif, WebP, Heic, Pdf, Word, Excel, PowerPoint, OlderWord, OlderExcel, OlderPowerPoint, OutlookMessage, Email, Text];

    static EvidenceTypes() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The type a stored media type stands for; text for one Crisis no longer knows, so it is never served as anything a browser runs.</summary>
    public static EvidenceType Of(string mediaType) => All.FirstOrDefault(type => type.MediaType == mediaType) ?? Text;

    /// <summary>The file's type, or a refusal that says what the file seems to be and what is taken.</summary>
    public static EvidenceType Sniff(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0) throw Refused("the file is empty", "evidence-empty");
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return Gif;
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return WebP;
        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(content[8..12])) return Heic;
        // Programs and archives first: a header that also holds "%PDF-" does not make them a PDF.
        if (content.StartsWith("MZ"u8) || content.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]))
            throw Refused("the file is a program; programs are never taken as evidence", "evidence-program");
        if (content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) return OlderOfficeDocument(content);
        if (content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])) return OfficeDocument(content.ToArray());
        if (content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0) return Pdf;
        if (ReadText(content) is not { } text)
            throw Refused("Crisis cannot tell what the file is: send a photo (JPEG, PNG, GIF, WebP, HEIC), a PDF, an Office document, an email (.eml or .msg) or plain text", "evidence-unknown-type");
        // A saved email is taken as an email whatever its parts hold (most have an HTML part): it is only ever downloaded.
        if (LooksLikeEmail(text)) return Email;
        if (LooksLikeMarkup(text))
            throw Refused("the file is HTML, SVG or XML, which a browser would run: save the page as PDF or take a screenshot", "evidence-markup");
        return Text;
    }

    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif"];

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) => HeifBrands.Contains(Encoding.ASCII.GetString(brand));

    /// <summary>
    /// A document in the older Office formats (a compound file) by the stream its program writes, named in the file's
    /// directory in UTF-16: Word's, Excel's, PowerPoint's or Outlook's. Any other compound file (an MSI installer) is refused.
    /// </summary>
    private static EvidenceType OlderOfficeDocument(ReadOnlySpan<byte> content)
    {
        if (Holds(content, "__substg1.0_")) return OutlookMessage;
        if (Holds(content, "WordDocument")) return OlderWord;
        if (Holds(content, "Workbook") || Holds(content, "Book\0")) return OlderExcel;
        if (Holds(content, "PowerPoint Document")) return OlderPowerPoint;
        throw Refused("the file is a compound file that is not a Word, Excel, PowerPoint or Outlook document (an installer, perhaps)", "evidence-unknown-type");
    }

    private static bool Holds(ReadOnlySpan<byte> content, string streamName) => content.IndexOf(Encoding.Unicode.GetBytes(streamName)) >= 0;

    /// <summary>An Office Open XML document by what its package holds; any other zip is refused (it could hold anything).</summary>
    private static EvidenceType OfficeDocument(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var names = zip.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);
            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Contains("word/document.xml")) return Word;
                if (names.Contains("xl/workbook.xml")) return Excel;
                if (names.Contains("ppt/presentation.xml")) return PowerPoint;
            }
        }
        catch (InvalidDataException)
        {
            throw Refused("the file is a damaged zip archive", "evidence-unknown-type");
        }
        throw Refused("the file is a zip archive; attach each file in it on its own", "evidence-zip");
    }

    /// <summary>The content as text when it is UTF-8 (or UTF-16 with a byte order mark) with no binary control characters.</summary>
    private static string? ReadText(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? Encoding.Unicode.GetString(content[2..])
                : content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode.GetString(content[2..])
                : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            // Chat logs and emails saved on Chinese Windows are GB18030 (GBK); binary content fails the control-character test below.
            try
            {
                text = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(content);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
        return text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t' or '\f')) ? null : text.TrimStart('\uFEFF');
    }

    private static readonly string[] MarkupStarts = ["<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<iframe", "<object", "<xml"];

    private static bool LooksLikeMarkup(string text)
    {
        var start = text.TrimStart().ToLowerInvariant();
        if (MarkupStarts.Any(start.StartsWith)) return true;
        var lower = text.ToLowerInvariant();
        return lower.Contains("<script", StringComparison.Ordinal) || lower.Contains("<html", StringComparison.Ordinal) || lower.Contains("<svg", StringComparison.Ordinal);
    }

    private static readonly string[] EmailHeaders = ["from:", "to:", "subject:", "date:", "received:", "message-id:", "mime-version:", "return-path:", "delivered-to:"];

    /// <summary>An email as saved by a mail program: a block of headers, several of the ones every email has, then a blank line.</summary>
    private static bool LooksLikeEmail(string text)
    {
        var headerBlock = text.Replace("\r\n", "\n").Split("\n\n", 2)[0].Split('\n');
        var known = headerBlock.Count(line => EmailHeaders.Any(header => line.StartsWith(header, StringComparison.OrdinalIgnoreCase)));
        var headerLike = headerBlock.All(line => line.Length == 0 || line[0] is ' ' or '\t' || line.IndexOf(':') > 0);
        return headerLike && known >= 2;
    }

    private static UnsupportedFileException Refused(string why, string key) => new(why) { TextKey = "refusal:" + key };
}

/// <summary>An upload whose content is not a kind of file Crisis takes as evidence (the API answers 415).</summary>
public sealed class UnsupportedFileException(string message) : DomainException(message);

/// <summary>An upload larger than the configured limit (the API answers 413).</summary>
public sealed class FileTooLargeException(string message) : DomainException(message);
