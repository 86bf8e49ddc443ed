namespace Crisis.Core.Incidents;

public static class IncidentStatus
{
    public const string Open = "open";
    public const string Contained = "contained";
    public const string Resolved = "resolved";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> InOrder = [Open, Contained, Resolved, Closed];

    public static bool IsKnown(string status) => InOrder.Contains(status);

    /// <summary>Resolved or closed: the response is over, so whatever is still open gets left undone.</summary>
    public static bool EndsTheResponse(string status) => status is Resolved or Closed;
}

public static class StepStatus
{
    public const string Todo = "todo";
    public const string Doing = "doing";
    public const string Done = "done";
    public const string Skipped = "skipped";
    public const string Blocked = "blocked";

    /// <summary>Steps that still need someone's attention.</summary>
    public static bool IsOpen(string status) => status is Todo or Doing or Blocked;

    /// <summary>Statuses someone settles a step in: it keeps the owner it had then, whoever holds its role later.</summary>
    public static bool IsSettledBy(string status) => status is Done or Skipped or Blocked;
}

/// <summary>Who did something, as recorded on the timeline. The account role and email matter only to rules that depend on
/// who someone is in this incident (approving a message as a role the playbook names).</summary>
public sealed record Actor(string Name, string? AccountRole = null, string? Email = null)
{
    /// <summary>Crisis itself, as the actor of what its workers do (a reminder sent, a signal raised, personal data purged); told as "Crisis".</summary>
    public const string CrisisItself = "crisis";

    /// <summary>The exercise clock, as the actor that releases a scheduled inject.</summary>
    public const string ExerciseClock = "exercise clock";
}

public sealed record OpenIncidentRequest(
    string PlaybookId,
    string Title,
    int Severity,
    IReadOnlyDictionary<string, long>? Roles = null,
    bool IsExercise = false,
    string Language = "en");

public sealed record IncidentSummary
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public int Severity { get; init; }
    public required string Status { get; init; }
    public required string PlaybookId { get; init; }
    public bool IsExercise { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int StepsTotal { get; init; }
    public int StepsDone { get; init; }
    public int StepsOverdue { get; init; }

    /// <summary>An exercise whose trainer has ended it: over, whatever status its incident was left in.</summary>
    public bool ExerciseEnded { get; init; }
}

public sealed record IncidentDetails
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public required int Severity { get; init; }
    public required string Status { get; init; }
    public required string PlaybookId { get; init; }
    public required int PlaybookVersion { get; init; }
    public required string PlaybookHash { get; init; }
    public required string PlaybookTitle { get; init; }
    /// <summary>The language of the playbook version the checklist was generated from: en or zh-CN.</summary>
    public required string Language { get; init; }
    public required bool IsExercise { get; init; }
    public required string OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ContainedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public required IReadOnlyList<RoleAssignment> Roles { get; init; }
    public required IReadOnlyList<PhaseView> Phases { get; init; }
    public required long LastEventSeq { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<StepView> AllSteps => Phases.SelectMany(p => p.Steps);
}

public sealed record RoleAssignment(string Key, string Name, long? PersonId, string? PersonName);

public sealed record PhaseView(string Id, string Title, IReadOnlyList<StepView> Steps)
{
    public int Done => Steps.Count(s => !StepStatus.IsOpen(s.Status));
}

public sealed record StepView
{
    public required string Id { get; init; }
    public string? ParentId { get; init; }
    public required string Text { get; init; }
    public string? Guidance { get; init; }
    public string? Role { get; init; }
    public long? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    /// <summary>Whose step it is: for a done, skipped or blocked step the person it was settled under, never changed by a later hand-off of its role.</summary>
    public long? OwnerId { get; init; }
    public string? OwnerName { get; init; }
    public string? Template { get; init; }
    /// <summary>The playbook marks the step as required by law (<c>required:law</c>).</summary>
    public bool RequiredByLaw { get; init; }
    /// <summary>The purpose of the regulator the step reports to (<c>regulator:</c>), looked up in the regulator directory.</summary>
    public string? Regulator { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public required string Status { get; init; }
    public string? StatusBy { get; init; }
    public DateTimeOffset? StatusAt { get; init; }
    public string? Reason { get; init; }
    public string? Note { get; init; }
    public required int Version { get; init; }
    public bool Overdue { get; init; }
}

/// <summary>An open step as its owner's list of work across incidents shows it.</summary>
public sealed record OwnedStep
{
    public required string IncidentKey { get; init; }
    public required string IncidentTitle { get; init; }
    public int IncidentSeverity { get; init; }
    public bool IsExercise { get; init; }
    public required string PlaybookId { get; init; }

    /// <summary>The language of the playbook the incident was opened from, which <see cref="Text"/> is in.</summary>
    public required string Language { get; init; }
    public required string StepId { get; init; }
    public required string Text { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public bool Overdue { get; init; }
}

/// <summary>The outcome of a step action: the step as it is now, and whether the action changed anything.</summary>
public sealed record StepActionResult(StepView Step, bool Changed, long? EventSeq);
