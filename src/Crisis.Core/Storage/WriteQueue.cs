using System.Data;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace Crisis.Core.Storage;

/// <summary>
/// Group commit for <see cref="Database.InTransaction{T}"/>. With synchronous=FULL every commit waits for an fsync, so
/// writers committing one by one queue for the disk. Here a writer that finds nobody committing leads: it takes every
/// write queued so far, runs them one after another in one transaction (each in a savepoint, each in its caller's
/// execution context), commits once, tells each caller its own outcome, and hands the lead to the next write that
/// queued meanwhile. A lone write runs as before, in a transaction of its own. Writes keep the order they queued in,
/// so each sees the ones before it (a timeline's hash chain stays exact); none is acknowledged before the commit.
/// </summary>
internal sealed class WriteQueue(Database database)
{
    private readonly Lock _queueLock = new();
    private readonly Queue<PendingWrite> _queue = new();
    private bool _leading;
    private int _leaderThread;
    private long _transactions;
    private long _committedWrites;

    /// <summary>How many writes wait for their turn now, how many transactions committed and how many writes they held.</summary>
    public GroupCommitFigures Figures
    {
        get
        {
            lock (_queueLock) return new GroupCommitFigures(_queue.Count, Interlocked.Read(ref _transactions), Interlocked.Read(ref _committedWrites));
        }
    }

    public object? Run(Func<SqliteConnection, IDbTransaction, object?> work)
    {
        if (Volatile.Read(ref _leaderThread) == Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("A write transaction cannot start another one; pass its connection and transaction on.");
        var pending = new PendingWrite(work, ExecutionContext.Capture(), SubmissionLedger.ExpectedNow);
        bool leads;
        lock (_queueLock)
        {
            _queue.Enqueue(pending);
            leads = !_leading;
            _leading = true;
        }
        if (!leads) pending.AwaitTurn();
        if (!pending.Finished) Lead();
        pending.Failure?.Throw();
        return pending.Result;
    }

    /// <summary>Commits the writes queued so far, then passes the lead to the first one queued since, if any.</summary>
    private void Lead()
    {
        PendingWrite[] batch;
        lock (_queueLock)
        {
            batch = [.. _queue];
            _queue.Clear();
        }
        Volatile.Write(ref _leaderThread, Environment.CurrentManagedThreadId);
        try
        {
            for (var next = 0; next < batch.Length;) next = CommitFrom(batch, next);
        }
        catch (Exception exception)
        {
            // Opening the connection, beginning (a read-only file refuses BEGIN IMMEDIATE) or a savepoint failed:
            // nothing of the batch not yet committed was stored.
            database.Health.Failed(exception);
            foreach (var write in batch.Where(write => !write.Finished)) write.FailWithShared(exception);
        }
        finally
        {
            Volatile.Write(ref _leaderThread, 0);
            foreach (var write in batch) write.Wake();
            lock (_queueLock)
            {
                if (_queue.TryPeek(out var nextLeader)) nextLeader.Wake();
                else _leading = false;
            }
        }
    }

    /// <summary>
    /// Runs the batch's writes from <paramref name="first"/> in one transaction and commits them; returns where the next
    /// transaction starts: past the end, or past a write whose failure took the whole transaction with it (SQLite rolls
    /// back by itself on a full disk or an I/O error), whose writes before it are then failed too, as not stored.
    /// </summary>
    private int CommitFrom(PendingWrite[] batch, int first)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        var alone = batch.Length - first == 1;
        var index = first;
        for (; index < batch.Length; index++)
        {
            var write = batch[index];
            var changesBefore = SQLitePCL.raw.sqlite3_total_changes(connection.Handle);
            if (!alone) transaction.Save("write");
            try
            {
                write.RunIn(connection, transaction);
                if (!alone) transaction.Release("write");
                // Counted only once released: rows a write changed and then rolled back to its savepoint are no store.
                write.Stored = SQLitePCL.raw.sqlite3_total_changes(connection.Handle) != changesBefore;
            }
            catch (Exception exception)
            {
                write.Fail(exception);
                if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0)
                {
                    for (var earlier = first; earlier < index; earlier++)
                        if (!batch[earlier].Finished) batch[earlier].FailWithShared(exception);
                    NoteHealth(batch, first, index + 1);
                    return index + 1;
                }
                if (alone)
                {
                    NoteHealth(batch, first, index + 1);
                    return index + 1; // disposing the transaction rolls it back
                }
                transaction.Rollback("write");
                transaction.Release("write");
            }
        }
        var end = index;
        try
        {
            transaction.Commit();
        }
        catch (Exception exception)
        {
            for (var written = first; written < end; written++)
                if (!batch[written].Finished) batch[written].FailWithShared(exception);
            NoteHealth(batch, first, end);
            return end;
        }
        var committed = 0;
        for (var written = first; written < end; written++)
            if (batch[written].Committed()) committed++;
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _committedWrites, committed);
        NoteHealth(batch, first, end);
        return end;
    }

    /// <summary>
    /// Tells the storage health what the writes ended as, in their order: a storage failure marks it failing, a
    /// committed write that stored something marks it working again (an empty claim stores nothing), so the last word
    /// is the last write's.
    /// </summary>
    private void NoteHealth(PendingWrite[] batch, int from, int to)
    {
        for (var index = from; index < to; index++)
        {
            var write = batch[index];
            if (write.Failure is { } failure) database.Health.Failed(failure.SourceException);
            else if (write.Stored) database.Health.Stored();
        }
    }

    private sealed class PendingWrite(Func<SqliteConnection, IDbTransaction, object?> work, ExecutionContext? context, SubmissionClaim? expected)
    {
        private readonly object _turn = new();
        private bool _woken;
        private SubmissionClaim? _claim;
        private bool _ran;

        public object? Result { get; private set; }

        public ExceptionDispatchInfo? Failure { get; private set; }

        /// <summary>Whether this write has its outcome: committed, or failed.</summary>
        public bool Finished { get; private set; }

        /// <summary>Whether the write changed rows that stayed when it was released.</summary>
        public bool Stored { get; set; }

        public void RunIn(SqliteConnection connection, IDbTransaction transaction)
        {
            if (context is null) Run(connection, transaction);
            else ExecutionContext.Run(context, _ => Run(connection, transaction), null);
        }

        private void Run(SqliteConnection connection, IDbTransaction transaction)
        {
            _claim = SubmissionLedger.ClaimIn(connection, transaction, expected);
            Result = work(connection, transaction);
            _ran = true;
        }

        /// <summary>Marks a write that ran without failing as committed; false for one that had failed.</summary>
        public bool Committed()
        {
            if (Finished || !_ran) return false;
            // Spent only now: a change that failed and rolled back leaves the token for the next try.
            _claim?.Spend();
            Finished = true;
            return true;
        }

        /// <summary>Fails the write with the exception its own work threw.</summary>
        public void Fail(Exception exception)
        {
            Result = null;
            Stored = false;
            Failure = ExceptionDispatchInfo.Capture(exception);
            Finished = true;
        }

        /// <summary>
        /// Fails the write with what failed the transaction it shared: each caller gets a copy, since one exception
        /// thrown on several threads at once would mix their stack traces.
        /// </summary>
        public void FailWithShared(Exception exception) => Fail(CopyOf(exception));

        private static Exception CopyOf(Exception exception) => exception is SqliteException sqlite
            ? new SqliteException(sqlite.Message, sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode)
            : new InvalidOperationException($"the transaction this write shared failed: {exception.Message}", exception);

        /// <summary>Waits until the write is finished or it is this write's turn to lead.</summary>
        public void AwaitTurn()
        {
            lock (_turn)
                while (!_woken) Monitor.Wait(_turn);
        }

        public void Wake()
        {
            lock (_turn)
            {
                _woken = true;
                Monitor.Pulse(_turn);
            }
        }
    }
}

/// <summary>
/// Group commit at a glance: writes waiting for their turn now, transactions committed since start and the writes they
/// held (writes ÷ transactions is how many changes shared an fsync on average).
/// </summary>
public sealed record GroupCommitFigures(int Waiting, long Transactions, long Writes);
