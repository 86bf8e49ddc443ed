using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Bench;

/// <summary>A temp folder holding benchmark databases, removed with everything in it.</summary>
internal sealed class BenchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("crisis-bench-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A bare table in WAL mode, the floor for any durable write here: one row, one transaction, as Crisis runs.</summary>
    public Database RawInsertDatabase()
    {
        var database = new Database($"Data Source={File("raw.db")}");
        database.UseWriteAheadLog();
        using var connection = database.Open();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        return database;
    }

    public static int RawInsert(Database database)
    {
        using var connection = database.Open();
        return connection.Execute("INSERT INTO t (body) VALUES ('step.completed')");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
