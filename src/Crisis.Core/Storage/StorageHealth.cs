using Microsoft.Data.Sqlite;

namespace Crisis.Core.Storage;

/// <summary>
/// Why a write could not be stored, when the cause lies with the disk or the file rather than with the request: the
/// disk is full, the file is read-only, cannot be opened or written, or permission is denied. Such a write is answered
/// 503 (the server is up, reads still work, the write can be tried again once an admin has fixed the storage).
/// </summary>
public sealed record StorageFailure(string Code, string Reason)
{
    private const int SqlitePerm = 3, SqliteReadOnly = 8, SqliteIoErr = 10, SqliteFull = 13, SqliteCantOpen = 14;

    /// <summary>What is wrong with the storage, or null when <paramref name="exception"/> is no such failure.</summary>
    public static StorageFailure? Of(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is not SqliteException sqlite) continue;
            // Extended result codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DIRECTORY …) keep the primary code in the low byte.
            return (sqlite.SqliteErrorCode & 0xFF) switch
            {
                SqliteFull => new StorageFailure("disk-full", "the disk is full"),
                SqliteReadOnly => new StorageFailure("database-read-only", "the database is read-only"),
                SqliteIoErr => new StorageFailure("disk-error", "the disk could not be read or written"),
                SqliteCantOpen => new StorageFailure("database-cannot-open", "the database file cannot be opened"),
                SqlitePerm => new StorageFailure("permission-denied", "permission to write the database is denied"),
                _ => null,
            };
        }
        return null;
    }
}

/// <summary>The last write that failed for a storage reason, until a later write stores a change again.</summary>
public sealed class StorageHealth
{
    public sealed record Problem(StorageFailure Failure, string Error, DateTimeOffset Since);

    private Problem? _current;

    public Problem? Current => Volatile.Read(ref _current);

    /// <summary>Notes <paramref name="exception"/> if it is a storage failure; true when it was one.</summary>
    public bool Failed(Exception exception)
    {
        if (StorageFailure.Of(exception) is not { } failure) return false;
        var previous = Current;
        Volatile.Write(ref _current, previous?.Failure == failure ? previous with { Error = exception.Message } : new Problem(failure, exception.Message, DateTimeOffset.UtcNow));
        return true;
    }

    public void Stored() => Volatile.Write(ref _current, null);
}
