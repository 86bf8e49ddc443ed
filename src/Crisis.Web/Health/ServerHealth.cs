using System.Globalization;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Web.Health;

/// <summary><c>Crisis:Health</c>: when waiting email and chat messages count as stuck.</summary>
public sealed class HealthSettings
{
    public int OutboxStuckAfterMinutes { get; init; } = 15;
    public int ChatStuckAfterMinutes { get; init; } = 15;
}

/// <summary>One reason the server is degraded: a short code for monitors, what is wrong (for admins only: see <see cref="HealthSetup.MapCrisisHealth"/>), and since when.</summary>
public sealed record HealthReason(string Code,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    DateTimeOffset Since);

/// <summary>
/// What <c>/health</c> answers: <c>ok</c>, or <c>degraded</c> with the reasons: the last write failed for a storage
/// reason (disk full, database read-only …), the database cannot be read, email due long ago is still waiting, a chat
/// message is still undelivered long after its event or was given up on in the last day, a background worker's last round failed, or timeline heads cannot be signed into the anchor file. Always 200 while the server answers at all: a degraded server still serves
/// reads, and restarting it (as an orchestrator does on a failing check) would not free a disk or fix a permission.
/// </summary>
public sealed class ServerHealth(Database database, WorkerHealth workers, SmtpSettings smtp, HealthSettings settings, TimeProvider time, TimelineAnchors anchors)
{
    /// <param name="Writes">Group commit since start (admins only): writes waiting now, transactions, and the writes they held.</param>
    public sealed record Report(string Status, int? Migrations, IReadOnlyList<HealthReason> Reasons,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] GroupCommitFigures? Writes);

    public Report Check()
    {
        var reasons = new List<HealthReason>();
        int? migrations = null;
        try
        {
            using var connection = database.Open();
            migrations = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM schema_migrations");
            if (smtp.IsConfigured && OutboxStuck(connection) is { } stuck) reasons.Add(stuck);
            reasons.AddRange(ChatUndelivered(connection));
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            reasons.Add(new HealthReason(StorageFailure.Of(exception)?.Code ?? "database-unreadable", $"the database cannot be read: {exception.Message}", time.GetUtcNow()));
        }
        if (database.Health.Current is { } storage)
            reasons.Add(new HealthReason(storage.Failure.Code, $"writes fail: {storage.Failure.Reason} ({storage.Error})", storage.Since));
        foreach (var failing in workers.Failing)
        {
            reasons.Add(new HealthReason("worker-failing",
                $"the {failing.Worker} worker failed {failing.InARow} times in a row, last at {failing.Last.ToString("u", CultureInfo.InvariantCulture)}: {failing.Error}", failing.Since));
        }
        if (anchors.LastFailure is { } unsigned)
            reasons.Add(new HealthReason("timeline-unsigned", $"timeline heads are not being signed: {unsigned.Reason}", unsigned.Since));
        return new Report(reasons.Count == 0 ? "ok" : "degraded", migrations, reasons, database.GroupCommit);
    }

    private HealthReason? OutboxStuck(System.Data.IDbConnection connection)
    {
        var oldestDue = Timestamps.ReadableOrNull(connection.ExecuteScalar<string?>("SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('queued', 'sending')"));
        var limit = TimeSpan.FromMinutes(settings.OutboxStuckAfterMinutes);
        return oldestDue is { } due && time.GetUtcNow() - due > limit
            ? new HealthReason("outbox-stuck", $"an email has been due since {due.ToString("u", CultureInfo.InvariantCulture)}, more than {settings.OutboxStuckAfterMinutes} minutes ago, and is not sent", due)
            : null;
    }

    /// <summary>
    /// Chat messages an enabled channel has not taken long after their event (retrying, or held by the platform's rate
    /// limit), and those given up on in the last day, each with the channels and the last answer, which say what to fix.
    /// </summary>
    private IEnumerable<HealthReason> ChatUndelivered(System.Data.IDbConnection connection)
    {
        var now = time.GetUtcNow();
        if (Undelivered(connection, "d.status IN ('queued', 'sending') AND d.created_at < @since", now - TimeSpan.FromMinutes(settings.ChatStuckAfterMinutes)) is { } waiting)
        {
            yield return new HealthReason("chat-stuck",
                $"chat messages still undelivered more than {settings.ChatStuckAfterMinutes} minutes after their event: {waiting.Detail}", waiting.Since);
        }
        if (Undelivered(connection, "d.status = 'failed' AND d.created_at >= @since", now - TimeSpan.FromDays(1)) is { } failed)
            yield return new HealthReason("chat-failed", $"chat messages given up on in the last day: {failed.Detail}", failed.Since);
    }

    /// <summary>Per channel: how many, since when, and the last answer of its latest such delivery.</summary>
    private static (string Detail, DateTimeOffset Since)? Undelivered(System.Data.IDbConnection connection, string condition, DateTimeOffset since)
    {
        var channels = connection.Query<(string Name, long Count, string Oldest, long Latest)>(
            $"""
            SELECT c.name, COUNT(*), MIN(d.created_at), MAX(d.id)
            FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id
            WHERE c.enabled = 1 AND {condition}
            GROUP BY c.name ORDER BY c.name
            """, new { since }).ToList();
        if (channels.Count == 0) return null;
        var answers = connection.Query<(long Id, string? LastError)>("SELECT id, last_error FROM chat_deliveries WHERE id IN @ids",
            new { ids = channels.Select(channel => channel.Latest).ToList() }).ToDictionary(row => row.Id, row => row.LastError);
        // A time that cannot be read (a damaged row) is said as such: /health must answer whatever is stored.
        var detail = string.Join("; ", channels.Select(channel =>
            $"'{channel.Name}' {channel.Count} since {Timestamps.ReadableOrNull(channel.Oldest)?.ToString("u", CultureInfo.InvariantCulture) ?? "an unreadable time"}"
            + (answers.GetValueOrDefault(channel.Latest) is { } answer ? $" (last answer: {answer})" : "")));
        return (detail, channels.Select(channel => Timestamps.ReadableOrNull(channel.Oldest)).Min() ?? since);
    }
}
