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
        var reminded = new IncidentWriter(database, time, changes).Write(write =>
        {
            var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
            var count = 0;
            var open = connection.Query<long>("SELECT id FROM incidents WHERE status IN ('open', 'contained') ORDER BY id", transaction: transaction).ToList();
            foreach (var id in open)
            {
                var incident = IncidentRecord.LoadById(connection, transaction, id);
                if (updates.NextDue(incident, StatusUpdateBook.Read(connection, transaction, id).FirstOrDefault()) is not { } due || due > now) continue;
                var dueText = Timestamps.Format(due);
                if (connection.ExecuteScalar<string?>("SELECT status_reminded_for FROM incidents WHERE id = @id", new { id }, transaction) == dueText) continue;
                connection.Execute("UPDATE incidents SET status_reminded_for = @dueText WHERE id = @id", new { dueText, id }, transaction);
                var commander = connection.QuerySingleOrDefault<(string Name, string? Email)>(
                    "SELECT p.name, p.email FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @id AND r.role_key = 'commander'",
                    new { id }, transaction);
                var culture = SharedTexts.In(connection.ExecuteScalar<string?>("SELECT json_extract(snapshot, '$.language') FROM incidents WHERE id = @id",
                    new { id }, transaction) ?? "en");
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
        return reminded;
    }
}
