using System.Data;
using System.Text.Json;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>
/// Replays an incident's step events to the state each checklist step must be in, and names every <c>steps</c> row
/// that differs: a status, reason, assignee or note changed in the database without its event. Every change to a step
/// is made by <see cref="StepActions"/> together with its event, so the events alone say what each row holds.
/// </summary>
internal static class StepReplay
{
    public static IReadOnlyList<string> Check(IDbConnection connection, long incidentId, IEnumerable<(string At, string Actor, string Kind, string Data)> events)
    {
        var replayed = new Dictionary<string, StepState>();
        foreach (var e in events.Where(e => EventKinds.IsStepAction(e.Kind)))
        {
            using var document = JsonDocument.Parse(e.Data);
            var data = document.RootElement;
            if (!data.TryGetProperty("step", out var stepId) || stepId.GetString() is not { } id) continue;
            var state = replayed.GetValueOrDefault(id, StepState.Initial);
            replayed[id] = e.Kind switch
            {
                EventKinds.StepNoted => state with { Note = Text(data, "note"), Version = state.Version + 1 },
                EventKinds.StepReassigned => state with { AssigneeId = data.TryGetProperty("personId", out var person) && person.ValueKind == JsonValueKind.Number ? person.GetInt64() : null, Version = state.Version + 1 },
                _ => state with { Status = Text(data, "to") ?? state.Status, Reason = Text(data, "reason"), StatusBy = e.Actor, StatusAt = e.At, Version = state.Version + 1 },
            };
        }

        var problems = new List<string>();
        var rows = connection.Query<StepState>(
            "SELECT step_id, status, reason, status_by, status_at, assignee_id, note, version FROM steps WHERE incident_id = @incidentId ORDER BY phase_index, position",
            new { incidentId }).ToList();
        foreach (var row in rows)
        {
            var expected = replayed.GetValueOrDefault(row.StepId, StepState.Initial) with { StepId = row.StepId };
            var differences = expected.Differences(row);
            if (differences.Count > 0)
                problems.Add($"step '{row.StepId}' does not hold what its events say ({string.Join("; ", differences)}): the steps table was edited directly");
        }
        foreach (var missing in replayed.Keys.Except(rows.Select(row => row.StepId)))
            problems.Add($"step '{missing}' has events but no row in the steps table: the row was deleted");
        return problems;
    }

    private static string? Text(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record StepState
    {
        public static readonly StepState Initial = new();

        public string StepId { get; init; } = "";
        public string Status { get; init; } = StepStatus.Todo;
        public string? Reason { get; init; }
        public string? StatusBy { get; init; }
        public string? StatusAt { get; init; }
        public long? AssigneeId { get; init; }
        public string? Note { get; init; }
        public long Version { get; init; } = 1;

        public List<string> Differences(StepState stored)
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
            Compare("note", Note, stored.Note);
            Compare("version", Version, stored.Version);
            return differences;
        }

        private static string Show<T>(T value) => value is null ? "empty" : $"'{value}'";
    }
}
