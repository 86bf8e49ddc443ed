using System.Data;
using System.Text.Json;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>The incident row as the use cases that change an incident need it, read inside their transaction.</summary>
internal sealed class IncidentRecord
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Title { get; init; } = "";
    public int Severity { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset OpenedAt { get; init; }

    internal static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    public static IncidentRecord Load(IDbConnection connection, IDbTransaction? transaction, string key) =>
        connection.QuerySingleOrDefault<IncidentRecord>(
            "SELECT id, key, title, severity, status, opened_at FROM incidents WHERE key = @key",
            new { key }, transaction)
        ?? throw new NotFoundException($"no incident {key}");

    public static IncidentRecord LoadById(IDbConnection connection, IDbTransaction? transaction, long id) =>
        connection.QuerySingle<IncidentRecord>("SELECT id, key, title, severity, status, opened_at FROM incidents WHERE id = @id", new { id }, transaction);

    /// <summary>The playbook snapshot, read only by the use cases that need it: it is the largest column by far.</summary>
    public Playbook LoadPlaybook(IDbConnection connection, IDbTransaction? transaction) =>
        JsonSerializer.Deserialize<Playbook>(
            connection.QuerySingle<string>("SELECT snapshot FROM incidents WHERE id = @Id", new { Id }, transaction), SnapshotJson)!;

    /// <summary>The language the incident is run in ("en", "zh-CN"), read from its snapshot without deserialising every step of it.</summary>
    public static string Language(IDbConnection connection, IDbTransaction? transaction, long id) =>
        connection.ExecuteScalar<string?>($"SELECT {SqlJson.Field("snapshot", "language")} FROM incidents WHERE id = @id", new { id }, transaction) ?? "en";

    public void EnsureNotClosed()
    {
        if (Status == IncidentStatus.Closed) throw new RuleViolationException($"{Key} is closed; reopen is not possible, open a new incident") { TextKey = RefusalTexts.IncidentClosed, TextArguments = [Key] };
    }
}

/// <summary>Turns a playbook's steps into checklist rows for one severity.</summary>
internal static class StepGenerator
{
    public static void Insert(IDbConnection connection, IDbTransaction transaction, long incidentId, Playbook playbook, int severity,
        Func<Deadline, DateTimeOffset> dueAt, ISet<string> existing, List<string> added)
    {
        // Positions follow the playbook, counting steps of every severity, so steps added on escalation sort in place.
        var position = 0;
        for (var phaseIndex = 0; phaseIndex < playbook.Phases.Count; phaseIndex++)
        {
            foreach (var step in playbook.Phases[phaseIndex].Steps)
            {
                InsertStep(step, parent: null, step.AppliesTo(severity));
                foreach (var subStep in step.SubSteps) InsertStep(subStep, step, step.AppliesTo(severity) && subStep.AppliesTo(severity));
            }

            void InsertStep(PlaybookStep step, PlaybookStep? parent, bool applies)
            {
                position++;
                if (!applies || existing.Contains(step.Id)) return;
                var deadline = step.Deadline ?? parent?.Deadline;
                connection.Execute(
                    """
                    INSERT INTO steps (incident_id, step_id, parent_step_id, phase_index, position, text, guidance, role_key, template_id, due_at, required_by_law, regulator)
                    VALUES (@incidentId, @StepId, @ParentId, @phaseIndex, @position, @Text, @Guidance, @Role, @Template, @DueAt, @RequiredByLaw, @Regulator)
                    """,
                    new
                    {
                        incidentId,
                        StepId = step.Id,
                        ParentId = parent?.Id,
                        phaseIndex,
                        position,
                        step.Text,
                        Guidance = step.Guidance.Length > 0 ? step.Guidance : null,
                        Role = step.Role ?? parent?.Role,
                        step.Template,
                        step.RequiredByLaw,
                        step.Regulator,
                        DueAt = deadline is { } due ? dueAt(due) : (DateTimeOffset?)null,
                    }, transaction);
                existing.Add(step.Id);
                added.Add(step.Id);
            }
        }
    }
}
