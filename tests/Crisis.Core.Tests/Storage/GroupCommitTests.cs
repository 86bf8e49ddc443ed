using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Tests.Storage;

/// <summary>
/// Writes that arrive together share one transaction and one fsync, yet each keeps its own outcome: one that throws is
/// rolled back alone, each caller hears back only after the commit, in its own flow (its one-time token), in order.
/// </summary>
public class GroupCommitTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private Database Database => _test.Database;

    private void AddPerson(string name) => Database.InTransaction((connection, transaction) =>
        connection.Execute("INSERT INTO people (name, created_at) VALUES (@name, '2026-11-02T09:00:00.000Z')", new { name }, transaction));

    private List<string> People()
    {
        using var connection = Database.Open();
        return connection.Query<string>("SELECT name FROM people ORDER BY id").ToList();
    }

    /// <summary>
    /// Holds the writer inside a first write until <paramref name="queue"/>'s writes all wait behind it, then lets it
    /// go: the queued writes then commit together, as writes arriving during a commit do.
    /// </summary>
    private List<Task> QueuedBehindAWrite(params Action[] queue)
    {
        using var writing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => Database.InTransaction((connection, transaction) =>
        {
            writing.Set();
            release.Wait();
            return connection.Execute("INSERT INTO people (name, created_at) VALUES ('First', '2026-11-02T09:00:00.000Z')", transaction: transaction);
        }));
        writing.Wait();
        var queued = new List<Task>();
        foreach (var write in queue)
        {
            var waitingBefore = Database.GroupCommit.Waiting;
            queued.Add(Task.Factory.StartNew(write, TaskCreationOptions.LongRunning));
            SpinWait.SpinUntil(() => Database.GroupCommit.Waiting > waitingBefore || queued[^1].IsCompleted, TimeSpan.FromSeconds(30));
        }
        var transactionsBefore = Database.GroupCommit.Transactions;
        release.Set();
        first.Wait();
        try
        {
            Task.WaitAll([.. queued], TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // each test looks at its writes' own outcomes
        }
        // The first write's transaction, then one for everything queued behind it.
        Assert.Equal(transactionsBefore + 2, Database.GroupCommit.Transactions);
        return queued;
    }

    [Fact]
    public void Writes_queued_during_a_commit_share_the_next_one_and_a_write_that_throws_is_rolled_back_alone()
    {
        var queued = QueuedBehindAWrite(
            () => AddPerson("Kept before"),
            () => Database.InTransaction<int>((connection, transaction) =>
            {
                connection.Execute("INSERT INTO people (name, created_at) VALUES ('Refused', '2026-11-02T09:00:00.000Z')", transaction: transaction);
                throw new InvalidOperationException("the change found a rule broken after writing");
            }),
            () => AddPerson("Kept after"));

        Assert.True(queued[0].IsCompletedSuccessfully);
        Assert.IsType<InvalidOperationException>(queued[1].Exception?.InnerException);
        Assert.True(queued[2].IsCompletedSuccessfully);
        Assert.Equal(["First", "Kept before", "Kept after"], People());
    }

    [Fact]
    public void A_write_that_breaks_a_constraint_in_a_shared_transaction_fails_alone_and_the_others_commit()
    {
        AddPerson("Existing");
        using (var connection = Database.Open()) connection.Execute("CREATE UNIQUE INDEX test_people_name ON people (name)");

        var queued = QueuedBehindAWrite(() => AddPerson("New"), () => AddPerson("Existing"), () => AddPerson("Also new"));

        Assert.True(queued[0].IsCompletedSuccessfully);
        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(queued[1].Exception?.InnerException);
        Assert.True(queued[2].IsCompletedSuccessfully);
        Assert.Equal(["Existing", "First", "New", "Also new"], People());
    }

    [Fact]
    public void When_a_write_loses_the_shared_transaction_the_writes_before_it_fail_as_not_stored_keeping_their_own_errors_and_the_rest_commit()
    {
        var queued = QueuedBehindAWrite(
            () => AddPerson("Lost with the transaction"),
            () => Database.InTransaction<int>((_, _) => throw new ConflictException("changed since you loaded it")),
            // Ends the whole transaction, as SQLite does by itself on a full disk or an I/O error.
            () => Database.InTransaction((connection, transaction) => connection.Execute("ROLLBACK", transaction: transaction)),
            () => AddPerson("Committed after"));

        var lost = queued[2].Exception!.InnerException!;
        Assert.True(queued[0].IsFaulted);
        Assert.Contains(lost.Message, queued[0].Exception!.InnerException!.Message); // what lost the transaction…
        Assert.NotSame(lost, queued[0].Exception!.InnerException); // …in a copy of its own
        Assert.IsType<ConflictException>(queued[1].Exception?.InnerException); // its own answer, not the lost transaction's
        Assert.True(queued[3].IsCompletedSuccessfully);
        Assert.Equal(["First", "Committed after"], People());
    }

    [Fact]
    public void Each_write_in_a_shared_transaction_claims_its_own_callers_one_time_token()
    {
        var ledger = _test.Get<SubmissionLedger>();
        var mine = new SubmissionClaim("form", "mei", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/people");
        var theirs = new SubmissionClaim("form", "tom", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "/people");
        var theirsAgain = new SubmissionClaim("form", "tom", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "/people");
        void AddAs(SubmissionClaim claim, string name)
        {
            using (ledger.Expect(claim)) AddPerson(name);
        }

        var queued = QueuedBehindAWrite(() => AddAs(mine, "Mei's"), () => AddAs(theirs, "Tom's"), () => AddAs(theirsAgain, "Tom's double click"));

        Assert.True(mine.Claimed);
        Assert.True(theirs.Claimed);
        Assert.False(theirsAgain.Claimed);
        Assert.IsType<RepeatedSubmissionException>(queued[2].Exception?.InnerException);
        Assert.Equal(["First", "Mei's", "Tom's"], People());
    }

    [Fact]
    public void A_write_cannot_start_another_write_it_would_wait_for()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Database.InTransaction((_, _) =>
        {
            AddPerson("Nested");
            return 0;
        }));
        Assert.Contains("pass its connection and transaction on", refused.Message);
        Assert.Empty(People());
        AddPerson("After"); // the writer is free again
        Assert.Equal(["After"], People());
    }

    [Fact]
    public void Ticks_from_many_threads_at_once_are_all_stored_and_the_timeline_stays_one_unbroken_chain()
    {
        _test.AddShippedPlaybook("product-recall.md");
        var key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked baby bottles, batch 2611", 1), new Actor("mei"));
        var steps = _test.Get<IncidentQueries>().Get(key)!.Phases.SelectMany(phase => phase.Steps).Select(step => step.Id).ToList();
        var actions = _test.Get<StepActions>();
        var before = Database.GroupCommit;

        Parallel.ForEach(steps, new ParallelOptions { MaxDegreeOfParallelism = 16 }, step => actions.Complete(key, step, new Actor("tom")));

        Assert.Equal(steps.Count, Database.GroupCommit.Writes - before.Writes);
        var timeline = _test.Get<Timeline>();
        Assert.True(timeline.Verify(key).IsIntact);
        var events = timeline.Read(key);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(seq => (long)seq), events.Select(e => e.Seq));
        Assert.Equal(steps.Order(), events.Where(e => e.Kind == EventKinds.StepCompleted).Select(e => e.Data.GetProperty("step").GetString()!).Order());
    }
}
