using Crisis.Core.Signals;
using Crisis.Web.Health;

namespace Crisis.Web.Signals;

/// <summary>
/// Runs the early-warning evaluation over the cases and alerts stored since its last pass: at once when new cases (from a
/// form, the API, an import or a webhook) or a monitoring alert wake it (<see cref="SignalWake.Wake"/>), and every
/// <see cref="PollInterval"/> besides. A failing pass is retried with backoff and never stops the server.
/// </summary>
public sealed class EarlyWarningWorker(EarlyWarning evaluation, SignalWake wake, WorkerHealth health, ILogger<EarlyWarningWorker> logger) : BackgroundService
{
    public const string Name = "early warning";
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new WorkerLoop(Name, PollInterval, health, logger, wake.WaitAsync).RunAsync((_, _) =>
        {
            var pass = evaluation.EvaluateAll();
            if (pass.Raised > 0) logger.LogInformation("early warning raised {Raised} signals and extended {Extended} from {Cases} cases and {Alerts} alerts",
                pass.Raised, pass.Extended, pass.Cases, pass.Alerts);
            return Task.CompletedTask;
        }, stoppingToken);
}
