using Crisis.Core.Storage;

namespace Crisis.Web.Health;

/// <summary>A second server refused: it names the first, which already serves the database.</summary>
public sealed class ServerAlreadyRunningException(string message) : IOException(message);

/// <summary>
/// One server per database file. The server holds an exclusive OS lock on <c>crisis.db.lock</c> beside the database for
/// its lifetime and writes its pid and addresses to <c>crisis.db.server</c>; a second server cannot take the lock and
/// refuses to start, naming the first. Live updates and the in-process write lock only work within one process, so
/// two servers would each miss the other's changes. The OS drops the lock when the process dies, however it dies,
/// so a server killed with SIGKILL never blocks the next. CLI verbs take no lock: they may write beside a server.
/// </summary>
public sealed class ServerLock(Database database) : IDisposable
{
    private FileStream? _lock;

    public string LockPath => database.FilePath + ".lock";

    public string OwnerPath => database.FilePath + ".server";

    public void Acquire()
    {
        try
        {
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(LockPath))
        {
            throw new ServerAlreadyRunningException(
                $"another Crisis server ({ReadOwner()}) already serves {database.FilePath}; stop it first, or give this server a database of its own (ConnectionStrings:Crisis). CLI verbs work beside it.");
        }
        DescribeOwner([]);
    }

    /// <summary>Records who holds the lock, with the addresses once the server listens.</summary>
    public void DescribeOwner(IEnumerable<string> addresses)
    {
        var urls = string.Join(" ", addresses);
        File.WriteAllText(OwnerPath, $"pid {Environment.ProcessId}{(urls.Length > 0 ? $", {urls}" : "")}");
    }

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
        _lock.Dispose();
        _lock = null;
        try
        {
            File.Delete(OwnerPath);
        }
        catch (IOException)
        {
            // left behind, it names a process that is gone; the next server overwrites it
        }
    }
}
