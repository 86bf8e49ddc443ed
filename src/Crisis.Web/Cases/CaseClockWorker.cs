using Crisis.Core.Cases;
using Crisis.Core.Cases.Import;
using Crisis.Core.Incidents;
using Crisis.Web.Health;

namespace Crisis.Web.Cases;

/// <summary>
/// Queues the emails about cases whose clock is running out or ran out (<see cref="CaseReminders"/>), and once a day
/// blanks the personal data of cases resolved longer ago than the retention setting and removes import files left
/// behind at their mapping step. Polls in real time; what is due is
/// decided by the app's TimeProvider, so tests move the clocks forward without sleeping. A failing round is retried
/// with backoff by <see cref="WorkerLoop"/> and never stops the server.
/// </summary>
public sealed class CaseClockWorker(CaseReminders reminders, CaseBook book, CaseSettings settings, CaseImportUploads uploads, TimeProvider time, WorkerHealth health,
    ILogger<CaseClockWorker> logger) : BackgroundService
{
    public const string Name = "case clocks";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromDays(1);
    private DateTimeOffset? _purgedAt;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new WorkerLoop(Name, PollInterval, health, logger).RunAsync((_, _) =>
        {
            // The purge runs even when the reminders fail, so retention never waits on an email.
            try
            {
                reminders.QueueDue();
            }
            finally
            {
                PurgeOnceADay();
            }
            return Task.CompletedTask;
        }, stoppingToken);

    /// <summary>At start, then a day after the last purge that went through; one that failed is tried again the next round.</summary>
    private void PurgeOnceADay()
    {
        var now = time.GetUtcNow();
        if (_purgedAt is { } last && now - last < PurgeEvery) return;
        var purged = book.PurgePersonalData(settings.Retention, new Actor(Actor.CrisisItself));
        uploads.RemoveExpired();
        if (purged > 0) logger.LogInformation("removed the customer's personal data from {Count} cases resolved more than {Retention} ago", purged, settings.Retention);
        _purgedAt = now;
    }
}
