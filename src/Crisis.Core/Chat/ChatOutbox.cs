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

/// <summary>One event for one channel, claimed for one attempt.</summary>
public sealed record ChatDelivery(long Id, long ChannelId, string ChannelName, string Kind, string Url, string Secret, string EventId, ChatEvent Event, int Attempts);

/// <summary>A line of the delivery log an admin reads; times as stored, read with <see cref="Timestamps.ParseOrNull"/>.</summary>
public sealed class ChatDeliveryLine
{
    public long Id { get; init; }
    public string Channel { get; init; } = "";
    public string EventKind { get; init; } = "";
    public string? IncidentKey { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public int? ResponseStatus { get; init; }
    public string? ResponseBody { get; init; }
    public string? NextAttemptAt { get; init; }
    public string? DeliveredAt { get; init; }
    public string? CreatedAt { get; init; }
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
            var events = ChatChannels.KnownEvents(channel.Events);
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

    /// <summary>Rows left 'sending' by a process that died are due again, with the same event id.</summary>
    public int RecoverInterrupted()
    {
        using var connection = database.Open();
        return connection.Execute("UPDATE chat_deliveries SET status = 'queued' WHERE status = 'sending'");
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for one attempt each, oldest first. Whether any is due is read
    /// first, outside a write transaction, so an idle worker neither takes the write lock nor fails while the disk is read-only;
    /// what waits for a switched-off channel is not due.
    /// </summary>
    public IReadOnlyList<ChatDelivery> ClaimDue(int limit = 20)
    {
        var now = Timestamps.Format(time.GetUtcNow());
        using (var reader = database.Open())
        {
            if (!reader.ExecuteScalar<bool>(
                    """
                    SELECT EXISTS (SELECT 1 FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id
                                   WHERE d.status = 'queued' AND d.next_attempt_at <= @now AND c.enabled = 1)
                    """, new { now }))
                return [];
        }
        return database.InTransaction((connection, transaction) =>
        {
            var due = connection.Query<(long Id, long ChannelId, string Name, string Kind, string Url, string Secret, string EventId, string Event, int Attempts)>(
                """
                SELECT d.id, c.id, c.name, c.kind, c.url, c.secret, d.event_id, d.event, d.attempts
                FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id
                WHERE d.status = 'queued' AND d.next_attempt_at <= @now AND c.enabled = 1
                ORDER BY d.next_attempt_at, d.id LIMIT @limit
                """, new { now, limit }, transaction).ToList();
            var claimed = new List<ChatDelivery>();
            foreach (var row in due)
            {
                connection.Execute("UPDATE chat_deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = @Id", new { row.Id }, transaction);
                if (Read(row.Event) is { } chatEvent)
                    claimed.Add(new ChatDelivery(row.Id, row.ChannelId, row.Name, row.Kind, row.Url, row.Secret, row.EventId, chatEvent, row.Attempts + 1));
                else
                    Settle(connection, transaction, row.Id, "failed", "the stored event cannot be read", null, null, time.GetUtcNow());
            }
            return (IReadOnlyList<ChatDelivery>)claimed;
        });
    }

    public void MarkDelivered(ChatDelivery delivery, int status, string body) =>
        database.InTransaction((connection, transaction) =>
            connection.Execute(
                """
                UPDATE chat_deliveries SET status = 'delivered', delivered_at = @now, last_error = NULL, response_status = @status, response_body = @body
                WHERE id = @Id
                """, new { now = time.GetUtcNow(), status, body = Kept(body), delivery.Id }, transaction));

    /// <summary>Schedules the next attempt with the email outbox's backoff, or gives up after <see cref="MaxAttempts"/>, keeping the answer.</summary>
    public void MarkFailed(ChatDelivery delivery, string error, int? status, string? body)
    {
        var now = time.GetUtcNow();
        var final = delivery.Attempts >= MaxAttempts;
        database.InTransaction((connection, transaction) =>
            Settle(connection, transaction, delivery.Id, final ? "failed" : "queued", error, status, body, now + Communications.Outbox.Backoff(delivery.Attempts)));
    }

    /// <summary>
    /// Puts a delivery back without spending an attempt, due at <paramref name="until"/>: the platform said it gets too
    /// many messages, or our own limit for the channel is used up.
    /// </summary>
    public void Postpone(ChatDelivery delivery, DateTimeOffset until, string error, int? status = null, string? body = null) =>
        database.InTransaction((connection, transaction) =>
            connection.Execute(
                """
                UPDATE chat_deliveries SET status = 'queued', attempts = attempts - 1, next_attempt_at = @until, last_error = @error,
                    response_status = COALESCE(@status, response_status), response_body = COALESCE(@body, response_body)
                WHERE id = @Id
                """, new { until, error, status, body = body is null ? null : Kept(body), delivery.Id }, transaction));

    /// <summary>A delivery that failed for good (or was delivered, for a webhook's receiver that lost it) is sent again, with the same event id.</summary>
    public void SendAgain(long id) =>
        database.InTransaction((connection, transaction) =>
            connection.Execute("UPDATE chat_deliveries SET status = 'queued', attempts = 0, next_attempt_at = @now WHERE id = @id AND status IN ('failed', 'delivered')",
                new { now = time.GetUtcNow(), id }, transaction));

    /// <summary>The latest deliveries, failed ones first, for the admin page.</summary>
    public IReadOnlyList<ChatDeliveryLine> Log(int limit = 200)
    {
        using var connection = database.Open();
        return connection.Query<ChatDeliveryLine>(
            """
            SELECT d.id, c.name AS channel, d.event_kind, i.key AS incident_key, d.status, d.attempts, d.last_error, d.response_status, d.response_body,
                   d.next_attempt_at, d.delivered_at, d.created_at
            FROM chat_deliveries d JOIN chat_channels c ON c.id = d.channel_id LEFT JOIN incidents i ON i.id = d.incident_id
            ORDER BY d.status = 'failed' DESC, d.id DESC LIMIT @limit
            """, new { limit }).ToList();
    }

    private static int Settle(IDbConnection connection, IDbTransaction transaction, long id, string status, string error, int? responseStatus, string? body,
        DateTimeOffset next) =>
        connection.Execute(
            "UPDATE chat_deliveries SET status = @status, last_error = @error, response_status = @responseStatus, response_body = @body, next_attempt_at = @next WHERE id = @id",
            new { status, error = Kept(error), responseStatus, body = body is null ? null : Kept(body), next, id }, transaction);

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
