using System.Data;
using System.Text.Json;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>
/// Replays an incident's step and role events to the state each checklist step must be in, and names every
/// <c>steps</c> row that differs: a status, reason, assignee, note or the owner a step was settled under changed in
/// the database without its event. Every change to a step is made by <see cref="StepActions"/> together with its
/// event, and every change of a role's holder by <see cref="RoleAssignments"/> with its own, so the events alone say
/// what each row holds.
/// </summary>
internal static class StepReplay
{
    public static IReadOnlyList<string> Check(IDbConnection connection, long incidentId, IEnumerable<(string At, string Actor, string Kind, string Data)> events)
    {
        var rows = connection.Query<StepState>(
            "SELECT step_id, role_key, status, reason, status_by, status_at, assignee_id, status_owner_id, note, version FROM steps WHERE incident_id = @incidentId ORDER BY phase_index, position",
            new { incidentId }).ToList();
        var roleOf = rows.ToDictionary(row => row.StepId, row => row.RoleKey);
        var holders = new Dictionary<string, long?>();
        var replayed = new Dictionary<string, StepState>();
        foreach (var e in events)
        {
            using var document = JsonDocument.Parse(e.Data);
            var data = document.RootElement;
            if (e.Kind == EventKinds.RoleAssigned && Text(data, "role") is { } role)
            {
                holders[role] = Id(data, "personId");
                continue;
            }
            if (!EventKinds.IsStepAction(e.Kind) || Text(data, "step") is not { } id) continue;
            var state = replayed.GetValueOrDefault(id, StepState.Initial);
            replayed[id] = e.Kind switch
            {
                EventKinds.StepNoted => state with { Note = Text(data, "note"), Version = state.Version + 1 },
                // A blocked step given to someone is theirs from now on (StepActions.Reassign).
                EventKinds.StepReassigned => state with
                {
                    AssigneeId = Id(data, "personId"),
                    StatusOwnerId = state.Status == StepStatus.Blocked ? null : state.StatusOwnerId,
                    Version = state.Version + 1,
                },
                _ => Settle(state with { Status = Text(data, "to") ?? state.Status, Reason = Text(data, "reason"), StatusBy = e.Actor, StatusAt = e.At, Version = state.Version + 1 },
                    ownerBefore: state.StatusOwnerId ?? state.AssigneeId ?? (roleOf.GetValueOrDefault(id) is { } stepRole ? holders.GetValueOrDefault(stepRole) : null)),
            };
        }

        var problems = new List<string>();
        foreach (var row in rows)
        {
            var expected = replayed.GetValueOrDefault(row.StepId, StepState.Initial) with { StepId = row.StepId };
            var differences = expected.Differences(row, PersonNames(connection));
            if (differences.Count > 0)
                problems.Add($"step '{row.StepId}' does not hold what its events say ({string.Join("; ", differences)}): the steps table was edited directly");
        }
        foreach (var missing in replayed.Keys.Except(rows.Select(row => row.StepId)))
            problems.Add($"step '{missing}' has events but no row in the steps table: the row was deleted");
        return problems;
    }

    /// <summary>Done, skipped and blocked steps keep whose they were when settled (<see cref="StepRow.OwnerIdSql"/>); open ones have no settled owner.</summary>
    private static StepState Settle(StepState state, long? ownerBefore) =>
        state with { StatusOwnerId = StepStatus.IsSettledBy(state.Status) ? ownerBefore : null };

    private static string? Text(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Id(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    /// <summary>People by name in a report, read only when a row differs.</summary>
    private static Func<long, string> PersonNames(IDbConnection connection) =>
        id => connection.QuerySingleOrDefault<string>("SELECT name FROM people WHERE id = @id", new { id }) ?? $"person {id}";

    private sealed record StepState
    {
        public static readonly StepState Initial = new();

        public string StepId { get; init; } = "";
        public string? RoleKey { get; init; }
        public string Status { get; init; } = StepStatus.Todo;
        public string? Reason { get; init; }
        public string? StatusBy { get; init; }
        public string? StatusAt { get; init; }
        public long? AssigneeId { get; init; }
        public long? StatusOwnerId { get; init; }
        public string? Note { get; init; }
        public long Version { get; init; } = 1;

        public List<string> Differences(StepState stored, Func<long, string> personName)
        {
            var differences = new List<string>();
            void Compare<T>(string what, T expected, T actual)
            {
                if (!EqualityComparer<T>.Default.Equals(expected, actual)) differences.Add($"{what} is {Show(actual)}, the events say {Show(expected)}");
            }
            Compare("status", Status, stored.Status);
            Compare("reason", Reason, stored.Reason);
            Compare("status set by", StatusBy, stored.StatusBy);
            Compare("status set at", StatusAt, stored.StatusAt);
            Compare("assignee", AssigneeId, stored.AssigneeId);
            string OwnerName(long? id) => id is { } person ? personName(person) : "nobody";
            if (StatusOwnerId != stored.StatusOwnerId)
                differences.Add($"settled under {OwnerName(stored.StatusOwnerId)}, the events say {OwnerName(StatusOwnerId)}");
            Compare("note", Note, stored.Note);
            Compare("version", Version, stored.Version);
            return differences;
        }

        private static string Show<T>(T value) => value is null ? "empty" : $"'{value}'";
    }
}
