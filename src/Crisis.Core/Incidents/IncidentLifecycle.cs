using Crisis.Core.Communications;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>What commanders do to the incident as a whole: status, severity, role assignments.</summary>
public sealed class IncidentLifecycle(Database database, TimeProvider time, IncidentChanges changes, Notifications notifications)
{
    /// <summary>
    /// Moves open → contained → resolved → closed. Skipping ahead stamps the skipped stages with the same time;
    /// moving back (a flare-up) clears the later stamps; closed is final.
    /// </summary>
    public bool SetStatus(string key, string status, Actor actor, string? comment = null)
    {
        if (!IncidentStatus.IsKnown(status))
        {
            throw new RuleViolationException($"unknown status '{status}': use one of {string.Join(", ", IncidentStatus.InOrder)}");
        }
        var now = time.GetUtcNow();
        var changed = database.InTransaction((connection, transaction) =>
        {
            var incident = IncidentRecord.Load(connection, transaction, key);
            if (incident.Status == status) return false;
            incident.EnsureNotClosed();
            var target = IndexOf(status);
            var stamps = new[] { "contained_at", "resolved_at", "closed_at" };
            var assignments = stamps.Select((column, i) => i + 1 <= target
                ? $"{column} = COALESCE({column}, @now)"
                : $"{column} = NULL");
            connection.Execute($"UPDATE incidents SET status = @status, {string.Join(", ", assignments)} WHERE id = @Id",
                new { status, now, incident.Id }, transaction);
            var openSteps = connection.ExecuteScalar<int>(
                "SELECT COUNT(*) FROM steps WHERE incident_id = @Id AND status IN ('todo', 'doing', 'blocked')", new { incident.Id }, transaction);
            Timeline.Append(connection, transaction, incident.Id, key, now, actor.Name, EventKinds.IncidentStatusChanged,
                new { from = incident.Status, to = status, comment = string.IsNullOrWhiteSpace(comment) ? null : TextLimits.Require(comment, TextLimits.Note, "a comment"), openSteps });
            return true;
        });
        return changes.Publish(key, changed, changed);
    }

    /// <summary>Changes severity; steps that the new severity adds are generated with deadlines counted from now.</summary>
    public IReadOnlyList<string> SetSeverity(string key, int severity, Actor actor)
    {
        var now = time.GetUtcNow();
        var changed = false;
        var added = database.InTransaction((connection, transaction) =>
        {
            var incident = IncidentRecord.Load(connection, transaction, key);
            incident.EnsureNotClosed();
            var playbook = incident.LoadPlaybook(connection, transaction);
            if (!playbook.Severities.Contains(severity))
            {
                throw new RuleViolationException($"severity {severity} is not one of this incident's playbook severities ({string.Join(", ", playbook.Severities)})");
            }
            if (incident.Severity == severity) return (IReadOnlyList<string>)[];
            var existing = connection.Query<string>("SELECT step_id FROM steps WHERE incident_id = @Id", new { incident.Id }, transaction).ToHashSet();
            var newSteps = new List<string>();
            StepGenerator.Insert(connection, transaction, incident.Id, playbook, severity, now, existing, newSteps);
            connection.Execute("UPDATE incidents SET severity = @severity WHERE id = @Id", new { severity, incident.Id }, transaction);
            Timeline.Append(connection, transaction, incident.Id, key, now, actor.Name, EventKinds.IncidentSeverityChanged,
                new { from = incident.Severity, to = severity, addedSteps = newSteps });
            changed = true;
            return newSteps;
        });
        return changes.Publish(key, added, changed);
    }

    public void AssignRole(string key, string roleKey, long personId, Actor actor)
    {
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var incident = IncidentRecord.Load(connection, transaction, key);
            incident.EnsureNotClosed();
            var playbook = incident.LoadPlaybook(connection, transaction);
            var (role, person) = RoleAssignments.Validate(connection, transaction, playbook, new Dictionary<string, long> { [roleKey] = personId })[0];
            RoleAssignments.Assign(connection, transaction, incident.Id, key, playbook, role, person, now, actor, notifications);
            return true;
        });
        changes.Publish(key, true);
    }

    private static int IndexOf(string status) => IncidentStatus.InOrder.ToList().IndexOf(status);
}
