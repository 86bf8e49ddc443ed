using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Web.Health;

namespace Crisis.Web.Chat;

/// <summary>
/// Drains the chat outbox: claims due deliveries, posts each to its channel in the platform's format, and records what
/// the platform answered. Each channel is sent to on its own, in order within the channel, so a channel whose address
/// answers slowly or never (up to the client's timeout) holds up only its own messages: a round claims nothing for a
/// channel still sending. A robot is posted to no faster than its platform allows (<see cref="ChatRateLimits"/>, by
/// address); a delivery over that, or one the platform refused as too many, waits for the window without spending an
/// attempt. Like every worker it runs in a <see cref="WorkerLoop"/>, so no failure stops the server.
/// </summary>
public sealed class ChatWorker(ChatOutbox outbox, IHttpClientFactory clients, NotificationSettings settings, TimeProvider time, WorkerHealth health,
    ILogger<ChatWorker> logger) : BackgroundService
{
    public const string Name = "chat";
    public const string HttpClientName = "chat";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly ChatRateLimits _limits = new(time);
    /// <summary>Each channel still sending what a round claimed for it.</summary>
    private readonly ConcurrentDictionary<long, Task> _sending = new();
    /// <summary>The deliveries claimed and not yet recorded: a recovery leaves them alone.</summary>
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private Exception? _unrecorded;
    private bool _recovered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await new WorkerLoop(Name, PollInterval, health, logger).RunAsync(Round, stoppingToken);
        }
        finally
        {
            // What is still being sent finishes or is cancelled; what it claimed and did not record is recovered at the next start.
            await Task.WhenAll(_sending.Values).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Task Round(bool previousRoundFailed, CancellationToken stoppingToken)
    {
        foreach (var (channel, task) in _sending)
        {
            if (task.IsCompleted) _sending.TryRemove(channel, out _);
        }
        if (Interlocked.Exchange(ref _unrecorded, null) is { } unrecorded)
            throw new InvalidOperationException("a chat delivery's answer could not be recorded: " + unrecorded.Message, unrecorded);
        // The only sender on the database: anything still 'sending' and not in flight here was claimed by a send that could not record it.
        if (!_recovered || previousRoundFailed)
        {
            var recovered = outbox.RecoverInterrupted(_inFlight.Keys.ToList());
            if (recovered > 0) logger.LogWarning("{Count} chat deliveries were being sent when sending stopped; sending them again with the same event id", recovered);
            _recovered = true;
        }
        foreach (var channel in outbox.ClaimDue(busyChannels: _sending.Keys.ToList()).GroupBy(delivery => delivery.ChannelId))
        {
            var deliveries = channel.ToList();
            foreach (var delivery in deliveries) _inFlight[delivery.Id] = 0;
            _sending[channel.Key] = Task.Run(() => SendInOrder(deliveries, stoppingToken), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    /// <summary>One channel's claimed deliveries, one after another.</summary>
    private async Task SendInOrder(IReadOnlyList<ChatDelivery> deliveries, CancellationToken stoppingToken)
    {
        foreach (var delivery in deliveries)
        {
            if (stoppingToken.IsCancellationRequested) return; // left claimed; recovered at the next start
            try
            {
                var wait = _limits.Take(delivery.Url, ChatPlatforms.Rate(delivery.Kind));
                if (wait > TimeSpan.Zero)
                    outbox.Postpone(delivery, time.GetUtcNow() + wait, ChatOutcomes.HeldBack, $"held back for {delivery.ChannelName}'s rate limit");
                else
                    await Send(delivery, stoppingToken);
                _inFlight.TryRemove(delivery.Id, out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The answer could not be recorded (a read-only disk, say): the next round reports it and puts the row back.
                _inFlight.TryRemove(delivery.Id, out _);
                _unrecorded = exception;
            }
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
            var outcome = exception is TaskCanceledException or TimeoutException ? ChatOutcomes.Timeout : ChatOutcomes.Unreachable;
            outbox.MarkFailed(delivery, outcome, exception.Message, null, null);
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
                _limits.Hold(delivery.Url, reply.RetryAfter);
                outbox.Postpone(delivery, time.GetUtcNow() + reply.RetryAfter, ChatOutcomes.TooMany, reply.Description, status, body);
                break;
            default:
                logger.LogWarning("chat delivery {EventId} to {Channel} was refused: {Reply}", delivery.EventId, delivery.ChannelName, reply.Description);
                outbox.MarkFailed(delivery, reply.Recognised ? ChatOutcomes.Refused : ChatOutcomes.Unrecognised, reply.Description, status, body);
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

/// <summary>
/// How many messages each robot was sent in the last minute (and second), by its address, so two channels set up with
/// the same robot share its limit; and a hold after the platform said it gets too many. A rolling window: at most
/// <see cref="ChatRate.PerMinute"/> in any 60 seconds, however the sends fall. Safe to use from several channels' sends at once.
/// </summary>
public sealed class ChatRateLimits(TimeProvider time)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, (Queue<DateTimeOffset> Sent, DateTimeOffset HeldUntil)> _robots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Counts a message to <paramref name="address"/> now if the window has room: zero; else how long until it will have.</summary>
    public TimeSpan Take(string address, ChatRate rate)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!_robots.TryGetValue(address, out var robot)) _robots[address] = robot = (new Queue<DateTimeOffset>(), now);
            if (robot.HeldUntil > now) return robot.HeldUntil - now;
            while (robot.Sent.Count > 0 && robot.Sent.Peek() <= now - Minute) robot.Sent.Dequeue();
            var wait = TimeSpan.Zero;
            if (robot.Sent.Count >= rate.PerMinute)
                wait = robot.Sent.ElementAt(robot.Sent.Count - rate.PerMinute) + Minute - now;
            if (rate.PerSecond is { } perSecond && robot.Sent.Count >= perSecond)
            {
                var bySecond = robot.Sent.ElementAt(robot.Sent.Count - perSecond) + Second - now;
                if (bySecond > wait) wait = bySecond;
            }
            if (wait > TimeSpan.Zero) return wait;
            robot.Sent.Enqueue(now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Sends nothing more to <paramref name="address"/> for <paramref name="wait"/>: the platform counts more than we do
    /// (another sender uses the robot too), so its window restarts after the hold.
    /// </summary>
    public void Hold(string address, TimeSpan wait)
    {
        lock (_lock)
        {
            _robots[address] = (new Queue<DateTimeOffset>(), time.GetUtcNow() + wait);
        }
    }
}
