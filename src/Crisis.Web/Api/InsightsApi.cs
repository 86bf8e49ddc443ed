using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Insights;
using Crisis.Core.Localization;

namespace Crisis.Web.Api;

/// <summary>Figures across incidents over HTTP, for leadership's dashboards and the tools they already use.</summary>
public static class InsightsApi
{
    public static void MapInsightsApi(this RouteGroupBuilder api) =>
        api.MapGet("/insights", (DateOnly? from, DateOnly? to, string? category, int? severity, string? playbook, bool? exercises, string? lang, IncidentInsights insights) =>
            {
                var filter = insights.Days(from, to) with { Category = category, Severity = severity, PlaybookId = playbook, Exercises = exercises ?? false };
                return TypedResults.Ok(InsightsAnswer.Of(insights.Compute(filter), SharedTexts.In(ReviewsApi.Language(lang))));
            })
            .RequireAuthorization(Permissions.Read)
            .WithName("GetInsights")
            .WithSummary("Response times by category, severity and quarter, and the playbook steps missed most, over the incidents opened from ?from= to ?to=")
            .WithDescription("Days (yyyy-MM-dd) of the organisation's time zone, both included; by default the twelve months to today. ?exercises=true reads the "
                + "drills instead of real incidents, never both. Durations are in minutes; every group names the incidents behind it; names in ?lang=en|zh-CN.");
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

public sealed record InsightsAnswer(DateTimeOffset From, DateTimeOffset To, bool Exercises, int IncidentCount, ResponseTimesAnswer Overall,
    IReadOnlyList<InsightGroupAnswer> ByCategory, IReadOnlyList<InsightGroupAnswer> BySeverity, IReadOnlyList<InsightGroupAnswer> ByQuarter,
    IReadOnlyList<StepRecordAnswer> StepsMissedMost)
{
    public static InsightsAnswer Of(IncidentInsightsView view, CultureInfo culture)
    {
        IReadOnlyList<InsightGroupAnswer> Groups(IEnumerable<InsightGroup> groups, Func<string, string> name) =>
            groups.Select(group => new InsightGroupAnswer(group.Key, name(group.Key), ResponseTimesAnswer.Of(group.Times), group.IncidentKeys)).ToList();
        return new InsightsAnswer(view.Filter.From, view.Filter.To, view.Filter.Exercises, view.IncidentCount, ResponseTimesAnswer.Of(view.Overall),
            Groups(view.ByCategory, key => InsightWords.Category(key, culture)),
            Groups(view.BySeverity, key => SharedTexts.Severity(int.Parse(key, CultureInfo.InvariantCulture), culture)),
            Groups(view.ByQuarter, key => InsightWords.Quarter(key, culture)),
            view.StepsMissedMost.Select(step => new StepRecordAnswer(step.PlaybookId, step.StepId, step.Text, step.RoleName, step.Incidents, step.Late, step.Skipped,
                step.LeftUndone, SpreadAnswer.Minutes(step.TypicalDelay), step.IncidentKeys)).ToList());
    }
}
