using Crisis.Core.Communications;

namespace Crisis.Web.Mail;

/// <summary>
/// Drains the outbox: claims due emails, sends each through SMTP, and records the outcome. Polls in real time;
/// when an email is due is decided by the app's TimeProvider, so tests move retries forward without sleeping.
/// </summary>
public sealed class OutboxWorker(Outbox outbox, SmtpDelivery delivery, SmtpSettings settings, ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = outbox.RecoverInterrupted();
        if (recovered > 0) logger.LogWarning("{Count} emails were being sent when the process stopped; trying them again with the same Message-Id", recovered);
        if (!settings.IsConfigured) logger.LogWarning("no SMTP server configured (Crisis:Smtp:Host): approved emails wait in the outbox");
        while (!stoppingToken.IsCancellationRequested)
        {
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
