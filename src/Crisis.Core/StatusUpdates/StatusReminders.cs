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
        List<long> due;
        using (var reading = database.Open())
            due = Due(reading, null, time.GetUtcNow()).ToList();
        if (due.Count == 0) return 0;
        var reminded = new IncidentWriter(database, time, changes).Write(write =>
        {
            var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
            var count = 0;
            foreach (var id in Due(connection, transaction, now).Where(due.Contains))
            {
                var incident = IncidentRecord.LoadById(connection, transaction, id);
                var dueText = Timestamps.Format(updates.NextDue(incident, StatusUpdateBook.Read(connection, transaction, id).FirstOrDefault())!.Value);
                connection.Execute("UPDATE incidents SET status_reminded_for = @dueText WHERE id = @id", new { dueText, id }, transaction);
                var commander = connection.QuerySingleOrDefault<(string Name, string? Email)>(
                    "SELECT p.name, p.email FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @id AND r.role_key = 'commander'",
                    new { id }, transaction);
                var culture = SharedTexts.In(IncidentRecord.Language(connection, transaction, id));
                var subject = StatusUpdateBook.Format(SharedTexts.Get("status-update:reminder-subject", culture), incident.Key, incident.Title);
                if (!string.IsNullOrEmpty(commander.Email))
                {
                    var body = StatusUpdateBook.Format(SharedTexts.Get("status-update:reminder-body", culture), incident.Key, incident.Title,
                        SharedTexts.ZonedTime(Timestamps.Parse(dueText), organisation.TimeZoneFor(culture), culture));
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

    /// <summary>The open incidents whose update is due at <paramref name="now"/> and not yet reminded of for that due time.</summary>
    private IEnumerable<long> Due(System.Data.IDbConnection connection, System.Data.IDbTransaction? transaction, DateTimeOffset now)
    {
        foreach (var (id, remindedFor) in connection.Query<(long Id, string? RemindedFor)>(
                     "SELECT id, status_reminded_for FROM incidents WHERE status IN ('open', 'contained') ORDER BY id", transaction: transaction).ToList())
        {
            if (updates.NextDue(IncidentRecord.LoadById(connection, transaction, id), StatusUpdateBook.Read(connection, transaction, id).FirstOrDefault()) is { } due
                && due <= now && Timestamps.Format(due) != remindedFor)
                yield return id;
        }
    }
}
