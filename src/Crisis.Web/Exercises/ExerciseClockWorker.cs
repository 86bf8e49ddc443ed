using Crisis.Core.Exercises;

namespace Crisis.Web.Exercises;

/// <summary>
/// Releases injects whose exercise time has come. Polls in real time; the exercise clock reads the app's TimeProvider,
/// so tests run accelerated and paused exercises without sleeping.
/// </summary>
public sealed class ExerciseClockWorker(ScheduledInjects injects, ILogger<ExerciseClockWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                injects.ReleaseDue();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A busy database must not stop the clock; the next poll releases what is due.
                logger.LogError(exception, "could not release exercise injects");
            }
            try
            {
                await Task.Delay(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
