using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.StatusUpdates;

/// <summary>
/// Reminds an incident's commander, once per due time, that a status update is due (<see cref="StatusUpdateBook.NextDue"/>):
/// an email through the outbox and a line on the timeline, in the incident's language. A worker calls
/// <see cref="Remind"/>; the time comes from the <see cref="TimeProvider"/>, so tests move a fake clock.
/// </summary>
public sealed class StatusReminders(Database database, TimeProvider time, IncidentChanges changes, StatusUpdateBook updates, OrganisationSettings organisation)
{
    /// <summary>Reminds the commander of every incident whose update is due and not yet reminded of; returns how many commanders were emailed. Without a commander to email, the due time is passed over all the same.</summary>
    public int Remind()
    {
        // Looked for without the writer's lock, which every tick waits on: most seconds nothing is due and nothing is written.
        using (var reading = database.Open())
        {
            if (Due(reading, null, time.GetUtcNow()).Count == 0) return 0;
        }
        return new IncidentWriter(database, time, changes).Write(write =>
        {
            var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
            var count = 0;
            foreach (var (id, due) in Due(connection, transaction, now))
            {
                var incident = IncidentRecord.LoadById(connection, transaction, id);
                var dueText = Timestamps.Format(due);
                connection.Execute("UPDATE incidents SET status_reminded_for = @dueText WHERE id = @id", new { dueText, id }, transaction);
                var commander = connection.QuerySingleOrDefault<(string Name, string? Email)>(
                    "SELECT p.name, p.email FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @id AND r.role_key = 'commander'",
                    new { id }, transaction);
                var culture = SharedTexts.In(IncidentRecord.Language(connection, transaction, id));
                var subject = StatusUpdateBook.Format(SharedTexts.Get("status-update:reminder-subject", culture), incident.Key, incident.Title);
                if (!string.IsNullOrEmpty(commander.Email))
                {
                    var body = StatusUpdateBook.Format(SharedTexts.Get("status-update:reminder-body", culture), incident.Key, incident.Title,
                        SharedTexts.ZonedTime(due, organisation.TimeZoneFor(culture), culture));
                    if (updates.StatusLink(incident.Key) is { Length: > 0 } link) body += "\n\n" + StatusUpdateBook.Format(SharedTexts.Get("status-update:email-open", culture), link);
                    Outbox.EnqueueNotification(connection, transaction, incident, commander.Email, subject, body, culture.Name, now);
                    write.Record(incident, new Actor(Actor.CrisisItself), EventKinds.NotificationQueued, new { kind = "status-update-due", person = commander.Name, subject });
                    count++;
                }
            }
            return count;
        });
    }

    /// <summary>
    /// The open incidents whose update is due at <paramref name="now"/> and not yet reminded of for that due time, with the
    /// due time: one query over the open incidents and their last update, as the worker asks every second.
    /// </summary>
    private List<(long Id, DateTimeOffset Due)> Due(System.Data.IDbConnection connection, System.Data.IDbTransaction? transaction, DateTimeOffset now) =>
        connection.Query<(long Id, string Status, int Severity, string OpenedAt, string? RemindedFor, string? Promised, string? LastPostedAt)>(
                """
                SELECT i.id, i.status, i.severity, i.opened_at, i.status_reminded_for,
                       (SELECT u.next_update_at FROM status_updates u WHERE u.incident_id = i.id ORDER BY u.posted_at DESC, u.id DESC LIMIT 1),
                       (SELECT MAX(u.posted_at) FROM status_updates u WHERE u.incident_id = i.id)
                FROM incidents i WHERE i.status IN ('open', 'contained') ORDER BY i.id
                """, transaction: transaction)
            .Select(row => (row.Id, row.RemindedFor, Due: Timestamps.ReadableOrNull(row.OpenedAt) is { } openedAt
                ? updates.NextDue(row.Status, row.Severity, openedAt, Timestamps.ReadableOrNull(row.Promised), Timestamps.ReadableOrNull(row.LastPostedAt))
                : null))
            .Where(row => row.Due is { } due && due <= now && Timestamps.Format(due) != row.RemindedFor)
            .Select(row => (row.Id, row.Due!.Value))
            .ToList();
}
