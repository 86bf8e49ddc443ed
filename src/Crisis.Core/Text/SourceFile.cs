using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Text;

/// <summary>
/// Reads a source file whole, but only a regular file of bounded size: opening a FIFO blocks until something writes to
/// it, and a device such as /dev/zero never ends. Every refusal is a <see cref="SourceFileRefusedException"/> that says why
/// in words of its own.
/// </summary>
internal static class SourceFile
{
    public static byte[] ReadBytes(string path, long maxBytes, Func<long, DiagnosticWords> tooLarge)
    {
        if (Directory.Exists(path)) throw new SourceFileRefusedException(new("unreadable:folder", []));
        if (SpecialKind(path) is { } kind) throw new SourceFileRefusedException(new("unreadable:not-regular", [new DiagnosticWords(kind, [])]));
        var length = new FileInfo(path).Length;
        if (length > maxBytes) throw new SourceFileRefusedException(tooLarge(length));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        // The file may grow between the check and the read: read at most one byte past the limit.
        var buffer = new byte[Math.Min(length, maxBytes) + 1];
        var read = 0;
        while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var count and > 0) read += count;
        if (read > maxBytes) throw new SourceFileRefusedException(tooLarge(Math.Max(read, stream.Length)));
        return buffer[..read];
    }

    /// <summary>For sources without a configured limit (templates, scenarios): refuses only what no one would write by hand.</summary>
    public static string ReadAllText(string path) =>
        Decode(ReadBytes(path, 64 * 1024 * 1024, length => new("unreadable:over-64mb", [length])), invalidLines: null);

    /// <summary>"Cannot read the file" and why (<see cref="Reason"/>).</summary>
    public static DiagnosticWords WhyUnreadable(Exception exception) => new("diagnostic:cannot-read", [Reason(exception)]);

    /// <summary>Why a file cannot be read, in words a reader's language has: the refusal's own, a missing file, a
    /// permission, else the system's message.</summary>
    public static object Reason(Exception exception) => exception switch
    {
        SourceFileRefusedException refused => refused.Reason,
        FileNotFoundException or DirectoryNotFoundException => new DiagnosticWords("unreadable:missing", []),
        UnauthorizedAccessException => new DiagnosticWords("unreadable:not-permitted", []),
        _ => exception.Message,
    };

    /// <summary>
    /// The text of a file's bytes: UTF-8 unless a byte order mark says UTF-16 or UTF-32. Each invalid UTF-8 sequence becomes
    /// U+FFFD, and the 0-based line it is on (counting \n, \r\n and \r as line ends, as the parsers do) is added to
    /// <paramref name="invalidLines"/> once.
    /// </summary>
    public static string Decode(byte[] bytes, List<int>? invalidLines)
    {
        if (bytes is [0xFF, 0xFE, 0, 0, ..]) return Encoding.UTF32.GetString(bytes, 4, bytes.Length - 4);
        if (bytes is [0xFF, 0xFE, ..]) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes is [0xFE, 0xFF, ..]) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        var utf8 = bytes.AsSpan(bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0);
        if (Utf8.IsValid(utf8)) return Encoding.UTF8.GetString(utf8);

        var builder = new StringBuilder(utf8.Length);
        Span<char> utf16 = stackalloc char[2];
        var line = 0;
        var previous = (byte)0;
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) == OperationStatus.Done)
            {
                builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
                if (utf8[0] == '\r' || (utf8[0] == '\n' && previous != '\r')) line++;
                previous = utf8[0];
            }
            else
            {
                builder.Append('\uFFFD');
                if (invalidLines is not null && (invalidLines.Count == 0 || invalidLines[^1] != line)) invalidLines.Add(line);
                previous = 0;
            }
            utf8 = utf8[consumed..];
        }
        return builder.ToString();
    }

    /// <summary>What a path is when it is not a regular file (a FIFO, a device, a socket), as a shared text key; null for a regular file or where it cannot be told.</summary>
    private static string? SpecialKind(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256]; // struct statx, the same layout on every Linux architecture
        try
        {
            if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0) return null; // missing or unreadable: opening it reports that
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        return mode switch
        {
            0x1000 => "file-kind:fifo",
            0x2000 => "file-kind:character-device",
            0x6000 => "file-kind:block-device",
            0xC000 => "file-kind:socket",
            _ => null,
        };
    }

    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}

/// <summary>A source file refused before reading it (a folder, a FIFO or device, too large); the message is the English of <see cref="Reason"/>.</summary>
internal sealed class SourceFileRefusedException(DiagnosticWords reason) : IOException(reason.In(SharedTexts.English))
{
    public DiagnosticWords Reason { get; } = reason;
}
