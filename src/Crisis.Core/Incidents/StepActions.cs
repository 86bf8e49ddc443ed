using System.Data;
using Crisis.Core.Communications;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>
/// What responders do to checklist steps. Each change is one transaction holding the step row and its timeline event;
/// repeating a change that is already in effect changes nothing and records nothing, so a retried tick is harmless.
/// </summary>
public sealed class StepActions(Database database, TimeProvider time, IncidentChanges changes, Notifications notifications)
{
    /// <summary>The one way in for the checklist page and the API: the verb, with whichever of the inputs it takes.</summary>
    public StepActionResult Act(string key, string stepId, StepVerb verb, Actor actor, StepInputs inputs) => verb switch
    {
        StepVerb.Complete => Complete(key, stepId, actor, inputs.ExpectedVersion),
        StepVerb.Start => Start(key, stepId, actor, inputs.ExpectedVersion),
        StepVerb.Reopen => Reopen(key, stepId, actor, inputs.ExpectedVersion),
        StepVerb.Skip => Skip(key, stepId, actor, inputs.Reason, inputs.ExpectedVersion),
        StepVerb.Block => Block(key, stepId, actor, inputs.Reason, inputs.ExpectedVersion),
        StepVerb.Note => Note(key, stepId, actor, inputs.Text),
        StepVerb.Reassign => Reassign(key, stepId, actor, inputs.PersonId, inputs.ExpectedVersion),
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
    };

    public StepActionResult Complete(string key, string stepId, Actor actor, int? expectedVersion = null) =>
        ChangeStatus(key, stepId, actor, StepStatus.Done, reason: null, expectedVersion, EventKinds.StepCompleted);

    public StepActionResult Start(string key, string stepId, Actor actor, int? expectedVersion = null) =>
        ChangeStatus(key, stepId, actor, StepStatus.Doing, reason: null, expectedVersion, EventKinds.StepStarted);

    public StepActionResult Reopen(string key, string stepId, Actor actor, int? expectedVersion = null) =>
        ChangeStatus(key, stepId, actor, StepStatus.Todo, reason: null, expectedVersion, EventKinds.StepReopened);

    public StepActionResult Skip(string key, string stepId, Actor actor, string? reason, int? expectedVersion = null) =>
        ChangeStatus(key, stepId, actor, StepStatus.Skipped, RequireReason(reason, "skip"), expectedVersion, EventKinds.StepSkipped);

    public StepActionResult Block(string key, string stepId, Actor actor, string? reason, int? expectedVersion = null) =>
        ChangeStatus(key, stepId, actor, StepStatus.Blocked, RequireReason(reason, "block"), expectedVersion, EventKinds.StepBlocked);

    public StepActionResult Note(string key, string stepId, Actor actor, string? text)
    {
        var note = TextLimits.RequireMarkdown(text, TextLimits.Note, "a note's text");
        return Change(key, stepId, actor, expectedVersion: null, (connection, transaction, incident, step, now) =>
        {
            connection.Execute("UPDATE steps SET note = @note, version = version + 1 WHERE incident_id = @Id AND step_id = @stepId",
                new { note, incident.Id, stepId }, transaction);
            return (EventKinds.StepNoted, new { step = stepId, note });
        });
    }

    /// <summary>Gives the step to a named person instead of whoever holds its role; null hands it back to the role.</summary>
    public StepActionResult Reassign(string key, string stepId, Actor actor, long? personId, int? expectedVersion = null) =>
        Change(key, stepId, actor, expectedVersion, (connection, transaction, incident, step, now) =>
        {
            if (step.AssigneeId == personId) return null;
            var person = personId is { } id ? RoleAssignments.FindPerson(connection, transaction, id) : null;
            // A blocked step given to someone is theirs from now on; a done or skipped one keeps the owner it was done under.
            connection.Execute(
                """
                UPDATE steps SET assignee_id = @personId, version = version + 1,
                                 status_owner_id = CASE WHEN status = 'blocked' THEN NULL ELSE status_owner_id END
                WHERE incident_id = @Id AND step_id = @stepId
                """, new { personId, incident.Id, stepId }, transaction);
            if (person is not null) notifications.StepAssigned(connection, transaction, incident, step, person, actor, now);
            return (EventKinds.StepReassigned, new { step = stepId, personId, person = person?.Name });
        });

    private StepActionResult ChangeStatus(string key, string stepId, Actor actor, string status, string? reason, int? expectedVersion, string kind) =>
        Change(key, stepId, actor, expectedVersion, (connection, transaction, incident, step, now) =>
        {
            if (step.Status == status && step.Reason == reason) return null;
            // Done, skipped and blocked steps keep the owner they have now, whoever holds the role later (StepRow.OwnerIdSql).
            var owner = StepStatus.IsSettledBy(status) ? step.OwnerId : null;
            connection.Execute(
                """
                UPDATE steps SET status = @status, reason = @reason, status_by = @by, status_at = @now, status_owner_id = @owner, version = version + 1
                WHERE incident_id = @Id AND step_id = @stepId
                """, new { status, reason, by = actor.Name, now, owner, incident.Id, stepId }, transaction);
            return (kind, new { step = stepId, from = step.Status, to = status, reason });
        });

    private StepActionResult Change(string key, string stepId, Actor actor, int? expectedVersion,
        Func<IDbConnection, IDbTransaction, IncidentRecord, StepRow, DateTimeOffset, (string Kind, object Data)?> apply) =>
        Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var step = StepRow.Load(write.Connection, write.Transaction, incident.Id, stepId)
                ?? throw new NotFoundException($"{key} has no step '{stepId}'");
            IncidentWrite.EnsureVersion(expectedVersion, step.Version, () =>
                $"step '{stepId}' was changed by {step.StatusBy ?? "someone else"} since you loaded it (version {step.Version}, you had {expectedVersion}); reload and try again");
            var change = apply(write.Connection, write.Transaction, incident, step, write.Now);
            long? seq = change is { } c ? write.Record(incident, actor, c.Kind, c.Data).Seq : null;
            var current = StepRow.Load(write.Connection, write.Transaction, incident.Id, stepId)!;
            return new StepActionResult(current.ToView(write.Now), change is not null, seq);
        });

    private IncidentWriter Writer => new(database, time, changes);

    private static string RequireReason(string? reason, string action) =>
        TextLimits.RequireMarkdown(reason, TextLimits.Note, $"a reason to {action} the step");
}

internal sealed class StepRow
{
    public string StepId { get; init; } = "";
    public string? ParentStepId { get; init; }
    public int PhaseIndex { get; init; }
    public string Text { get; init; } = "";
    public string? Guidance { get; init; }
    public string? RoleKey { get; init; }
    public string? TemplateId { get; init; }
    public bool RequiredByLaw { get; init; }
    public string? Regulator { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public long? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    public string Status { get; init; } = "";
    public string? StatusBy { get; init; }
    public DateTimeOffset? StatusAt { get; init; }
    public string? Reason { get; init; }
    public string? Note { get; init; }
    public int Version { get; init; }
    public long? OwnerId { get; init; }
    public string? OwnerName { get; init; }

    /// <summary>Joins a step <c>s</c> to its role's holder <c>r</c>, which <see cref="OwnerIdSql"/> needs.</summary>
    public const string RoleJoin = "LEFT JOIN incident_roles r ON r.incident_id = s.incident_id AND r.role_key = s.role_key";

    /// <summary>
    /// Whose step <c>s</c> is: the owner it was done, skipped or blocked under; else the person it was given to; else
    /// whoever holds its role now. Handing a role over moves only the open steps nobody has settled.
    /// </summary>
    public const string OwnerIdSql = "COALESCE(s.status_owner_id, s.assignee_id, r.person_id)";

    public const string Columns =
        $"""
        s.step_id, s.parent_step_id, s.phase_index, s.text, s.guidance, s.role_key, s.template_id, s.required_by_law, s.regulator, s.due_at, s.assignee_id,
        p.name AS assignee_name, s.status, s.status_by, s.status_at, s.reason, s.note, s.version, o.id AS owner_id, o.name AS owner_name
        FROM steps s LEFT JOIN people p ON p.id = s.assignee_id
        {RoleJoin}
        LEFT JOIN people o ON o.id = {OwnerIdSql}
        """;

    public static StepRow? Load(IDbConnection connection, IDbTransaction? transaction, long incidentId, string stepId) =>
        connection.QuerySingleOrDefault<StepRow>($"SELECT {Columns} WHERE s.incident_id = @incidentId AND s.step_id = @stepId",
            new { incidentId, stepId }, transaction);

    public StepView ToView(DateTimeOffset now) => new()
    {
        Id = StepId,
        ParentId = ParentStepId,
        Text = Text,
        Guidance = Guidance,
        Role = RoleKey,
        AssigneeId = AssigneeId,
        AssigneeName = AssigneeName,
        OwnerId = OwnerId,
        OwnerName = OwnerName,
        Template = TemplateId,
        RequiredByLaw = RequiredByLaw,
        Regulator = Regulator,
        DueAt = DueAt,
        Status = Status,
        StatusBy = StatusBy,
        StatusAt = StatusAt,
        Reason = Reason,
        Note = Note,
        Version = Version,
        Overdue = DueAt is { } due && due < now && StepStatus.IsOpen(Status),
    };
}
