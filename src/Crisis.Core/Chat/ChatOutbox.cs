using System.Data;
using System.Text.Json;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Chat;

/// <summary>
/// What happened, as a chat message or a webhook tells it: facts already in the incident's language (a role's title,
/// a person's name, a step's text), never a customer's details. The link is made when it is sent, from the public address.
/// </summary>
public sealed record ChatEvent
{
    public required string Kind { get; init; }
    public string? IncidentKey { get; init; }
    public required string Title { get; init; }
    public int? Severity { get; init; }
    public required string Language { get; init; }
    public bool IsExercise { get; init; }
    /// <summary>Where in Crisis it is seen, such as /incidents/INC-2026-0001.</summary>
    public required string Path { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>The facts of this kind of event, by name (see <see cref="ChatMessages"/>).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// What a delivery's last attempt came to, stored as a short code (<c>chat_deliveries.outcome</c>) that the delivery log
/// says in the reader's language (<c>chat-outcome:{code}</c>); the platform's own answer is kept beside it as it came.
/// </summary>
public static class ChatOutcomes
{
    /// <summary>The platform answered, but not that it took the message (a bad signature, a wrong key, an HTTP error).</summary>
    public const string Refused = "refused";
    /// <summary>An answer the platform does not give: not its JSON, or no error code in it.</summary>
    public const string Unrecognised = "unrecognised";
    /// <summary>The platform said it gets too many messages; waits for its window.</summary>
    public const string TooMany = "too-many";
    /// <summary>Held back by Crisis's own limit for the robot, before sending.</summary>
    public const string HeldBack = "held-back";
    /// <summary>No answer within the time Crisis waits for one.</summary>
    public const string Timeout = "timeout";
    /// <summary>The address could not be reached (refused connection, unknown host) or cannot be posted to.</summary>
    public const string Unreachable = "unreachable";
    /// <summary>The stored event cannot be read.</summary>
    public const string Unreadable = "unreadable";
    /// <summary>The channel was switched off while the delivery waited: it is not sent.</summary>
    public const string ChannelOff = "channel-off";

    public static readonly IReadOnlyList<string> All = [Refused, Unrecognised, TooMany, HeldBack, Timeout, Unreachable, Unreadable, ChannelOff];
}

/// <summary>The statuses the delivery log can be filtered by: waiting is queued or being sent.</summary>
public static class ChatLogStatuses
{
    public const string Failed = "failed";
    public const string Waiting = "waiting";
    public const string Delivered = "delivered";
    public const string Dropped = "dropped";

    public static readonly IReadOnlyList<string> All = [Failed, Waiting, Delivered, Dropped];
}

/// <summary>Which page of the delivery log to read: one channel's or all, one status or all.</summary>
public sealed record ChatLogFilter(long? ChannelId = null, string? Status = null, int Page = 1, int PageSize = ChatLogFilter.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
}

/// <summary>One page of the delivery log, and how many lines the filter matches in all.</summary>
public sealed record ChatLogPage(IReadOnlyList<ChatDeliveryLine> Lines, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One event for one channel, claimed for one attempt.</summary>
public sealed record ChatDelivery(long Id, long ChannelId, string ChannelName, string Kind, string Url, string Secret, string EventId, ChatEvent Event, int Attempts);

/// <summary>A line of the delivery log an admin reads; times as stored, read with <see cref="Timestamps.ParseOrNull"/>.</summary>
public sealed class ChatDeliveryLine
{
    public long Id { get; init; }
    public string Channel { get; init; } = "";
    /// <summary>The channel's kind (<see cref="ChatKinds"/>).</summary>
    public string Kind { get; init; } = "";
    public string EventKind { get; init; } = "";
    public string? IncidentKey { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    /// <summary>What the last attempt came to (<see cref="ChatOutcomes"/>); none for a delivery logged before outcomes were kept.</summary>
    public string? Outcome { get; init; }
    public int? ResponseStatus { get; init; }
    public string? ResponseBody { get; init; }
    public string? NextAttemptAt { get; init; }
    public string? DeliveredAt { get; init; }
    public string? CreatedAt { get; init; }

    /// <summary>
    /// A failed or dropped delivery can be sent again, and a delivered one only to a webhook, whose receiver recognises
    /// the event id: a robot would post it to the group a second time.
    /// </summary>
    public bool CanSendAgain => ChatOutbox.CanSendAgain(Status, Kind);
}

/// <summary>
/// The durable queue between a change and the chat platforms, as the email outbox is: each event for each channel is a
/// row written in the transaction of the change that caused it, claimed before each attempt and marked delivered only
/// after the platform answered that it took it. A crash between the platform's answer and our commit leaves the row
/// claimed; it is sent again at the next start (at least once there; a webhook's receiver recognises it by its event id).
/// </summary>
public sealed class ChatOutbox(Database database, TimeProvider time)
{
    public const int MaxAttempts = Communications.Outbox.MaxAttempts;
    private const int ResponseKept = 500;

    /// <summary>
    /// Queues <paramref name="chatEvent"/> for every enabled channel that should hear of it: the team channels subscribed
    /// to its kind, and the channel the incident's commander picked. An exercise's events go only to exercise channels,
    /// a real incident's only to the others.
    /// </summary>
    internal static void Enqueue(IDbConnection connection, IDbTransaction transaction, long? incidentId, ChatEvent chatEvent) =>
        Enqueue(connection, transaction, incidentId, chatEvent.Kind, chatEvent.IsExercise, chatEvent.At, _ => chatEvent);

    /// <summary>
    /// Queues an event that belongs to no incident's language (an early-warning signal) for the team channels subscribed
    /// to <paramref name="kind"/>, each told it in the channel's own language.
    /// </summary>
    internal static void Enqueue(IDbConnection connection, IDbTransaction transaction, string kind, DateTimeOffset at, Func<string, ChatEvent> inLanguage) =>
        Enqueue(connection, transaction, null, kind, false, at, inLanguage);

    private static void Enqueue(IDbConnection connection, IDbTransaction transaction, long? incidentId, string kind, bool isExercise, DateTimeOffset at,
        Func<string, ChatEvent> inLanguage)
    {
        var channels = connection.Query<(long Id, string Events, string Language)>(
            """
            SELECT id, events, language FROM chat_channels
            WHERE enabled = 1 AND is_exercise = @isExercise
              AND (is_team = 1 OR id = (SELECT chat_channel_id FROM incidents WHERE id = @incidentId))
            """, new { isExercise, incidentId }, transaction);
        var told = new Dictionary<string, string>();
        foreach (var channel in channels)
        {
            var events = ChatChannels.StoredEvents(channel.Events);
            if (events.Count > 0 && !events.Contains(kind)) continue;
            if (!told.TryGetValue(channel.Language, out var json))
                told[channel.Language] = json = JsonSerializer.Serialize(inLanguage(channel.Language), ChatEvent.Json);
            connection.Execute(
                """
                INSERT INTO chat_deliveries (channel_id, event_id, event_kind, incident_id, event, status, next_attempt_at, created_at)
                VALUES (@channel, @eventId, @kind, @incidentId, @json, 'queued', @at, @at)
                """, new { channel = channel.Id, eventId = Guid.NewGuid().ToString(), kind, incidentId, json, at }, transaction);
        }
    }

    /// <summary>
    /// Rows left 'sending' by a process that died (or by a send whose answer could not be recorded) are due again, with the
    /// same event id; those of a channel switched off meanwhile are dropped. <paramref name="inFlight"/> are being sent now and stay as they are.
    /// </summary>
    public int RecoverInterrupted(IReadOnlyCollection<long>? inFlight = null) =>
        database.InTransaction((connection, transaction) =>
        {
            var recovered = connection.Execute("UPDATE chat_deliveries SET status = 'queued' WHERE status = 'sending' AND id NOT IN @inFlight",
                new { inFlight = inFlight ?? [] }, transaction);
            DropWaiting(connection, transaction, null);
            return recovered;
        });

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for one attempt each, oldest first. Whether any is due is read
    /// first, outside a write transaction, so an idle worker neither takes the write lock nor fails while the disk is read-only;
    /// what waits for a switched-off channel is not due.
    /// </summary>
    public IReadOnlyList<ChatDelivery> ClaimDue(int limit = 20, IReadOnlyCollection<long>? busyChannels = null)
    {
        var now = Timestamps.Format(time.GetUtcNow());
        var busy = busyChannels ?? [];
        using (var reader = database.Open())
        {
            if (!reader.ExecuteScalar<bool>(
                    """
                    SELECT EXISTS (SELECT 1 FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id
                                   WHERE d.status = 'queued' AND d.next_attempt_at <= @now AND c.enabled = 1 AND c.id NOT IN @busy)
                    """, new { now, busy }))
                return [];
        }
        return database.InTransaction((connection, transaction) =>
        {
            var due = connection.Query<(long Id, long ChannelId, string Name, string Kind, string Url, string Secret, string EventId, string Event, int Attempts)>(
                """
                SELECT d.id, c.id, c.name, c.kind, c.url, c.secret, d.event_id, d.event, d.attempts
                FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id
                WHERE d.status = 'queued' AND d.next_attempt_at <= @now AND c.enabled = 1 AND c.id NOT IN @busy
                ORDER BY d.next_attempt_at, d.id LIMIT @limit
                """, new { now, limit, busy }, transaction).ToList();
            var claimed = new List<ChatDelivery>();
            foreach (var row in due)
            {
                connection.Execute("UPDATE chat_deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = @Id", new { row.Id }, transaction);
                if (Read(row.Event) is { } chatEvent)
                    claimed.Add(new ChatDelivery(row.Id, row.ChannelId, row.Name, row.Kind, row.Url, row.Secret, row.EventId, chatEvent, row.Attempts + 1));
                else
                    Settle(connection, transaction, row.Id, "failed", ChatOutcomes.Unreadable, "the stored event cannot be read", null, null, time.GetUtcNow());
            }
            return (IReadOnlyList<ChatDelivery>)claimed;
        });
    }

    public void MarkDelivered(ChatDelivery delivery, int status, string body) =>
        database.InTransaction((connection, transaction) =>
            connection.Execute(
                """
                UPDATE chat_deliveries SET status = 'delivered', delivered_at = @now, last_error = NULL, outcome = NULL, response_status = @status, response_body = @body
                WHERE id = @Id
                """, new { now = time.GetUtcNow(), status, body = Kept(body), delivery.Id }, transaction));

    /// <summary>Schedules the next attempt with the email outbox's backoff, or gives up after <see cref="MaxAttempts"/>, keeping the answer.</summary>
    /// <remarks><paramref name="outcome"/> is what the page says (<see cref="ChatOutcomes"/>); <paramref name="error"/> the English line /health and the log read.</remarks>
    public void MarkFailed(ChatDelivery delivery, string outcome, string error, int? status, string? body)
    {
        var now = time.GetUtcNow();
        var final = delivery.Attempts >= MaxAttempts;
        database.InTransaction((connection, transaction) =>
        {
            Settle(connection, transaction, delivery.Id, final ? "failed" : "queued", outcome, error, status, body, now + Communications.Outbox.Backoff(delivery.Attempts));
            return DropWaiting(connection, transaction, delivery.ChannelId); // switched off while this was being sent
        });
    }

    /// <summary>
    /// Puts a delivery back without spending an attempt, due at <paramref name="until"/>: the platform said it gets too
    /// many messages, or our own limit for the channel is used up.
    /// </summary>
    public void Postpone(ChatDelivery delivery, DateTimeOffset until, string outcome, string error, int? status = null, string? body = null) =>
        database.InTransaction((connection, transaction) =>
            connection.Execute(
                """
                UPDATE chat_deliveries SET status = 'queued', attempts = attempts - 1, next_attempt_at = @until, outcome = @outcome, last_error = @error,
                    response_status = COALESCE(@status, response_status), response_body = COALESCE(@body, response_body)
                WHERE id = @Id
                """, new { until, outcome, error, status, body = body is null ? null : Kept(body), delivery.Id }, transaction)
            + DropWaiting(connection, transaction, delivery.ChannelId));

    /// <summary>Whether a delivery in <paramref name="status"/> to a channel of <paramref name="kind"/> may be sent again (see <see cref="ChatDeliveryLine.CanSendAgain"/>).</summary>
    public static bool CanSendAgain(string status, string kind) => status is "failed" or "dropped" || (status == "delivered" && kind == ChatKinds.Webhook);

    /// <summary>
    /// A delivery that failed for good, or was dropped when its channel was switched off, is sent again with the same
    /// event id; a delivered one only to a webhook, whose receiver recognises the id (a robot would post it twice).
    /// </summary>
    public void SendAgain(long id) =>
        database.InTransaction((connection, transaction) =>
        {
            var delivery = connection.QuerySingleOrDefault<(string Status, string Kind, bool Enabled)>(
                "SELECT d.status, c.kind, c.enabled FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id WHERE d.id = @id", new { id }, transaction);
            if (delivery.Status is null) throw new NotFoundException($"no chat delivery {id}");
            if (!CanSendAgain(delivery.Status, delivery.Kind))
                throw new RuleViolationException($"a {delivery.Status} delivery to a {delivery.Kind} channel is not sent again") { TextKey = "refusal:chat-send-again" };
            if (!delivery.Enabled)
                throw new RuleViolationException("the channel is switched off: switch it on first") { TextKey = "refusal:chat-send-again-off" };
            return connection.Execute("UPDATE chat_deliveries SET status = 'queued', attempts = 0, next_attempt_at = @now WHERE id = @id",
                new { now = time.GetUtcNow(), id }, transaction);
        });

    /// <summary>
    /// What waits for a switched-off channel (<paramref name="channelId"/>, or every switched-off one) is dropped, with
    /// its reason, in the transaction that switched it off: switching it on again does not send a backlog of old news.
    /// A delivery being sent at that moment finishes.
    /// </summary>
    internal static int DropWaiting(IDbConnection connection, IDbTransaction transaction, long? channelId) =>
        connection.Execute(
            """
            UPDATE chat_deliveries SET status = 'dropped', outcome = @outcome, last_error = 'the channel was switched off'
            WHERE status = 'queued' AND channel_id IN (SELECT id FROM chat_channels WHERE enabled = 0 AND (@channelId IS NULL OR id = @channelId))
            """, new { outcome = ChatOutcomes.ChannelOff, channelId }, transaction);

    /// <summary>The latest deliveries, failed ones first (for tests and a quick look; the page reads <see cref="Page"/>).</summary>
    public IReadOnlyList<ChatDeliveryLine> Log(int limit = 200) => Page(new ChatLogFilter(PageSize: limit)).Lines;

    /// <summary>One page of the delivery log for the admin page, failed ones first, then the newest, filtered by channel and status.</summary>
    public ChatLogPage Page(ChatLogFilter filter)
    {
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var statuses = filter.Status switch
        {
            ChatLogStatuses.Waiting => ["queued", "sending"],
            ChatLogStatuses.Failed or ChatLogStatuses.Delivered or ChatLogStatuses.Dropped => [filter.Status],
            _ => (string[]?)null,
        };
        var where = "WHERE (@channel IS NULL OR d.channel_id = @channel)" + (statuses is null ? "" : " AND d.status IN @statuses");
        using var connection = database.Open();
        var total = connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM chat_deliveries d {where}", new { channel = filter.ChannelId, statuses });
        var pages = Math.Max(1, (total + size - 1) / size);
        var page = Math.Clamp(filter.Page, 1, pages);
        var lines = connection.Query<ChatDeliveryLine>(
            $"""
            {LineQuery}
            {where}
            ORDER BY d.status = 'failed' DESC, d.id DESC LIMIT @size OFFSET @offset
            """, new { channel = filter.ChannelId, statuses, size, offset = (page - 1) * size }).ToList();
        return new ChatLogPage(lines, total, page, size);
    }

    private const string LineQuery =
        """
        SELECT d.id, c.name AS channel, c.kind, d.event_kind, i.key AS incident_key, d.status, d.attempts, d.last_error, d.outcome, d.response_status,
               d.response_body, d.next_attempt_at, d.delivered_at, d.created_at
        FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id LEFT JOIN incidents i ON i.id = d.incident_id
        """;

    /// <summary>
    /// One delivery's log line and the message it posts, for reading back what a group got (<see cref="ChatPreview"/>);
    /// the message is null when its stored event cannot be read or is of a kind this version does not tell. Not found: <see cref="NotFoundException"/>.
    /// </summary>
    public (ChatDeliveryLine Line, ChatDelivery? Delivery) Message(long id)
    {
        using var connection = database.Open();
        var line = connection.QuerySingleOrDefault<ChatDeliveryLine>($"{LineQuery} WHERE d.id = @id", new { id })
            ?? throw new NotFoundException($"no chat delivery {id}");
        var row = connection.QuerySingle<(long ChannelId, string EventId, string Event)>("SELECT channel_id, event_id, event FROM chat_deliveries WHERE id = @id", new { id });
        var chatEvent = Read(row.Event) is { } read && ChatEventKinds.All.Contains(read.Kind) ? read : null;
        return (line, chatEvent is null ? null : new ChatDelivery(id, row.ChannelId, line.Channel, line.Kind, "", "", row.EventId, chatEvent, line.Attempts));
    }

    private static int Settle(IDbConnection connection, IDbTransaction transaction, long id, string status, string outcome, string error, int? responseStatus,
        string? body, DateTimeOffset next) =>
        connection.Execute(
            """
            UPDATE chat_deliveries SET status = @status, outcome = @outcome, last_error = @error, response_status = @responseStatus, response_body = @body,
                next_attempt_at = @next
            WHERE id = @id
            """, new { status, outcome, error = Kept(error), responseStatus, body = body is null ? null : Kept(body), next, id }, transaction);

    private static ChatEvent? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ChatEvent>(json, ChatEvent.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Kept(string text) => text.Length <= ResponseKept ? text : text[..ResponseKept] + "…";
}
