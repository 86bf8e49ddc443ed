using Crisis.Core.Exercises;
using Crisis.Web.Health;

namespace Crisis.Web.Exercises;

/// <summary>
/// Releases injects whose exercise time has come. Polls in real time; the exercise clock reads the app's TimeProvider,
/// so tests run accelerated and paused exercises without sleeping. A failing round is retried with backoff.
/// </summary>
public sealed class ExerciseClockWorker(ScheduledInjects injects, WorkerHealth health, ILogger<ExerciseClockWorker> logger) : BackgroundService
{
    public const string Name = "exercise clock";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new WorkerLoop(Name, PollInterval, health, logger).RunAsync((_, _) =>
        {
            injects.ReleaseDue();
            return Task.CompletedTask;
        }, stoppingToken);
}
