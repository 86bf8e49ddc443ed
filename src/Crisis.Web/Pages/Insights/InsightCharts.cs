using System.Globalization;
using System.Text.Json;
using Crisis.Core.Insights;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Insights;

public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>
/// What insights.js draws with ECharts: bars (stacked) or lines over named categories, values in one unit. The page
/// carries it as a data attribute, so no inline script is needed (the content security policy allows none).
/// </summary>
public sealed record InsightChart(string Id, string Title, string Kind, bool Stacked, string Unit, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    public bool IsEmpty => Series.All(series => series.Values.All(value => value is null or 0));

    public string Json() => JsonSerializer.Serialize(this, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>The insights as charts in the reader's language: incidents and complaints by month, response times by quarter, exercise scores over time.</summary>
public sealed class InsightCharts(IStringLocalizer<SharedResource> words, CultureInfo culture, TimeZoneInfo zone)
{
    public IReadOnlyList<InsightChart> Of(IncidentInsightsView view, ExerciseInsightsView? exercises)
    {
        var months = view.ByMonth.Select(month => InsightWords.Month(month.Month, culture)).ToList();
        var quarters = view.ByQuarter.Select(group => InsightWords.Quarter(group.Key, culture)).ToList();
        double? Hours(Spread spread) => spread.Median is { } median ? Math.Round(median.TotalHours, 2) : null;
        var charts = new List<InsightChart>
        {
            new("incidents-by-month", words["Incidents by month"], "bar", true, "", months,
                Stack(view.ByMonth.Select(month => month.ByCategory).ToList(), InsightWords.Category)),
            new("times-by-quarter", words["Median response times by quarter"], "line", false, words["hours"], quarters,
            [
                new(words["To acknowledge"], view.ByQuarter.Select(group => Hours(group.Times.Acknowledge)).ToList()),
                new(words["To contain"], view.ByQuarter.Select(group => Hours(group.Times.Contain)).ToList()),
                new(words["To resolve"], view.ByQuarter.Select(group => Hours(group.Times.Resolve)).ToList()),
            ]),
        };
        if (exercises is null)
        {
            charts.Add(new("complaints-by-month", words["Complaints by month"], "bar", true, "", months,
                Stack(view.CasesByMonth.Select(month => month.ByChannel).ToList(), InsightWords.Channel)));
            return charts;
        }
        var runs = exercises.Exercises;
        charts.Add(new("exercise-scores", words["Exercise scores over time"], "line", false, "%",
            runs.Select(run => TimeZoneInfo.ConvertTime(run.Started, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
            exercises.ByScenario.Select(scenario => new ChartSeries(scenario.Title,
                runs.Select(run => run.ScenarioId == scenario.ScenarioId && run.Score is { } score ? Math.Round(score * 100) : (double?)null).ToList())).ToList()));
        return charts;
    }

    /// <summary>One series per key (a category, a channel), biggest first, with each period's count.</summary>
    private List<ChartSeries> Stack(IReadOnlyList<IReadOnlyDictionary<string, long>> periods, Func<string, CultureInfo, string> name) =>
        periods.SelectMany(period => period).GroupBy(pair => pair.Key).OrderByDescending(group => group.Sum(pair => pair.Value)).ThenBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ChartSeries(name(group.Key, culture), periods.Select(period => (double?)period.GetValueOrDefault(group.Key)).ToList())).ToList();
}
