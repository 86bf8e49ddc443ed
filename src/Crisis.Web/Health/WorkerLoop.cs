using System.Collections.Concurrent;

namespace Crisis.Web.Health;

/// <summary>Which background workers are failing, since when and with what error, for <c>/health</c>.</summary>
public sealed class WorkerHealth(TimeProvider time)
{
    public sealed record Failure(string Worker, string Error, DateTimeOffset Since, DateTimeOffset Last, int InARow);

    private readonly ConcurrentDictionary<string, Failure> _failing = new();

    public IReadOnlyList<Failure> Failing => _failing.Values.OrderBy(failure => failure.Worker, StringComparer.Ordinal).ToList();

    public Failure Failed(string worker, Exception exception)
    {
        var now = time.GetUtcNow();
        return _failing.AddOrUpdate(worker,
            _ => new Failure(worker, exception.Message, now, now, 1),
            (_, previous) => previous with { Error = exception.Message, Last = now, InARow = previous.InARow + 1 });
    }

    public void Succeeded(string worker) => _failing.TryRemove(worker, out _);
}

/// <summary>
/// The loop every background worker runs: one round every poll interval; a round that throws is logged, shown on
/// <c>/health</c> and tried again after a growing delay (doubling, at most <see cref="LongestBackoff"/>), so no error,
/// a full disk or a read-only database included, ever ends the worker or stops the host.
/// </summary>
/// <param name="pause">How the loop waits between rounds, if not simply for the time given: a worker that can be woken
/// early waits on its wake-up as well.</param>
public sealed class WorkerLoop(string worker, TimeSpan pollInterval, WorkerHealth health, ILogger logger, Func<TimeSpan, CancellationToken, Task>? pause = null)
{
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);

    public TimeSpan Backoff(int failuresInARow) =>
        TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, pollInterval.Ticks * (1L << Math.Clamp(failuresInARow, 0, 30))));

    /// <param name="round">One round of work; it gets whether the previous round failed, to recover what that left.</param>
    public async Task RunAsync(Func<bool, CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round(failuresInARow > 0, stoppingToken);
                if (failuresInARow > 0) logger.LogInformation("{Worker} works again after {Failures} failed rounds", worker, failuresInARow);
                failuresInARow = 0;
                health.Succeeded(worker);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failuresInARow = health.Failed(worker, exception).InARow;
                logger.LogError(exception, "{Worker} failed ({Failures} in a row); trying again in {Delay}", worker, failuresInARow, Backoff(failuresInARow));
            }
            try
            {
                await (pause ?? Task.Delay)(failuresInARow == 0 ? pollInterval : Backoff(failuresInARow), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
