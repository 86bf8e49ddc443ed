using System.Globalization;
using System.Text;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.FollowUps;

/// <summary>
/// Emails about follow-ups still to do, each sent once: the owner is reminded <see cref="NotificationSettings.FollowUpReminderDays"/>
/// days before the due date and again on it, in their language; the day after, the commander of the incident whose
/// review holds it is told, in theirs. An owner or commander without an email is not told, and the reminder counts as
/// given, so one added later is not sent every date that passed. Each email is on the incident's timeline.
/// </summary>
public sealed class FollowUpReminders(Database database, TimeProvider time, NotificationSettings settings, IncidentChanges changes, PlaybookLibrary playbooks,
    FollowUpBook book)
{
    private enum Reminder { Soon, Due, Overdue }

    /// <summary>
    /// The SET clause that keeps the reminders sent while the due date stays <paramref name="dueDate"/> (SQL) and clears
    /// them when it moves, so the new date is reminded of in its turn.
    /// </summary>
    internal static string KeptWhileDueDateIs(string dueDate) =>
        $"""
        reminded_soon_at = CASE WHEN due_date = {dueDate} THEN reminded_soon_at END,
        reminded_due_at = CASE WHEN due_date = {dueDate} THEN reminded_due_at END,
        escalated_at = CASE WHEN due_date = {dueDate} THEN escalated_at END
        """;

    /// <summary>Queues the reminders that have fallen due; returns how many emails were queued.</summary>
    public int QueueDue()
    {
        if (!settings.Enabled) return 0;
        var today = book.Today();
        var parameters = new { today = FollowUpBook.DateText(today), soon = FollowUpBook.DateText(today.AddDays(Math.Max(0, settings.FollowUpReminderDays))) };
        // Most rounds have nothing to send: they look without taking the database's one writer.
        using (var reading = database.Open())
        {
            if (!reading.ExecuteScalar<bool>($"SELECT EXISTS ({Due})", parameters)) return 0;
        }
        return new IncidentWriter(database, time, changes).Write(write =>
        {
            var emails = 0;
            foreach (var followUp in write.Connection.Query<DueFollowUp>(Due, parameters, write.Transaction).ToList())
            {
                var order = string.CompareOrdinal(followUp.DueDate, parameters.today);
                var reminder = order > 0 ? Reminder.Soon : order == 0 ? Reminder.Due : Reminder.Overdue;
                var recipient = reminder == Reminder.Overdue ? Commander(write, followUp.IncidentId) : followUp.Owner;
                if (recipient?.Email is { Length: > 0 }) emails += Send(write, followUp, reminder, recipient);
                var column = reminder switch { Reminder.Soon => "reminded_soon_at", Reminder.Due => "reminded_due_at", _ => "escalated_at" };
                write.Connection.Execute($"UPDATE review_actions SET {column} = @now WHERE id = @Id", new { now = write.Now, followUp.Id }, write.Transaction);
            }
            return emails;
        });
    }

    private int Send(IncidentWrite write, DueFollowUp followUp, Reminder reminder, Recipient recipient)
    {
        var texts = NotificationTexts.For(recipient.Language ?? "en");
        var owner = followUp.OwnerPersonId is null ? Format(texts.FollowUpNotInDirectory, followUp.OwnerName) : followUp.OwnerName;
        var (subject, body) = reminder switch
        {
            Reminder.Soon => (Format(texts.FollowUpSoonSubject, followUp.IncidentKey, followUp.DueDate, followUp.Title), texts.FollowUpSoonBody),
            Reminder.Due => (Format(texts.FollowUpDueSubject, followUp.IncidentKey, followUp.Title), texts.FollowUpDueBody),
            _ => (Format(texts.FollowUpOverdueSubject, followUp.IncidentKey, followUp.Title), texts.FollowUpOverdueBody),
        };
        var text = new StringBuilder().AppendLine(Format(body, followUp.Title, followUp.IncidentKey, followUp.IncidentTitle, followUp.DueDate, owner));
        if (FollowUp.PlaybookIdOf(followUp.PlaybookChange) is { } playbook)
            text.AppendLine().AppendLine(Format(texts.FollowUpPlaybook, playbooks.TitleOrReference(playbook, texts.Language)));
        if (settings.PublicUrl.TrimEnd('/') is { Length: > 0 } site)
            text.AppendLine().AppendLine(Format(texts.FollowUpOpen, $"{site}/follow-ups?status=all#follow-up-{followUp.Id}"));
        Outbox.EnqueueFollowUpNotification(write.Connection, write.Transaction, recipient.Email!, subject, text.ToString(), texts.Language, write.Now);
        write.Record(followUp.IncidentId, followUp.IncidentKey, Actor.CrisisItself, EventKinds.NotificationQueued, new
        {
            kind = reminder == Reminder.Overdue ? "follow-up escalation" : "follow-up reminder", person = recipient.Name, subject, followUp = followUp.Id,
        });
        return 1;
    }

    private static Recipient? Commander(IncidentWrite write, long incidentId) =>
        write.Connection.QuerySingleOrDefault<Recipient>(
            "SELECT p.name, p.email, p.language FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @incidentId AND r.role_key = 'commander'",
            new { incidentId }, write.Transaction);

    private static string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    /// <summary>Follow-ups still to do that a reminder has fallen due for: soon, today, or past (for the commander).</summary>
    private const string Due =
        """
        SELECT a.id, a.title, a.due_date, a.playbook_change, a.incident_id, i.key AS incident_key, i.title AS incident_title,
            COALESCE(p.name, a.owner) AS owner_name, p.id AS owner_person_id, p.email AS owner_email, p.language AS owner_language
        FROM review_actions a
        JOIN incidents i ON i.id = a.incident_id
        LEFT JOIN people p ON p.id = a.owner_person_id
        WHERE a.status IN ('open', 'in_progress') AND (
            (a.due_date > @today AND a.due_date <= @soon AND a.reminded_soon_at IS NULL)
            OR (a.due_date = @today AND a.reminded_due_at IS NULL)
            OR (a.due_date < @today AND a.escalated_at IS NULL))
        """;

    private sealed record Recipient(string Name, string? Email, string? Language);

    private sealed class DueFollowUp
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string DueDate { get; init; } = "";
        public string? PlaybookChange { get; init; }
        public long IncidentId { get; init; }
        public string IncidentKey { get; init; } = "";
        public string IncidentTitle { get; init; } = "";
        public string OwnerName { get; init; } = "";
        public long? OwnerPersonId { get; init; }
        public string? OwnerEmail { get; init; }
        public string? OwnerLanguage { get; init; }

        public Recipient? Owner => OwnerPersonId is null ? null : new Recipient(OwnerName, OwnerEmail, OwnerLanguage);
    }
}
