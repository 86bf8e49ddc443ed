using System.Text.Json;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Playbooks;

public enum StepChangeKind { Added, Removed, Changed }

/// <summary>A step as a version of the playbook has it: its text, the name of the role that owns it, its deadline as written (+4h).</summary>
public sealed record StepFacts(string Text, string? Role, string? Due);

/// <summary>One step's difference between two versions of a playbook; an added step has no <see cref="Before"/>, a removed one no <see cref="After"/>.</summary>
public sealed record StepChange(StepChangeKind Kind, string StepId, StepFacts? Before, StepFacts? After)
{
    public bool TextChanged => Before is not null && After is not null && Before.Text != After.Text;
    public bool RoleChanged => Before is not null && After is not null && Before.Role != After.Role;
    public bool DueChanged => Before is not null && After is not null && Before.Due != After.Due;
}

/// <summary>An incident opened from an earlier version of a playbook.</summary>
public sealed record IncidentOfVersion(string Key, string Title, bool IsExercise);

/// <summary>
/// A version of a playbook incidents were opened from that is not the one in the library now: the newest of those
/// incidents (<see cref="Incidents"/>, of <see cref="IncidentCount"/>), and what changed in the steps since.
/// <see cref="Changes"/> is null when the incidents' snapshot cannot be read.
/// </summary>
public sealed record EarlierVersion(int Version, string Language, IReadOnlyList<IncidentOfVersion> Incidents, int IncidentCount, IReadOnlyList<StepChange>? Changes);

/// <summary>
/// What changed in a playbook since incidents were opened from it. Incidents keep the playbook they were opened from
/// (their snapshot); each earlier version is compared, step by step, with the current file in the same language.
/// </summary>
public sealed class PlaybookChanges(Database database, PlaybookLibrary library)
{
    /// <summary>The earlier versions shown: the most recently used first.</summary>
    public const int VersionsShown = 5;

    /// <summary>The incidents named for each version; the rest are counted.</summary>
    public const int IncidentsNamed = 5;

    public IReadOnlyList<EarlierVersion> SinceIncidents(string playbookId)
    {
        using var connection = database.Open();
        var versions = connection.Query<(string Hash, int Version, long Count)>(
            """
            SELECT playbook_hash, MAX(playbook_version), COUNT(*) FROM incidents WHERE playbook_id = @playbookId
            GROUP BY playbook_hash ORDER BY MAX(opened_at) DESC, MAX(id) DESC
            """, new { playbookId }).ToList();
        var current = library.All().Where(result => result.Playbook.Id == playbookId).Select(result => result.Playbook).ToList();
        var earlier = new List<EarlierVersion>();
        foreach (var (hash, version, count) in versions.Where(used => current.All(playbook => playbook.Hash != used.Hash)))
        {
            var snapshot = Snapshot(connection.QueryFirst<string>(
                "SELECT snapshot FROM incidents WHERE playbook_id = @playbookId AND playbook_hash = @hash", new { playbookId, hash }));
            var now = current.FirstOrDefault(playbook => playbook.Language == (snapshot?.Language ?? "en"));
            // A language the library no longer has, or a snapshot that cannot be read in one nobody can tell: nothing to compare with.
            if (now is null && snapshot is not null) continue;
            var incidents = connection.Query<(string Key, string Title, long IsExercise)>(
                $"""
                SELECT key, title, is_exercise FROM incidents WHERE playbook_id = @playbookId AND playbook_hash = @hash
                ORDER BY opened_at DESC, id DESC LIMIT {IncidentsNamed}
                """, new { playbookId, hash }).Select(row => new IncidentOfVersion(row.Key, row.Title, row.IsExercise != 0)).ToList();
            earlier.Add(new EarlierVersion(snapshot?.Version ?? version, snapshot?.Language ?? "en", incidents, (int)count,
                snapshot is null || now is null ? null : Compare(snapshot, now)));
            if (earlier.Count == VersionsShown) break;
        }
        return earlier;
    }

    /// <summary>The steps added, removed and changed (text, role, deadline) from <paramref name="before"/> to <paramref name="after"/>, in the order of <paramref name="after"/> (removed ones last).</summary>
    public static IReadOnlyList<StepChange> Compare(Playbook before, Playbook after)
    {
        var old = Steps(before);
        var now = Steps(after);
        var changes = new List<StepChange>();
        foreach (var (id, facts) in now)
        {
            if (!old.TryGetValue(id, out var was)) changes.Add(new StepChange(StepChangeKind.Added, id, null, facts));
            else if (was != facts) changes.Add(new StepChange(StepChangeKind.Changed, id, was, facts));
        }
        changes.AddRange(old.Where(step => !now.ContainsKey(step.Key)).Select(step => new StepChange(StepChangeKind.Removed, step.Key, step.Value, null)));
        return changes;
    }

    /// <summary>Every step and sub-step by id, in the playbook's order; a sub-step without a role or deadline of its own has its parent's.</summary>
    private static Dictionary<string, StepFacts> Steps(Playbook playbook)
    {
        var roles = playbook.Roles.DistinctBy(role => role.Key).ToDictionary(role => role.Key, role => role.Name);
        string? RoleName(string? key) => key is null ? null : roles.GetValueOrDefault(key) ?? IncidentWords.Readable(key);
        var steps = new Dictionary<string, StepFacts>();
        foreach (var step in playbook.Phases.SelectMany(phase => phase.Steps))
        {
            steps.TryAdd(step.Id, new StepFacts(step.Text, RoleName(step.Role), step.Due));
            foreach (var sub in step.SubSteps)
                steps.TryAdd(sub.Id, new StepFacts(sub.Text, RoleName(sub.Role ?? step.Role), sub.Due ?? step.Due));
        }
        return steps;
    }

    /// <summary>The playbook an incident was opened from, or null when its snapshot cannot be read (nothing stored may fail the page).</summary>
    private static Playbook? Snapshot(string json)
    {
        try
        {
            // JSON that reads yet leaves a list out (null) is as unreadable as JSON that does not read.
            return JsonSerializer.Deserialize<Playbook>(json, IncidentRecord.SnapshotJson) is { Roles: not null, Phases: not null } playbook
                   && playbook.Roles.All(role => role?.Key is not null)
                   && playbook.Phases.All(phase => phase?.Steps is not null
                       && phase.Steps.All(step => step is { SubSteps: not null, Roles: not null } && step.SubSteps.All(sub => sub is { Roles: not null })))
                ? playbook
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
