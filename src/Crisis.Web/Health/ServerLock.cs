using Crisis.Core.Storage;

namespace Crisis.Web.Health;

/// <summary>A second server refused: it names the first, which already serves the database.</summary>
public sealed class ServerAlreadyRunningException(string message) : IOException(message);

/// <summary>
/// One server per database file. The server holds an exclusive OS lock (flock) on the database file itself for its
/// lifetime and writes its pid and addresses to <c>crisis.db.server</c>; a second server cannot take the lock and
/// refuses to start, naming the first. Live updates and the in-process write lock only work within one process, so
/// two servers would each miss the other's changes. The OS drops the lock when the process dies, however it dies,
/// so a server killed with SIGKILL never blocks the next; and no file can be deleted to lift it while the server
/// runs. SQLite locks with fcntl, which flock does not touch, and nothing else in the server opens the database file
/// with a .NET stream. CLI verbs take no lock: they may write beside a server.
/// </summary>
public sealed class ServerLock(Database database) : IDisposable
{
    private FileStream? _lock;

    /// <summary>
    /// The database file itself where locks are advisory (Linux, macOS: flock). Windows' share modes are mandatory and
    /// would keep SQLite out of a file locked so, so there the lock is a file beside it, which cannot be deleted while open.
    /// </summary>
    public string LockPath => OperatingSystem.IsWindows() ? database.FilePath + ".lock" : database.FilePath;

    public string OwnerPath => database.FilePath + ".server";

    public void Acquire()
    {
        try
        {
            // Creating the file if it is not there yet is harmless: SQLite takes an empty file for a new database.
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception) when (IsHeldByAnotherProcess(exception))
        {
            throw new ServerAlreadyRunningException(
                $"another Crisis server ({ReadOwner()}) already serves {database.FilePath}; stop it first, or give this server a database of its own (ConnectionStrings:Crisis). CLI verbs work beside it.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A read-only file system, a denied permission or a missing folder: this server cannot use the file at all.
            throw new IOException($"cannot open the database {database.FilePath} to lock it for this server: {exception.Message}", exception);
        }
        DescribeOwner([]);
    }

    /// <summary>
    /// Whether opening the file failed only because another process holds its lock (EWOULDBLOCK from flock, which .NET
    /// reports as an IOException carrying the errno; a sharing or lock violation on Windows), not because the file
    /// cannot be opened at all.
    /// </summary>
    public static bool IsHeldByAnotherProcess(IOException exception) =>
        exception.GetType() == typeof(IOException) && exception.HResult switch
        {
            11 => OperatingSystem.IsLinux(), // EAGAIN = EWOULDBLOCK
            35 => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD(), // EWOULDBLOCK
            unchecked((int)0x80070020) or unchecked((int)0x80070021) => OperatingSystem.IsWindows(), // sharing, lock violation
            _ => false,
        };

    /// <summary>Records who holds the lock, with the addresses once the server listens.</summary>
    public void DescribeOwner(IEnumerable<string> addresses)
    {
        var urls = string.Join(" ", addresses);
        File.WriteAllText(OwnerPath, $"{OwnerPrefix}{(urls.Length > 0 ? $", {urls}" : "")}");
    }

    private static string OwnerPrefix => $"pid {Environment.ProcessId}";

    private string ReadOwner()
    {
        try
        {
            return File.ReadAllText(OwnerPath).Trim();
        }
        catch (IOException)
        {
            return "pid unknown";
        }
    }

    public void Dispose()
    {
        if (_lock is null) return;
        try
        {
            // Only this server's own description: a file naming another process is not this server's to remove.
            if (ReadOwner() is var owner && (owner == OwnerPrefix || owner.StartsWith(OwnerPrefix + ",", StringComparison.Ordinal)))
                File.Delete(OwnerPath);
        }
        catch (IOException)
        {
            // left behind, it names a process that is gone; the next server overwrites it
        }
        _lock.Dispose();
        _lock = null;
    }
}
