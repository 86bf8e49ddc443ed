using Crisis.Core.FollowUps;
using Crisis.Web.Health;

namespace Crisis.Web.FollowUps;

/// <summary>
/// Queues the reminders about follow-ups near or past their due date (<see cref="FollowUpReminders"/>). Polls in real
/// time; what is due is decided by the app's TimeProvider, so tests move the clock forward without sleeping. A failing
/// round is retried with backoff by <see cref="WorkerLoop"/> and never stops the server.
/// </summary>
public sealed class FollowUpReminderWorker(FollowUpReminders reminders, WorkerHealth health, ILogger<FollowUpReminderWorker> logger) : BackgroundService
{
    public const string Name = "follow-up reminders";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new WorkerLoop(Name, PollInterval, health, logger).RunAsync((_, _) =>
        {
            reminders.QueueDue();
            return Task.CompletedTask;
        }, stoppingToken);
}
