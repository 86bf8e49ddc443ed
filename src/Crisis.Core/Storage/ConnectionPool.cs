using System.Data;
using Microsoft.Data.Sqlite;

namespace Crisis.Core.Storage;

/// <summary>
/// The database's own pool of open connections. Microsoft.Data.Sqlite's pool (10.0.5) can give one native connection
/// to two callers at once: a caller that finds the pool empty reclaims connections it takes for leaked ("active, no
/// owner"), and a connection being handed to another caller looks exactly like that for an instant (it is marked
/// active before its owner is recorded, outside the pool's lock). Two threads on one handle then run statements inside
/// each other's transactions; when one closes it while the other ends a transaction, SQLite calls a rollback hook that
/// is already freed and the process dies (seen in CI: NullReferenceException in rollback_hook_bridge_impl). Here a
/// connection is only ever handed out from the idle stack, under a lock, and taken back only when it is clean.
/// </summary>
internal sealed class ConnectionPool(string connectionString, Action<SqliteConnection> prepare) : IDisposable
{
    /// <summary>Enough for every request thread the web app starts with to read at once; more are opened and closed.</summary>
    private const int MostIdle = 64;

    private readonly Lock _lock = new();
    private readonly Stack<PooledConnection> _idle = new();

    public SqliteConnection Take()
    {
        lock (_lock)
        {
            if (_idle.TryPop(out var idle))
            {
                idle.Lent = true;
                return idle;
            }
        }
        var connection = new PooledConnection(connectionString, this) { Lent = true };
        try
        {
            connection.Open();
            prepare(connection);
        }
        catch
        {
            connection.Lent = false;
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <summary>Closes every idle connection, so the database file is no longer held open; later opens start anew.</summary>
    public void Dispose()
    {
        PooledConnection[] idle;
        lock (_lock)
        {
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var connection in idle) connection.Close();
    }

    /// <summary>
    /// Keeps a connection given back for the next caller when it is open and holds nothing of its last user's: no
    /// transaction (one left open is rolled back by really closing the connection).
    /// </summary>
    private bool TakeBack(PooledConnection connection)
    {
        lock (_lock)
        {
            if (!connection.Lent) return true; // disposed twice: it is back already
            connection.Lent = false;
            if (!connection.IsClean || _idle.Count >= MostIdle) return false;
            _idle.Push(connection);
            return true;
        }
    }

    private sealed class PooledConnection(string connectionString, ConnectionPool pool) : SqliteConnection(connectionString)
    {
        private SqliteTransaction? _lastTransaction;

        public bool Lent { get; set; }

        public bool IsClean => State == ConnectionState.Open
            && _lastTransaction?.Connection is null
            && SQLitePCL.raw.sqlite3_get_autocommit(Handle) != 0;

        public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred) =>
            _lastTransaction = base.BeginTransaction(isolationLevel, deferred);

        protected override void Dispose(bool disposing)
        {
            if (disposing && pool.TakeBack(this)) return;
            base.Dispose(disposing);
        }
    }
}
