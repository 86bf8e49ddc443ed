using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Insights;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;
using Crisis.Reports;

namespace Crisis.Web.Api;

/// <summary>Figures across incidents over HTTP, for leadership's dashboards and the tools they already use.</summary>
public static class InsightsApi
{
    public static void MapInsightsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/readiness.pdf", (DateOnly? from, DateOnly? to, string? lang, string? paper, ReadinessReports reports) =>
                ReviewsApi.Download(reports.Readiness(from, to, ReviewsApi.Language(lang), ReviewsApi.Paper(paper))))
            .RequireAuthorization(Permissions.Read)
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .WithName("DownloadReadinessPdf")
            .WithSummary("The quarterly readiness report for the board: risk heat map and readiness, incidents against the period before, follow-ups, exercises, asks")
            .WithDescription("Days (yyyy-MM-dd) of the organisation's time zone, both included; by default the quarter to date, compared with the quarter before. ?lang=en|zh-CN, ?paper=A4|Letter.");
        api.MapGet("/insights", (DateOnly? from, DateOnly? to, string? category, int? severity, string? playbook, bool? exercises, string? lang, IncidentInsights insights,
                ExerciseInsights exerciseInsights, PlaybookLibrary playbooks) =>
            {
                var filter = insights.Days(from, to) with { Category = category, Severity = severity, PlaybookId = playbook, Exercises = exercises ?? false };
                var language = ReviewsApi.Language(lang);
                return TypedResults.Ok(InsightsAnswer.Of(insights.Compute(filter), filter.Exercises ? exerciseInsights.Compute(filter, language) : null, playbooks, language));
            })
            .RequireAuthorization(Permissions.Read)
            .WithName("GetInsights")
            .WithSummary("Response times by category, severity and quarter, incidents by month, the playbook steps missed most, message approval times by audience, "
                + "complaints by month and per incident, and (?exercises=true) exercise scores, over the incidents opened from ?from= to ?to=")
            .WithDescription("Days (yyyy-MM-dd) of the organisation's time zone, both included; by default the twelve months to today. ?exercises=true reads the "
                + "drills instead of real incidents, never both. Durations are in minutes; every group names the incidents behind it; names in ?lang=en|zh-CN.");
    }
}

public sealed record SpreadAnswer(int Count, double? MedianMinutes, double? LowerQuartileMinutes, double? UpperQuartileMinutes, double? FastestMinutes, double? SlowestMinutes)
{
    public static SpreadAnswer Of(Spread spread) => new(spread.Count, Minutes(spread.Median), Minutes(spread.LowerQuartile), Minutes(spread.UpperQuartile),
        Minutes(spread.Fastest), Minutes(spread.Slowest));

    public static double? Minutes(TimeSpan? duration) => duration is { } value ? Math.Round(value.TotalMinutes, 1) : null;
}

public sealed record ResponseTimesAnswer(SpreadAnswer Acknowledge, SpreadAnswer Contain, SpreadAnswer Resolve)
{
    public static ResponseTimesAnswer Of(ResponseTimes times) => new(SpreadAnswer.Of(times.Acknowledge), SpreadAnswer.Of(times.Contain), SpreadAnswer.Of(times.Resolve));
}

/// <summary>A group by its key and its name in the reader's language ("recall", "Product recall"; "1", "一级"; "2026-Q4", "2026年第4季度").</summary>
public sealed record InsightGroupAnswer(string Key, string Name, ResponseTimesAnswer Times, IReadOnlyList<string> Incidents);

public sealed record StepRecordAnswer(string PlaybookId, string StepId, string Step, string? Role, int Incidents, int Late, int Skipped, int LeftUndone,
    double? TypicalDelayMinutes, IReadOnlyList<string> IncidentKeys);

/// <summary>A count by its key and its name in the reader's language.</summary>
public sealed record CountAnswer(string Key, string Name, long Count);

public sealed record MonthAnswer(string Month, string Name, IReadOnlyList<string> Incidents, IReadOnlyList<CountAnswer> ByCategory);

public sealed record ApprovalAnswer(string Audience, string Name, SpreadAnswer Times, IReadOnlyList<string> Incidents);

public sealed record CaseMonthAnswer(string Month, string Name, long Cases, IReadOnlyList<CountAnswer> ByChannel);

public sealed record ExerciseResultAnswer(long Exercise, string Incident, string Scenario, DateTimeOffset Started, int Met, int Late, int Missed, double? Score)
{
    public static ExerciseResultAnswer Of(ExerciseResult result) =>
        new(result.ExerciseId, result.IncidentKey, result.Scenario, result.Started, result.Met, result.Late, result.Missed, result.Score is { } score ? Math.Round(score, 3) : null);
}

public sealed record ScenarioAnswer(string Scenario, string Title, IReadOnlyList<string> Objectives, IReadOnlyList<ExerciseResultAnswer> Runs);

public sealed record ExpectedActionAnswer(string PlaybookId, string Action, int Met, int Late, int Missed, double? TypicalMinutes, IReadOnlyList<string> Incidents);

public sealed record ExerciseInsightsAnswer(IReadOnlyList<ExerciseResultAnswer> Exercises, IReadOnlyList<ScenarioAnswer> ByScenario, IReadOnlyList<ExpectedActionAnswer> ActionsMissedMost)
{
    public static ExerciseInsightsAnswer Of(ExerciseInsightsView view) => new(
        view.Exercises.Select(ExerciseResultAnswer.Of).ToList(),
        view.ByScenario.Select(scenario => new ScenarioAnswer(scenario.ScenarioId, scenario.Title, scenario.Objectives, scenario.Runs.Select(ExerciseResultAnswer.Of).ToList())).ToList(),
        view.ActionsMissedMost.Select(action => new ExpectedActionAnswer(action.PlaybookId, action.Text, action.Met, action.Late, action.Missed,
            SpreadAnswer.Minutes(action.TypicalTime), action.IncidentKeys)).ToList());
}

public sealed record InsightsAnswer(DateTimeOffset From, DateTimeOffset To, bool Exercises, int IncidentCount, ResponseTimesAnswer Overall,
    IReadOnlyList<InsightGroupAnswer> ByCategory, IReadOnlyList<InsightGroupAnswer> BySeverity, IReadOnlyList<InsightGroupAnswer> ByQuarter,
    IReadOnlyList<MonthAnswer> ByMonth, IReadOnlyList<StepRecordAnswer> StepsMissedMost, IReadOnlyList<ApprovalAnswer> ApprovalsByAudience,
    IReadOnlyList<CaseMonthAnswer> CasesByMonth, IReadOnlyList<IncidentCaseCount> CasesPerIncident, ExerciseInsightsAnswer? ExerciseScores)
{
    public static InsightsAnswer Of(IncidentInsightsView view, ExerciseInsightsView? exercises, PlaybookLibrary playbooks, string language)
    {
        var culture = SharedTexts.In(language);
        IReadOnlyList<CountAnswer> Counts(IReadOnlyDictionary<string, long> counts, Func<string, CultureInfo, string> name) =>
            InsightWords.MostFirst(counts).Select(count => new CountAnswer(count.Key, name(count.Key, culture), count.Value)).ToList();
        StepRecordAnswer Step(StepRecord step)
        {
            var (text, role) = InsightWords.Step(step, playbooks, language);
            return new(step.PlaybookId, step.StepId, text, step.RoleKey is null ? null : role, step.Incidents, step.Late, step.Skipped, step.LeftUndone,
                SpreadAnswer.Minutes(step.TypicalDelay), step.IncidentKeys);
        }
        IReadOnlyList<InsightGroupAnswer> Groups(IEnumerable<InsightGroup> groups, Func<string, string> name) =>
            groups.Select(group => new InsightGroupAnswer(group.Key, name(group.Key), ResponseTimesAnswer.Of(group.Times), group.IncidentKeys)).ToList();
        return new InsightsAnswer(view.Filter.From, view.Filter.To, view.Filter.Exercises, view.IncidentCount, ResponseTimesAnswer.Of(view.Overall),
            Groups(view.ByCategory, key => InsightWords.Category(key, culture)),
            Groups(view.BySeverity, key => SharedTexts.Severity(int.Parse(key, CultureInfo.InvariantCulture), culture)),
            Groups(view.ByQuarter, key => InsightWords.Quarter(key, culture)),
            view.ByMonth.Select(month => new MonthAnswer(month.Month, InsightWords.Month(month.Month, culture), month.IncidentKeys, Counts(month.ByCategory, InsightWords.Category))).ToList(),
            view.StepsMissedMost.Select(Step).ToList(),
            view.ApprovalsByAudience.Select(group => new ApprovalAnswer(group.Audience, InsightWords.Audience(group.Audience, culture), SpreadAnswer.Of(group.Times), group.IncidentKeys)).ToList(),
            view.CasesByMonth.Select(month => new CaseMonthAnswer(month.Month, InsightWords.Month(month.Month, culture), month.Cases, Counts(month.ByChannel, InsightWords.Channel))).ToList(),
            view.CasesPerIncident,
            exercises is null ? null : ExerciseInsightsAnswer.Of(exercises));
    }
}
