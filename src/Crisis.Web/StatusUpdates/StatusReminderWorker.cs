using Crisis.Core.StatusUpdates;
using Crisis.Web.Health;

namespace Crisis.Web.StatusUpdates;

/// <summary>
/// Reminds commanders of status updates that are due (<see cref="StatusReminders"/>). Polls in real time; what is due is
/// decided by the app's TimeProvider, so tests move the clock forward without sleeping. A failing round is retried with
/// backoff by <see cref="WorkerLoop"/> and never stops the server.
/// </summary>
public sealed class StatusReminderWorker(StatusReminders reminders, WorkerHealth health, ILogger<StatusReminderWorker> logger) : BackgroundService
{
    public const string Name = "status update reminders";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new WorkerLoop(Name, PollInterval, health, logger).RunAsync((_, _) =>
        {
            reminders.Remind();
            return Task.CompletedTask;
        }, stoppingToken);
}
