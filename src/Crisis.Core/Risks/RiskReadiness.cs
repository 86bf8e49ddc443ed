using System.Data;
using System.Globalization;
using System.Text.Json;
using Crisis.Core.Exercises;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Risks;

/// <summary>How ready the brand is for a risk, as the board reads it.</summary>
public static class ReadinessLevels
{
    /// <summary>Nothing is called out.</summary>
    public const string Ready = "ready";
    /// <summary>Something is called out on a risk that is not high.</summary>
    public const string Gaps = "gaps";
    /// <summary>Something is called out on a high risk (<see cref="RiskScale.IsHigh"/>).</summary>
    public const string NotReady = "not-ready";

    public static IReadOnlyList<string> All { get; } = [NotReady, Gaps, Ready];
}

/// <summary>What a readiness check calls out.</summary>
public static class RiskGapKinds
{
    /// <summary>A high risk with no linked playbook that exists.</summary>
    public const string NoPlaybook = "no-playbook";
    /// <summary>A linked playbook id no playbook file has (renamed or removed).</summary>
    public const string MissingPlaybook = "missing-playbook";
    /// <summary>A linked playbook not exercised in the last twelve months (or never).</summary>
    public const string NotExercised = "not-exercised";
    /// <summary>Follow-ups against the risk not done by their due date.</summary>
    public const string OverdueFollowUps = "overdue-follow-ups";
    /// <summary>The last exercise met fewer than half the expectations it decided: rehearsed, but not yet ready.</summary>
    public const string WeakExercise = "weak-exercise";
    /// <summary>The risk's review date has passed.</summary>
    public const string ReviewPassed = "review-passed";
}

/// <param name="PlaybookId">The playbook a gap is about, for <see cref="RiskGapKinds.MissingPlaybook"/> and <see cref="RiskGapKinds.NotExercised"/>.</param>
/// <param name="Count">How many follow-ups are overdue, for <see cref="RiskGapKinds.OverdueFollowUps"/>; the share of expectations met, in
/// per cent, for <see cref="RiskGapKinds.WeakExercise"/>.</param>
public sealed record RiskGap(string Kind, string? PlaybookId = null, int Count = 0);

/// <param name="Title">The playbook's title in the reader's language; null when no playbook has this id.</param>
/// <param name="LastExercisedAt">The newest exercise opened from it; null when never.</param>
public sealed record LinkedPlaybook(string Id, string? Title, DateTimeOffset? LastExercisedAt)
{
    public bool Exists => Title is not null;
}

/// <param name="ExerciseId">The exercise run behind the incident; null for an exercise incident opened straight from a playbook.</param>
/// <param name="Met">Expectations met (or passed by the trainer), of <see cref="Scored"/>: those met, late or missed; null without a scored run.</param>
public sealed record LastExercise(string IncidentKey, string Title, DateTimeOffset At, long? ExerciseId, int? Met, int? Scored);

public sealed record LastIncident(string Key, string Title, int Severity, DateTimeOffset OpenedAt);

/// <summary>A post-incident review's action item that is not done, counted against the risk.</summary>
public sealed record RiskFollowUp(long Id, string IncidentKey, string Title, string Owner, DateOnly? DueDate, string Status, bool Overdue);

/// <summary>
/// A risk's readiness, computed from the record each time it is read, never typed: its playbooks and when each was last
/// exercised, its newest exercise and that run's score, when it last happened for real, the follow-ups still open
/// against it, and the gaps these leave, each called out in words (<see cref="RiskWords.Gap"/>).
/// </summary>
public sealed record RiskReadiness(string Level, IReadOnlyList<LinkedPlaybook> Playbooks, LastExercise? LastExercise, LastIncident? LastIncident,
    IReadOnlyList<RiskFollowUp> FollowUps, IReadOnlyList<RiskGap> Gaps)
{
    public bool HasPlaybook => Playbooks.Any(playbook => playbook.Exists);
    public int OverdueFollowUps => FollowUps.Count(followUp => followUp.Overdue);
}

/// <summary>Reads what a risk's readiness is computed from, and computes it (see docs/risks.md for the rules).</summary>
public sealed class RiskReadinessCheck(PlaybookLibrary playbooks, TimeProvider time)
{
    /// <summary>How long an exercise keeps a playbook ready.</summary>
    public const int ExercisedWithinMonths = 12;

    /// <summary>
    /// The follow-ups against a risk: review action items still being worked on that name the risk, or whose playbook
    /// change names one of the risk's playbooks. The one place that says which follow-ups belong to a risk.
    /// </summary>
    private static readonly string FollowUpsAgainstRisk =
        $"""
        SELECT ra.id, i.key AS incident_key, ra.title, COALESCE(p.name, ra.owner) AS owner, ra.due_date, ra.status
        FROM review_actions ra JOIN incidents i ON i.id = ra.incident_id LEFT JOIN people p ON p.id = ra.owner_person_id
        WHERE ra.status IN ('{ActionStatus.Open}', '{ActionStatus.InProgress}') AND (ra.risk_id = @riskId OR ra.playbook_change {SqlLists.In("playbooks")})
        ORDER BY ra.due_date IS NULL, ra.due_date, ra.id
        """;

    internal RiskReadiness Compute(IDbConnection connection, long riskId, int likelihood, int impact, string category, DateOnly? reviewDate,
        IReadOnlyList<string> linkedPlaybooks, IReadOnlyList<string> linkedScenarios, TimeZoneInfo zone, CultureInfo culture)
    {
        var now = time.GetUtcNow();
        var today = LocalDays.DayOf(now, zone);
        var playbookList = SqlLists.Of(linkedPlaybooks);
        var exercised = connection.Query<(string PlaybookId, string At)>(
                $"SELECT playbook_id, MAX(opened_at) FROM incidents WHERE is_exercise = 1 AND playbook_id {SqlLists.In("playbooks")} GROUP BY playbook_id",
                new { playbooks = playbookList })
            .ToDictionary(row => row.PlaybookId, row => Timestamps.Parse(row.At));
        var linked = linkedPlaybooks.Select(id => new LinkedPlaybook(id, playbooks.Find(id, culture.Name)?.Playbook.Title,
            exercised.TryGetValue(id, out var at) ? at : null)).ToList();

        var followUps = connection.Query<(long Id, string IncidentKey, string Title, string Owner, string? DueDate, string Status)>(
                FollowUpsAgainstRisk, new { playbooks = playbookList, riskId })
            .Select(row =>
            {
                var due = DateOnly.TryParseExact(row.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null;
                return new RiskFollowUp(row.Id, row.IncidentKey, row.Title, row.Owner, due, row.Status, due < today);
            }).ToList();

        var lastExercise = NewestExercise(connection, playbookList, SqlLists.Of(linkedScenarios), now, culture);
        var gaps = new List<RiskGap>();
        if (RiskScale.IsHigh(likelihood, impact) && !linked.Any(playbook => playbook.Exists)) gaps.Add(new RiskGap(RiskGapKinds.NoPlaybook));
        foreach (var playbook in linked.Where(playbook => !playbook.Exists)) gaps.Add(new RiskGap(RiskGapKinds.MissingPlaybook, playbook.Id));
        var exercisedSince = now.AddMonths(-ExercisedWithinMonths);
        foreach (var playbook in linked.Where(playbook => playbook.Exists && !(playbook.LastExercisedAt >= exercisedSince)))
            gaps.Add(new RiskGap(RiskGapKinds.NotExercised, playbook.Id));
        if (lastExercise is { Met: { } met, Scored: > 0 and var scored } && met * 2 < scored)
            gaps.Add(new RiskGap(RiskGapKinds.WeakExercise, Count: (int)Math.Round(100.0 * met / scored)));
        if (followUps.Count(followUp => followUp.Overdue) is > 0 and var overdue) gaps.Add(new RiskGap(RiskGapKinds.OverdueFollowUps, Count: overdue));
        if (reviewDate < today) gaps.Add(new RiskGap(RiskGapKinds.ReviewPassed));

        var level = gaps.Count == 0 ? ReadinessLevels.Ready : RiskScale.IsHigh(likelihood, impact) ? ReadinessLevels.NotReady : ReadinessLevels.Gaps;
        return new RiskReadiness(level, linked, lastExercise,
            NewestIncident(connection, playbookList, category), followUps, gaps);
    }

    /// <summary>The newest exercise run from one of the risk's scenarios or opened from one of its playbooks, with its score.</summary>
    private static LastExercise? NewestExercise(IDbConnection connection, string playbooks, string scenarios, DateTimeOffset now, CultureInfo culture)
    {
        var rows = connection.Query<(string Key, string Title, string OpenedAt, long? ExerciseId)>(
            $"""
            SELECT i.key, i.title, i.opened_at, e.id FROM incidents i LEFT JOIN exercises e ON e.incident_id = i.id
            WHERE i.is_exercise = 1 AND (i.playbook_id {SqlLists.In("playbooks")} OR e.scenario_id {SqlLists.In("scenarios")})
            ORDER BY i.opened_at DESC, i.id DESC LIMIT 1
            """, new { playbooks, scenarios }).ToList();
        if (rows is not [var found]) return null;
        var (met, scored) = found.ExerciseId is { } exerciseId ? Score(connection, exerciseId, now, culture) : (null, null);
        return new LastExercise(found.Key, found.Title, Timestamps.Parse(found.OpenedAt), found.ExerciseId, met, scored);
    }

    /// <summary>How many of the run's decided expectations (met, late or missed; not those still pending or never played) were met;
    /// none when its stored scenario can no longer be read.</summary>
    private static (int? Met, int? Scored) Score(IDbConnection connection, long exerciseId, DateTimeOffset now, CultureInfo culture)
    {
        try
        {
            var scores = ExerciseRuns.View(connection, ExerciseRow.Load(connection, null, exerciseId), now, language: culture.Name).Scores
                .Where(score => score.Final is ScoreResults.Met or ScoreResults.Late or ScoreResults.Missed).ToList();
            return (scores.Count(score => score.Final == ScoreResults.Met), scores.Count);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return (null, null);
        }
    }

    /// <summary>The newest real incident opened from one of the risk's playbooks or of its category.</summary>
    private static LastIncident? NewestIncident(IDbConnection connection, string playbooks, string category) =>
        connection.Query<(string Key, string Title, int Severity, string OpenedAt)>(
            $"""
            SELECT key, title, severity, opened_at FROM incidents
            WHERE is_exercise = 0 AND (playbook_id {SqlLists.In("playbooks")} OR category = @category)
            ORDER BY opened_at DESC, id DESC LIMIT 1
            """, new { playbooks, category })
            .Select(row => new LastIncident(row.Key, row.Title, row.Severity, Timestamps.Parse(row.OpenedAt))).FirstOrDefault();
}
