using Crisis.Core.Communications;
using Crisis.Web.Health;

namespace Crisis.Web.Mail;

/// <summary>
/// Queues the overdue-step reminders that have fallen due, then drains the outbox: claims due emails, sends each
/// through SMTP, and records the outcome. Polls in real time; what is due is decided by the app's TimeProvider, so tests
/// move deadlines and retries forward without sleeping. A failing round (a full disk, a read-only database) is retried
/// with backoff by <see cref="WorkerLoop"/> and never stops the server.
/// </summary>
public sealed class OutboxWorker(Outbox outbox, Notifications notifications, SmtpDelivery delivery, SmtpSettings settings, WorkerHealth health, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    public const string Name = "outbox";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private bool _recovered;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.IsConfigured) logger.LogWarning("no SMTP server configured (Crisis:Smtp:Host): approved emails wait in the outbox");
        return new WorkerLoop(Name, PollInterval, health, logger).RunAsync(Round, stoppingToken);
    }

    private async Task Round(bool previousRoundFailed, CancellationToken stoppingToken)
    {
        // This worker is the only sender on the database (one server per file), so after a failed round any email
        // still 'sending' is one that round claimed and could not record: it is due again, with the same Message-Id.
        if (!_recovered || previousRoundFailed) RecoverInterrupted();
        Exception? reminderFailure = null;
        try
        {
            notifications.QueueOverdue();
        }
        catch (Exception exception)
        {
            // Reminders failing must not hold up email delivery; the round still counts as failed.
            reminderFailure = exception;
        }
        if (settings.IsConfigured) await SendDue(stoppingToken);
        if (reminderFailure is not null) throw new InvalidOperationException($"could not queue overdue-step reminders: {reminderFailure.Message}", reminderFailure);
    }

    private void RecoverInterrupted()
    {
        var recovered = outbox.RecoverInterrupted();
        if (recovered > 0) logger.LogWarning("{Count} emails were being sent when sending stopped; trying them again with the same Message-Id", recovered);
        _recovered = true;
    }

    private async Task SendDue(CancellationToken stoppingToken)
    {
        foreach (var email in outbox.ClaimDue())
        {
            if (stoppingToken.IsCancellationRequested) return; // left claimed; recovered at the next start
            string reply;
            try
            {
                reply = await delivery.SendAsync(email, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("email {MessageId} to {Recipient} failed: {Error}", email.SmtpMessageId, email.Recipient, SmtpDelivery.Describe(exception));
                outbox.MarkFailed(email, SmtpDelivery.Describe(exception));
                continue;
            }
            outbox.MarkSent(email, reply);
        }
    }
}
