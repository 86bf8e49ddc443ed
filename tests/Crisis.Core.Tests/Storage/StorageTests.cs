using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Tests.Storage;

/// <summary>The SQLite behaviour the rest of Crisis relies on, pinned against a real database file.</summary>
public class StorageTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Migrations_apply_once_and_are_journalled()
    {
        Assert.Empty(Migrator.Migrate(_test.Database, _test.Time));
        using var connection = _test.Database.Open();
        Assert.Equal(Migrator.Scripts.Count, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal("0001_initial.sql", connection.ExecuteScalar<string>("SELECT name FROM schema_migrations ORDER BY name LIMIT 1"));
    }

    [Fact]
    public void Connections_use_wal_foreign_keys_and_a_busy_timeout()
    {
        using var connection = _test.Database.Open();
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(1, connection.ExecuteScalar<int>("PRAGMA foreign_keys"));
        Assert.Equal(10000, connection.ExecuteScalar<int>("PRAGMA busy_timeout"));
        Assert.Equal(2, connection.ExecuteScalar<int>("PRAGMA synchronous")); // FULL
    }

    [Fact]
    public void Foreign_keys_are_enforced()
    {
        using var connection = _test.Database.Open();
        var exception = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() =>
            connection.Execute("INSERT INTO incident_roles (incident_id, role_key, person_id) VALUES (999, 'x', 999)"));
        Assert.Contains("FOREIGN KEY", exception.Message);
    }

    [Fact]
    public void Timestamps_are_stored_as_sortable_utc_text_and_read_back_exactly()
    {
        var local = new DateTimeOffset(2026, 11, 11, 8, 30, 15, 123, TimeSpan.FromHours(8));
        using var connection = _test.Database.Open();
        connection.Execute("CREATE TEMP TABLE t (at TEXT)");
        connection.Execute("INSERT INTO t (at) VALUES (@local)", new { local });
        Assert.Equal("2026-11-11T00:30:15.123Z", connection.ExecuteScalar<string>("SELECT at FROM t"));
        var back = connection.QuerySingle<DateTimeOffset>("SELECT at FROM t");
        Assert.Equal(local, back);
        Assert.Equal(TimeSpan.Zero, back.Offset);
    }

    [Fact]
    public void Json_columns_can_be_queried_with_json_functions()
    {
        using var connection = _test.Database.Open();
        Assert.Equal("b", connection.ExecuteScalar<string>("SELECT json_extract('{\"a\":\"b\"}', '$.a')"));
    }

    [Fact]
    public void Backup_makes_a_consistent_copy_that_opens_on_its_own()
    {
        using (var connection = _test.Database.Open())
        {
            connection.Execute("INSERT INTO people (name, roles, created_at) VALUES ('Li Wei', '[]', '2026-11-02T09:00:00.000Z')");
        }
        var copy = Path.Combine(_test.Folder, "backups", "copy.db");
        _test.Database.BackupTo(copy);
        using var restored = new Database($"Data Source={copy}");
        using var restoredConnection = restored.Open();
        Assert.Equal("Li Wei", restoredConnection.ExecuteScalar<string>("SELECT name FROM people"));
        Assert.Throws<IOException>(() => _test.Database.BackupTo(copy));
    }

    [Fact]
    public void The_default_database_lives_in_a_data_folder()
    {
        Assert.Equal("Data Source=data/crisis.db", Database.DefaultConnectionString);
    }
}
