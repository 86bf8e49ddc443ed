using System.Security.Cryptography;
using Crisis.Core.Storage;

namespace Crisis.Core.Evidence;

/// <summary>Configuration (Crisis:Evidence:*): where evidence files are kept and how large one may be.</summary>
public sealed class EvidenceSettings
{
    /// <summary>The folder evidence files are kept in; default <c>evidence</c> beside the database file.</summary>
    public string? Folder { get; set; }

    /// <summary>The largest file taken, in bytes; 25 MB by default (a phone photo is 2-8 MB, a scanned letter less).</summary>
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;
}

/// <summary>What a stored file's content says against the hash recorded for it.</summary>
public enum FileState
{
    Intact,
    Missing,
    Altered,
}

/// <summary>
/// The evidence folder: each file named by the SHA-256 of its content (<c>ab/abcdef…</c>), so the same photo uploaded
/// twice is kept once and a file's name is its proof. A file is written to a temporary name, flushed to the disk and
/// only then moved into place, so a crash never leaves half a file under a hash. Images' display copies and thumbnails,
/// which Crisis can draw again at any time, are kept apart under <c>derived/</c>.
/// </summary>
public sealed class EvidenceFiles
{
    public EvidenceFiles(Database database, EvidenceSettings settings)
    {
        var beside = Path.GetDirectoryName(database.FilePath) ?? ".";
        Folder = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.Folder) ? Path.Combine(beside, "evidence") : settings.Folder);
        MaxFileBytes = settings.MaxFileBytes;
    }

    public string Folder { get; }

    public long MaxFileBytes { get; }

    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string HashOf(Stream content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Keeps the content under its hash and returns the hash; a file already there with that content is kept as it is, one that was altered is replaced.</summary>
    public string Store(byte[] content)
    {
        var hash = HashOf(content);
        var path = PathOf(hash)!;
        if (Check(hash) == FileState.Intact) return hash;
        WriteWhole(path, content);
        return hash;
    }

    /// <summary>Writes to a temporary name, flushes to the disk and only then moves into place: a crash never leaves part of a file under its name.</summary>
    private static void WriteWhole(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Whether the file kept under <paramref name="sha256"/> is there and still has that content.</summary>
    public FileState Check(string sha256)
    {
        var path = PathOf(sha256);
        try
        {
            if (path is null || !File.Exists(path)) return FileState.Missing;
            using var file = File.OpenRead(path);
            return HashOf(file) == sha256 ? FileState.Intact : FileState.Altered;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return FileState.Missing;
        }
    }

    /// <summary>The file's content if it is there and intact; otherwise what is wrong with it (a file that cannot be read is as good as missing).</summary>
    public (byte[]? Content, FileState State) Read(string sha256)
    {
        var path = PathOf(sha256);
        byte[] content;
        try
        {
            if (path is null || !File.Exists(path)) return (null, FileState.Missing);
            content = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, FileState.Missing);
        }
        return HashOf(content) == sha256 ? (content, FileState.Intact) : (null, FileState.Altered);
    }

    /// <summary>Removes a file no evidence refers to any more, with what was drawn from it.</summary>
    public void Remove(string sha256)
    {
        if (PathOf(sha256) is not { } path) return;
        File.Delete(path);
        foreach (var derived in Directory.Exists(DerivedFolder) ? Directory.EnumerateFiles(DerivedFolder, sha256 + "-*") : []) File.Delete(derived);
    }

    /// <summary>Whether a file is kept under <paramref name="sha256"/> (without reading it).</summary>
    public bool Has(string sha256) => PathOf(sha256) is { } path && File.Exists(path);

    /// <summary>
    /// A copy drawn from the file (a display copy, a thumbnail), drawn once and kept; null when it cannot be drawn. A
    /// copy that cannot be kept (a full disk, a read-only folder) is drawn again next time rather than failing a page.
    /// </summary>
    public byte[]? Derived(string sha256, string variant, Func<byte[], byte[]?> draw)
    {
        if (!IsHash(sha256)) return null;
        var path = Path.Combine(DerivedFolder, $"{sha256}-{variant}");
        try
        {
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Read it afresh below.
        }
        if (Read(sha256).Content is not { } content || draw(content) is not { } drawn) return null;
        try
        {
            WriteWhole(path, drawn);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not kept: drawn again next time.
        }
        return drawn;
    }

    private string DerivedFolder => Path.Combine(Folder, "derived");

    /// <summary>Whether the text is a SHA-256 as files are named by: 64 lower-case hex digits, nothing that could leave the folder.</summary>
    public static bool IsHash(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>Where the file named <paramref name="sha256"/> is kept; null for a name that is no hash (a damaged record names no file).</summary>
    private string? PathOf(string sha256) => IsHash(sha256) ? Path.Combine(Folder, sha256[..2], sha256) : null;
}
