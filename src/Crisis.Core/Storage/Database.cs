using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crisis.Core.Storage;

/// <summary>
/// Opens connections to the Crisis SQLite database with the settings every connection needs, from a pool of its own
/// (<see cref="ConnectionPool"/>); disposing it closes the idle ones.
/// </summary>
public sealed class Database : IDisposable
{
    public const string DefaultConnectionString = "Data Source=data/crisis.db";

    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Dapper maps DateTimeOffset itself unless the built-in map is removed first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
    }

    public Database(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = false, // pooled by ConnectionPool
            DefaultTimeout = 30,
        };
        FilePath = DatabaseFilePath.Of(builder.DataSource);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var folder = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        ConnectionString = builder.ToString();
        _connections = new ConnectionPool(ConnectionString, Prepare);
        _writes = new WriteQueue(this);
    }

    public string ConnectionString { get; }

    /// <summary>
    /// The full, real path of the database file, however the connection string names it (a relative path, a
    /// <c>file:</c> URI, a symlink): one file has one path, so the one-server lock and everything kept beside the
    /// database (signing key, anchors) are found from it.
    /// </summary>
    public string FilePath { get; }

    /// <summary>Whether the last write that failed for a storage reason has been followed by one that stored a change.</summary>
    public StorageHealth Health { get; } = new();

    /// <summary>
    /// For tests and drills: every connection opened from now on meets a full disk (the file may not grow) or a
    /// read-only file, as it would on a real full disk or read-only mount; <see cref="StorageLimits.None"/> lifts it.
    /// </summary>
    public StorageLimits Limits
    {
        get => _limits;
        set
        {
            _limits = value;
            _limitsEverSet = true;
        }
    }

    private volatile StorageLimits _limits = StorageLimits.None;
    private volatile bool _limitsEverSet;

    private readonly ConnectionPool _connections;

    public SqliteConnection Open()
    {
        var connection = _connections.Take();
        if (!_limitsEverSet) return connection;
        try
        {
            ApplyLimits(connection, _limits);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <summary>Closes the idle connections, so nothing holds the database file open; later opens start anew.</summary>
    public void Dispose() => _connections.Dispose();

    /// <summary>
    /// synchronous=FULL: an acknowledged tick survives a power cut, not only a process crash. No memory map: a disk
    /// error reading a mapped page would kill the process (SIGBUS) instead of failing one request.
    /// </summary>
    private static void Prepare(SqliteConnection connection) => connection.Execute("PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;");

    /// <summary>Pooled connections keep their pragmas, so once limits were set every connection is told the current ones.</summary>
    private static void ApplyLimits(SqliteConnection connection, StorageLimits limits)
    {
        // max_page_count cannot go below the file's size: 1 means "no bigger than now"; SQLite's default is the largest.
        var pages = limits.DiskFull ? 1L : 4294967294L;
        connection.Execute($"PRAGMA query_only={(limits.ReadOnly ? 1 : 0)}; PRAGMA max_page_count={pages};");
    }

    /// <summary>WAL lets readers run beside the writer; the mode is stored in the file, so setting it once is enough.</summary>
    public void UseWriteAheadLog()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode=WAL");
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns once its change is durable. Writes that arrive
    /// together share one transaction and one fsync (group commit, <see cref="WriteQueue"/>): each runs in a savepoint of
    /// its own, so one that throws is rolled back alone, and each caller hears back only after the shared commit.
    /// A one-time submission expected in this flow (<see cref="SubmissionLedger.Expect"/>) is claimed first, so it is
    /// spent with the change or not at all. A write may not start another: it would wait for itself.
    /// </summary>
    public T InTransaction<T>(Func<SqliteConnection, IDbTransaction, T> work) => (T)_writes.Run((connection, transaction) => work(connection, transaction))!;

    private readonly WriteQueue _writes;

    /// <inheritdoc cref="GroupCommitFigures"/>
    public GroupCommitFigures GroupCommit => _writes.Figures;

    /// <summary>A consistent copy of the live database, taken with SQLite's online backup while others keep writing.</summary>
    public void BackupTo(string destinationPath)
    {
        var fullPath = Path.GetFullPath(destinationPath);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        if (File.Exists(fullPath)) throw new IOException($"{destinationPath} already exists; choose a new file name.");
        using var source = Open();
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false }.ToString());
        destination.Open();
        source.BackupDatabase(destination);
    }

    /// <summary>
    /// Fails at once, with SQLite's own error, unless the file can be written: a server that cannot store anything
    /// should not start. Setting the header's user_version to what it is writes a page without changing anything.
    /// </summary>
    public void EnsureWritable()
    {
        using var connection = Open();
        var version = connection.ExecuteScalar<long>("PRAGMA user_version");
        connection.Execute($"PRAGMA user_version={version}");
    }

    private sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Timestamps.Format(value);
        }

        public override DateTimeOffset Parse(object value) => Timestamps.Parse((string)value);
    }
}

/// <summary>Storage conditions a test or drill imposes on the live database: see <see cref="Database.Limits"/>.</summary>
public sealed record StorageLimits(bool DiskFull = false, bool ReadOnly = false)
{
    public static StorageLimits None { get; } = new();
}
