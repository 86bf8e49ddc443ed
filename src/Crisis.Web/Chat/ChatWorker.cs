using System.Net.Http.Headers;
using System.Text;
using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Web.Health;

namespace Crisis.Web.Chat;

/// <summary>
/// Drains the chat outbox: claims due deliveries, posts each to its channel in the platform's format, and records what
/// the platform answered. A channel is posted to no faster than its platform allows (<see cref="ChatRateLimits"/>);
/// a delivery over that, or one the platform refused as too many, waits for the window without spending an attempt.
/// Like every worker it runs in a <see cref="WorkerLoop"/>, so no failure stops the server.
/// </summary>
public sealed class ChatWorker(ChatOutbox outbox, IHttpClientFactory clients, NotificationSettings settings, TimeProvider time, WorkerHealth health,
    ILogger<ChatWorker> logger) : BackgroundService
{
    public const string Name = "chat";
    public const string HttpClientName = "chat";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly ChatRateLimits _limits = new(time);
    private bool _recovered;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new WorkerLoop(Name, PollInterval, health, logger).RunAsync(Round, stoppingToken);

    private async Task Round(bool previousRoundFailed, CancellationToken stoppingToken)
    {
        // The only sender on the database: anything still 'sending' was claimed by a round that could not record it.
        if (!_recovered || previousRoundFailed)
        {
            var recovered = outbox.RecoverInterrupted();
            if (recovered > 0) logger.LogWarning("{Count} chat deliveries were being sent when sending stopped; sending them again with the same event id", recovered);
            _recovered = true;
        }
        foreach (var delivery in outbox.ClaimDue())
        {
            if (stoppingToken.IsCancellationRequested) return; // left claimed; recovered at the next start
            var wait = _limits.Take(delivery.ChannelId, ChatPlatforms.Rate(delivery.Kind));
            if (wait > TimeSpan.Zero)
            {
                outbox.Postpone(delivery, time.GetUtcNow() + wait, $"held back for {delivery.ChannelName}'s rate limit");
                continue;
            }
            await Send(delivery, stoppingToken);
        }
    }

    private async Task Send(ChatDelivery delivery, CancellationToken stoppingToken)
    {
        int status;
        string body;
        TimeSpan? retryAfter;
        try
        {
            (status, body, retryAfter) = await Post(delivery, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // Unreachable, timed out, or a channel whose stored address cannot be posted to: this delivery fails, the others go on.
            logger.LogWarning("chat delivery {EventId} to {Channel} failed: {Error}", delivery.EventId, delivery.ChannelName, exception.Message);
            outbox.MarkFailed(delivery, exception.Message, null, null);
            return;
        }
        var reply = ChatPlatforms.Read(delivery.Kind, status, body, retryAfter);
        switch (reply.Outcome)
        {
            case ChatOutcome.Delivered:
                outbox.MarkDelivered(delivery, status, body);
                break;
            case ChatOutcome.RateLimited:
                logger.LogWarning("{Channel} is receiving too many messages; {EventId} waits {Wait}", delivery.ChannelName, delivery.EventId, reply.RetryAfter);
                _limits.Hold(delivery.ChannelId, reply.RetryAfter);
                outbox.Postpone(delivery, time.GetUtcNow() + reply.RetryAfter, reply.Description, status, body);
                break;
            default:
                logger.LogWarning("chat delivery {EventId} to {Channel} was refused: {Reply}", delivery.EventId, delivery.ChannelName, reply.Description);
                outbox.MarkFailed(delivery, reply.Description, status, body);
                break;
        }
    }

    private async Task<(int Status, string Body, TimeSpan? RetryAfter)> Post(ChatDelivery delivery, CancellationToken stoppingToken)
    {
        var request = ChatPlatforms.Build(delivery, ChatMessages.Compose(delivery.Event, settings.PublicUrl), time.GetUtcNow(), settings.PublicUrl);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new StringContent(request.Body, Encoding.UTF8, new MediaTypeHeaderValue(request.ContentType) { CharSet = "utf-8" }),
        };
        foreach (var (name, value) in request.Headers) message.Headers.Add(name, value);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(message, stoppingToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(stoppingToken), RetryAfter(response));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}

/// <summary>A token bucket per channel, refilled at the platform's rate, and a hold after the platform said it gets too many.</summary>
public sealed class ChatRateLimits(TimeProvider time)
{
    private readonly Dictionary<long, (double Tokens, DateTimeOffset At, DateTimeOffset HeldUntil)> _buckets = [];

    /// <summary>Takes a token for <paramref name="channel"/>: zero if one was there, else how long until one will be.</summary>
    public TimeSpan Take(long channel, ChatRate rate)
    {
        var now = time.GetUtcNow();
        var (tokens, at, heldUntil) = _buckets.GetValueOrDefault(channel, (rate.Burst, now, now));
        if (heldUntil > now) return heldUntil - now;
        var perSecond = rate.PerMinute / 60.0;
        tokens = Math.Min(rate.Burst, tokens + (now - at).TotalSeconds * perSecond);
        if (tokens < 1)
        {
            _buckets[channel] = (tokens, now, heldUntil);
            return TimeSpan.FromSeconds((1 - tokens) / perSecond);
        }
        _buckets[channel] = (tokens - 1, now, heldUntil);
        return TimeSpan.Zero;
    }

    /// <summary>Sends nothing more to <paramref name="channel"/> for <paramref name="wait"/>, then one message, and the rest as the bucket refills.</summary>
    public void Hold(long channel, TimeSpan wait)
    {
        var until = time.GetUtcNow() + wait;
        _buckets[channel] = (1, until, until);
    }
}
