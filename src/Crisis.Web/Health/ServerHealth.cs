using System.Globalization;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Web.Health;

/// <summary><c>Crisis:Health</c>: when waiting email counts as stuck.</summary>
public sealed class HealthSettings
{
    public int OutboxStuckAfterMinutes { get; init; } = 15;
}

/// <summary>One reason the server is degraded: a short code for monitors, what is wrong, and since when.</summary>
public sealed record HealthReason(string Code, string Detail, DateTimeOffset Since);

/// <summary>
/// What <c>/health</c> answers: <c>ok</c>, or <c>degraded</c> with the reasons: the last write failed for a storage
/// reason (disk full, database read-only …), the database cannot be read, email due long ago is still waiting, a
/// background worker's last round failed, or timeline heads cannot be signed into the anchor file. Always 200 while the server answers at all: a degraded server still serves
/// reads, and restarting it (as an orchestrator does on a failing check) would not free a disk or fix a permission.
/// </summary>
public sealed class ServerHealth(Database database, WorkerHealth workers, SmtpSettings smtp, HealthSettings settings, TimeProvider time, TimelineAnchors anchors)
{
    public sealed record Report(string Status, int? Migrations, IReadOnlyList<HealthReason> Reasons);

    public Report Check()
    {
        var reasons = new List<HealthReason>();
        int? migrations = null;
        try
        {
            using var connection = database.Open();
            migrations = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM schema_migrations");
            if (smtp.IsConfigured && OutboxStuck(connection) is { } stuck) reasons.Add(stuck);
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
        return new Report(reasons.Count == 0 ? "ok" : "degraded", migrations, reasons);
    }

    private HealthReason? OutboxStuck(System.Data.IDbConnection connection)
    {
        var oldestDue = Timestamps.ParseOrNull(connection.ExecuteScalar<string?>("SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('queued', 'sending')"));
        var limit = TimeSpan.FromMinutes(settings.OutboxStuckAfterMinutes);
        return oldestDue is { } due && time.GetUtcNow() - due > limit
            ? new HealthReason("outbox-stuck", $"an email has been due since {due.ToString("u", CultureInfo.InvariantCulture)}, more than {settings.OutboxStuckAfterMinutes} minutes ago, and is not sent", due)
            : null;
    }
}
