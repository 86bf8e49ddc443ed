using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crisis.Core.Storage;

/// <summary>Opens connections to the Crisis SQLite database with the settings every connection needs.</summary>
public sealed class Database
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
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        ConnectionString = builder.ToString();
        FilePath = Path.GetFullPath(builder.DataSource);
    }

    public string ConnectionString { get; }

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // synchronous=FULL: an acknowledged tick survives a power cut, not only a process crash.
        connection.Execute("PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;");
        return connection;
    }

    /// <summary>WAL lets readers run beside the writer; the mode is stored in the file, so setting it once is enough.</summary>
    public void UseWriteAheadLog()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode=WAL");
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE), committing only if it returns.
    /// Writers in this process queue on a lock instead of polling SQLite's busy handler, which sleeps in steps
    /// of up to 100 ms; busy_timeout still covers other processes such as the CLI.
    /// </summary>
    public T InTransaction<T>(Func<SqliteConnection, IDbTransaction, T> work)
    {
        using var connection = Open();
        lock (_writeLock)
        {
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    private readonly Lock _writeLock = new();

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
