using System.Text.Json;
using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>Opens an incident from a playbook: snapshot, key, checklist for the severity, roles, and the first events.</summary>
public sealed class OpenIncident(Database database, PlaybookLibrary playbooks, TimeProvider time, Notifications notifications, TimelineAnchors anchors, StepDeadlines deadlines)
{
    public string Execute(OpenIncidentRequest request, Actor actor) => Execute(request, actor, alsoInTransaction: null);

    /// <param name="alsoInTransaction">More to write in the same transaction, given the new incident's id and key (an exercise).</param>
    internal string Execute(OpenIncidentRequest request, Actor actor, Action<IncidentWrite, long, string>? alsoInTransaction)
    {
        var title = TextLimits.Require(request.Title, TextLimits.Title, "an incident title", field: "title");
        var (playbook, markdown) = playbooks.GetUsable(request.PlaybookId, request.Language);
        if (!playbook.Severities.Contains(request.Severity))
        {
            throw new RuleViolationException($"severity {request.Severity} is not one of playbook '{playbook.Id}' severities ({string.Join(", ", playbook.Severities)})")
                { TextKey = RefusalTexts.Severity };
        }
        var now = time.GetUtcNow();

        var opened = database.InTransaction((connection, transaction) =>
        {
            var write = new IncidentWrite(connection, transaction, now);
            var roles = RoleAssignments.Validate(connection, transaction, playbook, request.Roles);
            connection.Execute(
                """
                INSERT INTO playbook_versions (playbook_id, version, hash, title, markdown, first_seen)
                VALUES (@Id, @Version, @Hash, @Title, @markdown, @now)
                ON CONFLICT (playbook_id, hash) DO NOTHING
                """, new { playbook.Id, playbook.Version, playbook.Hash, playbook.Title, markdown, now }, transaction);
            var number = connection.ExecuteScalar<int>(
                """
                INSERT INTO incident_key_counters (year, last) VALUES (@year, 1)
                ON CONFLICT (year) DO UPDATE SET last = last + 1
                RETURNING last
                """, new { year = now.Year }, transaction);
            var key = $"INC-{now.Year}-{number:D4}";
            var incidentId = connection.ExecuteScalar<long>(
                """
                INSERT INTO incidents (key, title, severity, status, playbook_id, playbook_version, playbook_hash, snapshot, category,
                                       is_exercise, opened_by, opened_at, last_event_hash)
                VALUES (@key, @title, @Severity, 'open', @PlaybookId, @Version, @Hash, @snapshot, @Category,
                        @IsExercise, @actor, @now, @genesis)
                RETURNING id
                """,
                new
                {
                    key, title, request.Severity, PlaybookId = playbook.Id, playbook.Version, playbook.Hash, playbook.Category,
                    snapshot = JsonSerializer.Serialize(playbook, IncidentRecord.SnapshotJson),
                    request.IsExercise, actor = actor.Name, now, genesis = Timeline.GenesisHash,
                }, transaction);
            var steps = new List<string>();
            StepGenerator.Insert(connection, transaction, incidentId, playbook, request.Severity, deadlines.CountingFrom(now), new HashSet<string>(), steps);
            write.Record(incidentId, key, actor.Name, EventKinds.IncidentOpened, new
            {
                title,
                severity = request.Severity,
                playbook = new { id = playbook.Id, version = playbook.Version, hash = playbook.Hash },
                isExercise = request.IsExercise,
                steps = steps.Count,
            });
            ChatNotices.Tell(write, incidentId, ChatEventKinds.IncidentOpened,
                new Dictionary<string, string?> { [ChatDetails.Playbook] = playbook.Title, [ChatDetails.By] = actor.Name });
            foreach (var (roleKey, person) in roles)
            {
                RoleAssignments.Assign(write, incidentId, key, playbook, roleKey, person, actor, notifications);
            }
            alsoInTransaction?.Invoke(write, incidentId, key);
            return (key, write);
        });
        foreach (var written in opened.write.Written) anchors.AnchorAfterCommit(written); // nobody watches it yet, but its first head is signed like every later one
        return opened.key;
    }
}
