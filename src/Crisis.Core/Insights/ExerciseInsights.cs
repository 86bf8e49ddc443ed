using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Insights;

/// <summary>How one ended exercise scored: its expectations met on time, late and missed (those never played do not count).</summary>
public sealed record ExerciseResult(long ExerciseId, string IncidentKey, string ScenarioId, string Scenario, DateTimeOffset Started, int Met, int Late, int Missed)
{
    public int Scored => Met + Late + Missed;

    /// <summary>The share met on time, 0–1; null when nothing was played.</summary>
    public double? Score => Scored == 0 ? null : (double)Met / Scored;
}

/// <summary>A scenario rehearsed over time: what it sets out to practise and each run's result, oldest first.</summary>
public sealed record ScenarioRecord(string ScenarioId, string Title, IReadOnlyList<string> Objectives, IReadOnlyList<ExerciseResult> Runs);

/// <summary>
/// One thing exercises expect players to do (a step of the playbook, or a message from a template) across the runs that
/// expected it: met, late, missed, the median time it took, and the exercises behind it.
/// </summary>
public sealed record ExpectedAction(string PlaybookId, string Target, string Text, int Met, int Late, int Missed, TimeSpan? TypicalTime, IReadOnlyList<string> IncidentKeys)
{
    public int Scored => Met + Late + Missed;
}

public sealed record ExerciseInsightsView(IReadOnlyList<ExerciseResult> Exercises, IReadOnlyList<ScenarioRecord> ByScenario, IReadOnlyList<ExpectedAction> ActionsMissedMost);

/// <summary>
/// Exercise scores over time: each ended exercise of a filter scored as its after-action report scores it (the
/// trainer's overrides count), by scenario with the scenario's objectives, and the expected actions missed most.
/// Scenario objectives are prose that no expectation points at, so an objective is followed through its scenario's runs.
/// </summary>
public sealed class ExerciseInsights(Database database, ExerciseRuns exercises, IncidentQueries incidents, PlaybookLibrary playbooks, TemplateLibrary templates)
{
    public const int ActionsListed = 20;

    public ExerciseInsightsView Compute(InsightFilter filter, string language)
    {
        var (where, parameters) = IncidentInsights.Where(filter with { Exercises = true });
        List<long> ids;
        using (var connection = database.Open())
            ids = connection.Query<long>($"SELECT e.id FROM exercises e JOIN incidents i ON i.id = e.incident_id {where} AND e.ended_at IS NOT NULL ORDER BY i.opened_at, i.id",
                parameters).ToList();
        var views = ids.Select(id => Readable(id, language)).OfType<ExerciseView>().ToList();
        var results = views.Select(view => new ExerciseResult(view.Id, view.IncidentKey, view.Scenario.Id, view.Scenario.Title, view.Clock.StartedAt,
            Count(view, ScoreResults.Met), Count(view, ScoreResults.Late), Count(view, ScoreResults.Missed))).ToList();

        var byScenario = views.Zip(results).GroupBy(pair => pair.First.Scenario.Id)
            .Select(group =>
            {
                var newest = group.Last().First.Scenario;
                return new ScenarioRecord(group.Key, newest.Title, newest.Objectives, group.Select(pair => pair.Second).ToList());
            })
            .OrderByDescending(record => record.Runs.Count).ThenBy(record => record.Title, StringComparer.Ordinal).ToList();

        var scored = views.SelectMany(view =>
        {
            var words = new IncidentWords(playbooks.InLanguage(incidents.Get(view.IncidentKey), language), templates, language);
            return view.Scores.Where(score => score.Final is ScoreResults.Met or ScoreResults.Late or ScoreResults.Missed)
                .Select(score => (view.Scenario.PlaybookId, view.IncidentKey, Score: score, Text: words.Target(score.Expectation.Target)));
        });
        var actions = scored.GroupBy(item => (item.PlaybookId, item.Score.Expectation.Target))
            .Select(group =>
            {
                var items = group.ToList();
                int Of(string result) => items.Count(item => item.Score.Final == result);
                return new ExpectedAction(group.Key.PlaybookId, group.Key.Target, items[^1].Text, Of(ScoreResults.Met), Of(ScoreResults.Late), Of(ScoreResults.Missed),
                    Spread.Of(items.Select(item => item.Score.Measured).OfType<TimeSpan>()).Median,
                    items.Where(item => item.Score.Final != ScoreResults.Met).Select(item => item.IncidentKey).Distinct().ToList());
            })
            .Where(action => action.Late + action.Missed > 0)
            .OrderByDescending(action => (double)(action.Late + action.Missed) / action.Scored).ThenByDescending(action => action.Late + action.Missed)
            .ThenBy(action => action.Text, StringComparer.Ordinal)
            .Take(ActionsListed)
            .ToList();
        return new ExerciseInsightsView(results, byScenario, actions);
    }

    /// <summary>The exercise as its after-action report reads it; none when its stored scenario can no longer be read, so one damaged run never fails the figures of the others.</summary>
    private ExerciseView? Readable(long id, string language)
    {
        try
        {
            return exercises.Get(id, language);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private static int Count(ExerciseView view, string result) => view.Scores.Count(score => score.Final == result);
}
