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

    /// <summary>Counts the pool's disposals: a connection opened before the last one is closed when given back.</summary>
    private int _generation;

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
        var connection = new PooledConnection(connectionString, this) { Lent = true, Generation = Volatile.Read(ref _generation) };
        try
        {
            connection.Open();
            prepare(connection);
        }
        catch
        {
            // Closed for real (a file that opens but cannot be read fails here, request after request): never pooled.
            connection.Lent = false;
            connection.CloseForGood();
            throw;
        }
        return connection;
    }

    /// <summary>
    /// Closes every idle connection, and every lent one once it is given back, so the database file is no longer held
    /// open; later opens start anew.
    /// </summary>
    public void Dispose()
    {
        PooledConnection[] idle;
        lock (_lock)
        {
            _generation++;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var connection in idle) connection.CloseForGood();
    }

    /// <summary>
    /// Keeps a connection given back for the next caller when it is open and holds nothing of its last user's: no
    /// transaction (one left open is rolled back by really closing the connection), and was opened since the pool was
    /// last disposed.
    /// </summary>
    private bool TakeBack(PooledConnection connection)
    {
        lock (_lock)
        {
            if (!connection.Lent) return true; // disposed twice: it is back already
            connection.Lent = false;
            if (!connection.IsClean || connection.Generation != _generation || _idle.Count >= MostIdle) return false;
            _idle.Push(connection);
            return true;
        }
    }

    /// <summary>
    /// A connection whose disposal gives it back to the pool. Once given back it refuses new commands and transactions
    /// until it is lent again, so a caller that kept it past its <c>using</c> mostly fails in words; every caller in
    /// this code base opens a connection in a <c>using</c> and lets it go there.
    /// </summary>
    private sealed class PooledConnection(string connectionString, ConnectionPool pool) : SqliteConnection(connectionString)
    {
        public bool Lent { get; set; }

        public int Generation { get; init; }

        /// <summary>Set while really closing: closing rolls back a transaction left open through a command of its own.</summary>
        private bool _closing;

        public bool IsClean => State == ConnectionState.Open && Transaction is null && SQLitePCL.raw.sqlite3_get_autocommit(Handle) != 0;

        public override SqliteCommand CreateCommand() => Lent || _closing ? base.CreateCommand() : throw GivenBack();

        public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred) =>
            Lent ? base.BeginTransaction(isolationLevel, deferred) : throw GivenBack();

        private static ObjectDisposedException GivenBack() =>
            new(nameof(SqliteConnection), "This connection was disposed (given back to the pool); open another.");

        public void CloseForGood()
        {
            _closing = true;
            Close();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && pool.TakeBack(this)) return;
            _closing = true;
            base.Dispose(disposing);
        }
    }
}
