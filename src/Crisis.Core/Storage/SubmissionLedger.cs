using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crisis.Core.Storage;

/// <summary>
/// Makes a submission count once: a form's one-time token or an API client's Idempotency-Key. The caller announces the
/// token (<see cref="Expect"/>) before running the change; the first write transaction of that change
/// (<see cref="Database.InTransaction{T}"/>) claims it, so the token is spent exactly when the change commits and not
/// at all when it is refused. The answer is stored afterwards (<see cref="Answer"/>) for repeats to give back.
/// Kept in the database, so it holds across restarts and for every server on the same database.
/// </summary>
public sealed class SubmissionLedger(Database database, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private static readonly AsyncLocal<SubmissionClaim?> Expected = new();

    /// <summary>The stored submission under this token, unless it has expired.</summary>
    public StoredSubmission? Find(SubmissionClaim claim)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<StoredSubmission>(
            """
            SELECT fingerprint, status, location, body FROM submissions
            WHERE scope = @Scope AND caller = @Caller AND token = @Token AND created_at >= @cutoff
            """, new { claim.Scope, claim.Caller, claim.Token, cutoff = time.GetUtcNow() - Lifetime });
    }

    /// <summary>
    /// The stored submission once its answer is known, waiting a little for a concurrent first submission to finish
    /// (a double click posts twice within milliseconds); null if it has not answered in that time.
    /// </summary>
    public async Task<StoredSubmission?> AnswerOf(SubmissionClaim claim, CancellationToken cancel)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Find(claim) is { Status: not null } answered) return answered;
            await Task.Delay(50, cancel);
        }
        return null;
    }

    /// <summary>Until disposed, the first write transaction in this flow claims <paramref name="claim"/> or, if it was claimed already, throws <see cref="RepeatedSubmissionException"/>.</summary>
    public IDisposable Expect(SubmissionClaim claim)
    {
        claim.CreatedAt = time.GetUtcNow();
        var previous = Expected.Value;
        Expected.Value = claim;
        return new Restore(() => Expected.Value = previous);
    }

    /// <summary>Stores the answer the claimed submission gave, for repeats.</summary>
    public void Answer(SubmissionClaim claim, int status, string? location, string? body)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            UPDATE submissions SET status = @status, location = @location, body = @body
            WHERE scope = @Scope AND caller = @Caller AND token = @Token
            """, new { claim.Scope, claim.Caller, claim.Token, status, location, body });
    }

    /// <summary>Gives the token back when the change it claimed did not end as one (the page came back with a problem to fix).</summary>
    public void Release(SubmissionClaim claim)
    {
        using var connection = database.Open();
        connection.Execute("DELETE FROM submissions WHERE scope = @Scope AND caller = @Caller AND token = @Token AND status IS NULL",
            new { claim.Scope, claim.Caller, claim.Token });
    }

    /// <summary>The claim the current flow expects its next write to make, taken when the write is queued.</summary>
    internal static SubmissionClaim? ExpectedNow => Expected.Value;

    /// <summary>
    /// Called by <see cref="Database.InTransaction{T}"/> at the start of every write transaction; the claim it returns
    /// counts as spent (<see cref="SubmissionClaim.Spend"/>) once that transaction commits.
    /// </summary>
    internal static SubmissionClaim? ClaimIn(SqliteConnection connection, IDbTransaction transaction, SubmissionClaim? expected)
    {
        if (expected is not { Claimed: false } claim) return null;
        connection.Execute("DELETE FROM submissions WHERE created_at < @cutoff", new { cutoff = claim.CreatedAt - Lifetime }, transaction);
        var inserted = connection.Execute(
            """
            INSERT INTO submissions (scope, caller, token, fingerprint, created_at)
            VALUES (@Scope, @Caller, @Token, @Fingerprint, @CreatedAt)
            ON CONFLICT (scope, caller, token) DO NOTHING
            """, new { claim.Scope, claim.Caller, claim.Token, claim.Fingerprint, claim.CreatedAt }, transaction);
        if (inserted == 0) throw new RepeatedSubmissionException();
        return claim;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>A submission's token, whose it is (<paramref name="Caller"/>) and what it asks (<paramref name="Fingerprint"/>).</summary>
public sealed record SubmissionClaim(string Scope, string Caller, string Token, string Fingerprint)
{
    /// <summary>Whether a transaction in this flow claimed the token and committed: the token is spent.</summary>
    public bool Claimed { get; private set; }

    internal void Spend() => Claimed = true;

    internal DateTimeOffset CreatedAt { get; set; }
}

public sealed record StoredSubmission(string Fingerprint, long? Status, string? Location, string? Body);

/// <summary>The token was spent by another submission (the first of a double click) while this one ran: its change was rolled back.</summary>
public sealed class RepeatedSubmissionException() : Exception("this submission was already made");
