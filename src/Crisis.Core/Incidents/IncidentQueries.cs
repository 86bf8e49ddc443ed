using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

public sealed class IncidentQueries(Database database, TimeProvider time)
{
    public IReadOnlyList<IncidentSummary> List(string? status = null)
    {
        if (status is not null && !IncidentStatus.IsKnown(status))
        {
            throw new RuleViolationException($"unknown status '{status}': use one of {string.Join(", ", IncidentStatus.InOrder)}");
        }
        using var connection = database.Open();
        return connection.Query<IncidentSummary>(
            """
            SELECT i.key, i.title, i.severity, i.status, i.playbook_id, i.is_exercise, i.opened_at, i.closed_at,
                   COUNT(s.step_id) AS steps_total,
                   COALESCE(SUM(CASE WHEN s.status IN ('done', 'skipped') THEN 1 ELSE 0 END), 0) AS steps_done,
                   COALESCE(SUM(CASE WHEN s.status IN ('todo', 'doing', 'blocked') AND s.due_at < @now THEN 1 ELSE 0 END), 0) AS steps_overdue,
                   EXISTS (SELECT 1 FROM exercises e WHERE e.incident_id = i.id AND e.ended_at IS NOT NULL) AS exercise_ended
            FROM incidents i LEFT JOIN steps s ON s.incident_id = i.id
            WHERE @status IS NULL OR i.status = @status
            GROUP BY i.id
            ORDER BY i.opened_at DESC, i.id DESC
            """, new { status, now = Timestamps.Format(time.GetUtcNow()) }).ToList();
    }

    /// <summary>
    /// The open steps a person owns in every incident still being worked (open or contained), exercises included:
    /// soonest deadline first, so the overdue lead, and steps without a deadline last.
    /// </summary>
    public IReadOnlyList<OwnedStep> OpenStepsOwnedBy(long personId)
    {
        var now = time.GetUtcNow();
        using var connection = database.Open();
        return connection.Query<OwnedStep>(
            $"""
            SELECT i.key AS incident_key, i.title AS incident_title, i.severity AS incident_severity, i.is_exercise, i.playbook_id,
                   {SqlJson.Field("i.snapshot", "language")} AS language, s.step_id, s.text, s.status, s.due_at
            FROM steps s JOIN incidents i ON i.id = s.incident_id {StepRow.RoleJoin}
            WHERE i.status IN ('open', 'contained') AND s.status IN ('todo', 'doing', 'blocked') AND {StepRow.OwnerIdSql} = @personId
            ORDER BY s.due_at IS NULL, s.due_at, i.severity, i.opened_at, s.phase_index, s.position
            """, new { personId }).Select(step => step with { Overdue = step.DueAt < now }).ToList();
    }

    /// <summary>Whether an incident (an exercise's included) has this key: what live views may watch.</summary>
    public bool Exists(string key)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM incidents WHERE key = @key)", new { key });
    }

    /// <summary>The steps a commander would leave open by resolving now, those the law requires first.</summary>
    public IReadOnlyList<OpenStep> OpenSteps(string key)
    {
        using var connection = database.Open();
        return OpenStep.Read(connection, null, IncidentRecord.Load(connection, null, key).Id);
    }

    public IncidentDetails Get(string key)
    {
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true); // one consistent read
        var incident = IncidentRecord.Load(connection, transaction, key);
        var row = connection.QuerySingle<(string OpenedBy, int PlaybookVersion, string PlaybookHash, bool IsExercise, string? ContainedAt, string? ResolvedAt, string? ClosedAt, long LastEventSeq)>(
            "SELECT opened_by, playbook_version, playbook_hash, is_exercise, contained_at, resolved_at, closed_at, last_event_seq FROM incidents WHERE id = @Id",
            new { incident.Id }, transaction);
        var playbook = incident.LoadPlaybook(connection, transaction);
        var assigned = connection.Query<(string RoleKey, long PersonId, string PersonName)>(
            "SELECT r.role_key, p.id, p.name FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @Id",
            new { incident.Id }, transaction).ToDictionary(r => r.RoleKey);
        var steps = connection.Query<StepRow>($"SELECT {StepRow.Columns} WHERE s.incident_id = @Id ORDER BY s.position", new { incident.Id }, transaction)
            .ToList();
        return new IncidentDetails
        {
            Key = incident.Key,
            Title = incident.Title,
            Severity = incident.Severity,
            Status = incident.Status,
            PlaybookId = playbook.Id,
            PlaybookVersion = row.PlaybookVersion,
            PlaybookHash = row.PlaybookHash,
            PlaybookTitle = playbook.Title,
            Language = playbook.Language,
            IsExercise = row.IsExercise,
            OpenedBy = row.OpenedBy,
            OpenedAt = incident.OpenedAt,
            ContainedAt = Timestamps.ParseOrNull(row.ContainedAt),
            ResolvedAt = Timestamps.ParseOrNull(row.ResolvedAt),
            ClosedAt = Timestamps.ParseOrNull(row.ClosedAt),
            LastEventSeq = row.LastEventSeq,
            Roles = playbook.Roles.Select(r => assigned.TryGetValue(r.Key, out var a)
                ? new RoleAssignment(r.Key, r.Name, a.PersonId, a.PersonName)
                : new RoleAssignment(r.Key, r.Name, null, null)).ToList(),
            Phases = playbook.Phases.Select((phase, index) => new PhaseView(phase.Id, phase.Title,
                steps.Where(s => s.PhaseIndex == index).Select(s => s.ToView(now)).ToList())).ToList(),
        };
    }
}
