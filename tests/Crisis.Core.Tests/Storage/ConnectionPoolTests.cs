using System.Collections.Concurrent;
using Crisis.Core.Storage;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crisis.Core.Tests.Storage;

/// <summary>
/// The database's connection pool: a native connection belongs to one caller at a time, and a connection given back
/// with a transaction still open is never handed to the next caller inside it.
/// </summary>
public class ConnectionPoolTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private Database Database => _test.Database;

    private static IntPtr NativeHandle(SqliteConnection connection) => connection.Handle!.DangerousGetHandle();

    private int People()
    {
        using var connection = Database.Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM people");
    }

    [Fact]
    public void A_connection_given_back_is_the_next_one_handed_out()
    {
        IntPtr first;
        using (var connection = Database.Open()) first = NativeHandle(connection);
        using var again = Database.Open();
        Assert.Equal(first, NativeHandle(again));
    }

    [Fact]
    public void Many_callers_opening_and_closing_at_once_never_share_a_native_connection()
    {
        var holders = new ConcurrentDictionary<IntPtr, int>();
        var shared = 0;
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, caller =>
        {
            for (var round = 0; round < 300; round++)
            {
                using var connection = Database.Open();
                var handle = NativeHandle(connection);
                if (!holders.TryAdd(handle, caller)) Interlocked.Increment(ref shared);
                Assert.Equal(1, connection.ExecuteScalar<int>("SELECT 1"));
                holders.TryRemove(handle, out _);
            }
        });
        Assert.Equal(0, shared);
    }

    [Fact]
    public void A_connection_disposed_twice_goes_back_once()
    {
        var connection = Database.Open();
        connection.Dispose();
        connection.Dispose();
        using var first = Database.Open();
        using var second = Database.Open();
        Assert.NotEqual(NativeHandle(first), NativeHandle(second));
    }

    [Fact]
    public void A_transaction_left_open_is_rolled_back_and_never_reaches_the_next_caller()
    {
        var connection = Database.Open();
        var transaction = connection.BeginTransaction();
        connection.Execute("INSERT INTO people (name, created_at) VALUES ('Left open', '2026-11-02T09:00:00.000Z')", transaction: transaction);
        connection.Dispose(); // the transaction is never disposed

        using var next = Database.Open();
        Assert.NotEqual(0, SQLitePCL.raw.sqlite3_get_autocommit(next.Handle));
        Assert.Equal(0, People());
        using var write = next.BeginTransaction(); // a transaction of its own, not "nested" in the one left behind
    }

    [Fact]
    public void A_transaction_begun_in_sql_and_left_open_is_rolled_back_too()
    {
        var connection = Database.Open();
        connection.Execute("BEGIN; INSERT INTO people (name, created_at) VALUES ('Left open', '2026-11-02T09:00:00.000Z');");
        connection.Dispose();

        using var next = Database.Open();
        Assert.NotEqual(0, SQLitePCL.raw.sqlite3_get_autocommit(next.Handle));
        Assert.Equal(0, People());
    }

    [Fact]
    public void Disposing_the_database_closes_its_idle_connections_and_later_opens_start_anew()
    {
        using (Database.Open()) { }
        Assert.NotEmpty(OpenFilesOf(Database.FilePath));

        Database.Dispose();
        Assert.Empty(OpenFilesOf(Database.FilePath));
        Assert.Equal(0, People());
    }

    [Fact]
    public void A_connection_used_after_it_was_given_back_refuses_in_words()
    {
        var connection = Database.Open();
        connection.Dispose();
        var refused = Assert.Throws<ObjectDisposedException>(() => connection.ExecuteScalar<int>("SELECT 1"));
        Assert.Contains("given back to the pool", refused.Message);
        Assert.Throws<ObjectDisposedException>(() => connection.BeginTransaction());
    }

    [Fact]
    public void A_connection_lent_when_the_database_is_disposed_is_closed_when_given_back()
    {
        var lent = Database.Open();
        Database.Dispose();
        lent.Dispose();
        Assert.Empty(OpenFilesOf(Database.FilePath));
    }

    /// <summary>This process's open file descriptors on the database file itself (not its -wal or -shm).</summary>
    private static IEnumerable<string?> OpenFilesOf(string path) => new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
        .Select(descriptor => descriptor.LinkTarget)
        .Where(target => target == path);
}
