using System.Data;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Dapper;

namespace Crisis.Core.Communications;

/// <summary>An email as the outbox holds it: everything needed to send it again, with its Message-Id fixed.</summary>
public sealed record OutgoingEmail
{
    public long Id { get; init; }
    /// <summary>The approved message this email carries; none for a notification to a team member.</summary>
    public long? MessageId { get; init; }
    public required string Recipient { get; init; }
    public required string Subject { get; init; }
    public required string TextBody { get; init; }
    public required string HtmlBody { get; init; }
    public required string SmtpMessageId { get; init; }
    public int Attempts { get; init; }
}

/// <summary>
/// The durable queue between approval and the SMTP server. A row is written before any attempt, claimed before each
/// attempt, and marked sent only after the server accepted it. A crash mid-send leaves the row claimed; on restart it is
/// tried again with the same Message-Id, so a duplicate, if the server had already accepted it, is recognisable as one.
/// </summary>
public sealed class Outbox(Database database, TimeProvider time, IncidentChanges changes)
{
    public const int MaxAttempts = 12;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>15 s, 30 s, 1 min, 2 min … doubling to at most an hour: 12 attempts span about five hours.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, FirstRetry.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));

    internal static void Enqueue(IDbConnection connection, IDbTransaction transaction, MessageRow message, DateTimeOffset now)
    {
        foreach (var recipient in message.RecipientList)
        {
            Insert(connection, transaction, message.Id, (message.IncidentId, message.IncidentKey), recipient, message.Subject, message.Body, message.Language, now);
        }
    }

    /// <summary>An email to a team member that belongs to no drafted message (a role given, a step overdue).</summary>
    internal static void EnqueueNotification(IDbConnection connection, IDbTransaction transaction, IncidentRecord incident, string recipient,
        string subject, string markdown, string language, DateTimeOffset now) =>
        Insert(connection, transaction, null, (incident.Id, incident.Key), recipient, subject, markdown, language, now);

    /// <summary>An email to a team member about complaint cases, which belong to no incident (cases about to miss their clock).</summary>
    internal static void EnqueueCaseNotification(IDbConnection connection, IDbTransaction transaction, string recipient,
        string subject, string markdown, string language, DateTimeOffset now) =>
        Insert(connection, transaction, null, null, recipient, subject, markdown, language, now);

    /// <summary>
    /// An email to a team member about a follow-up. It is queued as belonging to no incident: a follow-up is work after
    /// the incident, and one from an exercise is real work, so an exercise's rule that mail goes only to its players does not hold it back.
    /// </summary>
    internal static void EnqueueFollowUpNotification(IDbConnection connection, IDbTransaction transaction, string recipient,
        string subject, string markdown, string language, DateTimeOffset now) =>
        Insert(connection, transaction, null, null, recipient, subject, markdown, language, now);

    private static void Insert(IDbConnection connection, IDbTransaction transaction, long? messageId, (long Id, string Key)? incident, string recipient,
        string subject, string markdown, string language, DateTimeOffset now)
    {
        if (incident is { } of && Exercises.ExerciseSafety.AllowedRecipients(connection, transaction, of.Id) is { } allowed)
        {
            if (!allowed.Contains(recipient.Trim().ToLowerInvariant()))
            {
                // A message is refused with the address named; Crisis's own notifications (a reminder to someone a step
                // was handed to from outside the exercise) are dropped, so they cannot stall the reminder worker.
                if (messageId is null) return;
                throw new RuleViolationException($"{of.Key} is an exercise: email goes only to its participants and trainer, not to {recipient}")
                    { TextKey = RefusalTexts.ExerciseRecipient, TextArguments = [recipient] };
            }
            (subject, markdown) = Exercises.ExerciseSafety.Marked(subject, markdown, language);
        }
        connection.Execute(
            """
            INSERT INTO outbox (message_id, incident_id, recipient, subject, text_body, html_body, smtp_message_id, status, next_attempt_at, created_at)
            VALUES (@messageId, @incidentId, @recipient, @subject, @text, @html, @smtpMessageId, 'queued', @now, @now)
            """,
            new
            {
                messageId, incidentId = incident?.Id, recipient, subject, text = SafeMarkdown.ToText(markdown), html = SafeMarkdown.ToHtml(markdown), now,
                smtpMessageId = $"{incident?.Key.ToLowerInvariant() ?? "cases"}.{messageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n"}.{Guid.NewGuid():N}@crisis",
            }, transaction);
    }

    /// <summary>Rows left 'sending' by a process that died are due again.</summary>
    public int RecoverInterrupted()
    {
        using var connection = database.Open();
        return connection.Execute("UPDATE outbox SET status = 'queued' WHERE status = 'sending'");
    }

    /// <summary>Claims up to <paramref name="limit"/> due emails for one attempt each.</summary>
    public IReadOnlyList<OutgoingEmail> ClaimDue(int limit = 20)
    {
        var now = time.GetUtcNow();
        return database.InTransaction((connection, transaction) =>
        {
            var due = connection.Query<OutgoingEmail>(
                """
                SELECT id, message_id, recipient, subject, text_body, html_body, smtp_message_id, attempts FROM outbox
                WHERE status = 'queued' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit
                """, new { now = Timestamps.Format(now), limit }, transaction).ToList();
            foreach (var email in due)
            {
                connection.Execute("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = @Id", new { email.Id }, transaction);
            }
            return (IReadOnlyList<OutgoingEmail>)due;
        });
    }

    public void MarkSent(OutgoingEmail email, string serverReply) =>
        Writer.Write(write =>
        {
            write.Connection.Execute("UPDATE outbox SET status = 'sent', sent_at = @now, server_reply = @serverReply, last_error = NULL WHERE id = @Id",
                new { now = write.Now, serverReply, email.Id }, write.Transaction);
            if (email.MessageId is not null)
                Settle(write, email, EventKinds.MessageSent, new { message = email.MessageId, recipient = email.Recipient, smtpMessageId = email.SmtpMessageId, serverReply });
        });

    /// <summary>Schedules the next attempt with backoff, or gives up after <see cref="MaxAttempts"/> with the server's reply kept.</summary>
    public void MarkFailed(OutgoingEmail email, string error)
    {
        var attempts = email.Attempts + 1;
        var final = attempts >= MaxAttempts;
        Writer.Write(write =>
        {
            write.Connection.Execute("UPDATE outbox SET status = @status, last_error = @error, next_attempt_at = @next WHERE id = @Id",
                new { status = final ? "failed" : "queued", error, next = write.Now + Backoff(attempts), email.Id }, write.Transaction);
            if (final)
                Settle(write, email, email.MessageId is null ? EventKinds.NotificationFailed : EventKinds.MessageFailed,
                    new { message = email.MessageId, recipient = email.Recipient, subject = email.Subject, error, attempts });
        });
    }

    /// <summary>Records the outcome on the incident's timeline and settles the message once none of its emails is pending.</summary>
    private static void Settle(IncidentWrite write, OutgoingEmail email, string kind, object data)
    {
        var owner = write.Connection.QuerySingleOrDefault<(long IncidentId, string Key)>(
            "SELECT o.incident_id, i.key FROM outbox o JOIN incidents i ON i.id = o.incident_id WHERE o.id = @Id",
            new { email.Id }, write.Transaction);
        if (owner.Key is null) return;
        write.Record(owner.IncidentId, owner.Key, "outbox", kind, data);
        if (email.MessageId is null) return;
        write.Connection.Execute(
            """
            UPDATE messages SET status = CASE
                WHEN EXISTS (SELECT 1 FROM outbox WHERE message_id = @MessageId AND status IN ('queued', 'sending')) THEN status
                WHEN EXISTS (SELECT 1 FROM outbox WHERE message_id = @MessageId AND status = 'failed') THEN 'failed'
                ELSE 'sent' END
            WHERE id = @MessageId
            """, new { email.MessageId }, write.Transaction);
    }

    private IncidentWriter Writer => new(database, time, changes);
}
