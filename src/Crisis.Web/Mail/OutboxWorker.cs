using Crisis.Core.Communications;

namespace Crisis.Web.Mail;

/// <summary>
/// Queues the overdue-step reminders that have fallen due, then drains the outbox: claims due emails, sends each
/// through SMTP, and records the outcome. Polls in real time; what is due is decided by the app's TimeProvider, so tests
/// move deadlines and retries forward without sleeping.
/// </summary>
public sealed class OutboxWorker(Outbox outbox, Notifications notifications, SmtpDelivery delivery, SmtpSettings settings, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = outbox.RecoverInterrupted();
        if (recovered > 0) logger.LogWarning("{Count} emails were being sent when the process stopped; trying them again with the same Message-Id", recovered);
        if (!settings.IsConfigured) logger.LogWarning("no SMTP server configured (Crisis:Smtp:Host): approved emails wait in the outbox");
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueReminders();
            if (settings.IsConfigured) await SendDue(stoppingToken);
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

    private void QueueReminders()
    {
        try
        {
            notifications.QueueOverdue();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A busy or briefly unavailable database must not stop email delivery; the next poll tries again.
            logger.LogError(exception, "could not queue overdue-step reminders");
        }
    }

    private async Task SendDue(CancellationToken stoppingToken)
    {
        foreach (var email in outbox.ClaimDue())
        {
            if (stoppingToken.IsCancellationRequested) return; // left claimed; recovered at the next start
            try
            {
                outbox.MarkSent(email, await delivery.SendAsync(email, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("email {MessageId} to {Recipient} failed: {Error}", email.SmtpMessageId, email.Recipient, SmtpDelivery.Describe(exception));
                outbox.MarkFailed(email, SmtpDelivery.Describe(exception));
            }
        }
    }
}
