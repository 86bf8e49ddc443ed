using System.Globalization;
using Crisis.Core.Insights;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Insights;

/// <summary>A column as the page heads it, and the columns it becomes in a CSV or spreadsheet (a spread is a median and its quartiles there).</summary>
public sealed record InsightColumn(string Title, IReadOnlyList<string> ExportTitles)
{
    public InsightColumn(string title) : this(title, [title]) { }
}

/// <summary>
/// A cell: the words the page shows, the values an export writes (numbers stay numbers: minutes, counts, shares), and
/// the incidents behind the figure, which the page links to.
/// </summary>
public sealed record InsightCell(string Text, IReadOnlyList<object?> Export, IReadOnlyList<string> Incidents)
{
    public static InsightCell Words(string text) => new(text, [text], []);

    public static InsightCell Count(long count) => new(count.ToString("N0", CultureInfo.CurrentCulture), [count], []);
}

/// <summary>One table of the insights page; every one can be downloaded as CSV or XLSX.</summary>
public sealed record InsightTable(string Id, string Title, IReadOnlyList<InsightColumn> Columns, IReadOnlyList<IReadOnlyList<InsightCell>> Rows);

/// <summary>The insights as tables in the reader's language: what the page shows under its charts and what the exports hold.</summary>
public sealed class InsightTables(IStringLocalizer<SharedResource> words, CultureInfo culture, TimeZoneInfo zone, PlaybookLibrary playbooks)
{
    public IReadOnlyList<InsightTable> Of(IncidentInsightsView view, ExerciseInsightsView? exercises)
    {
        var tables = new List<InsightTable>
        {
            TimesTable("by-category", words["Response times by category"], words["Category"],
                [(words["All incidents"], view.Overall, view.ByCategory.SelectMany(group => group.IncidentKeys).ToList()),
                 .. view.ByCategory.Select(group => (InsightWords.Category(group.Key, culture), group.Times, group.IncidentKeys))]),
            TimesTable("by-severity", words["Response times by severity"], words["Severity"],
                view.BySeverity.Select(group => (SharedTexts.Severity(int.Parse(group.Key, CultureInfo.InvariantCulture), culture), group.Times, group.IncidentKeys))),
            TimesTable("by-quarter", words["Response times by quarter"], words["Quarter"],
                view.ByQuarter.Select(group => (InsightWords.Quarter(group.Key, culture), group.Times, group.IncidentKeys))),
            new("by-month", words["Incidents by month"], [new(words["Month"]), new(words["Incidents"]), new(words["Categories"])],
                view.ByMonth.Where(month => month.IncidentKeys.Count > 0).Select(month => Row(InsightCell.Words(InsightWords.Month(month.Month, culture)), Incidents(month.IncidentKeys),
                    InsightCell.Words(Counts(month.ByCategory, InsightWords.Category)))).ToList()),
            new("steps-missed", words["Steps missed most"],
                [new(words["Step"]), new(words["Role"]), new(words["Incidents with the step"]), new(words["Late"]), new(words["Skipped"]), new(words["Left undone"]),
                 new(words["Typical delay"], [words["Typical delay (minutes)"]]), new(words["Incidents"])],
                view.StepsMissedMost.Select(StepRow).ToList()),
            new("approvals", words["Message approval times by audience"],
                [new(words["Audience"]), new(words["Messages approved"]), SpreadColumn(words["From draft to approval"]), new(words["Incidents"])],
                view.ApprovalsByAudience.Select(group => Row(InsightCell.Words(InsightWords.Audience(group.Audience, culture)), InsightCell.Count(group.Times.Count),
                    SpreadCell(group.Times), Incidents(group.IncidentKeys))).ToList()),
        };
        if (exercises is null)
        {
            tables.Add(new("complaints-by-month", words["Complaints by month"], [new(words["Month"]), new(words["Complaints"]), new(words["Channels"])],
                view.CasesByMonth.Where(month => month.Cases > 0).Select(month => Row(InsightCell.Words(InsightWords.Month(month.Month, culture)), InsightCell.Count(month.Cases),
                    InsightCell.Words(Counts(month.ByChannel, InsightWords.Channel)))).ToList()));
            tables.Add(new("cases-per-incident", words["Complaint cases per incident"], [new(words["Incident"]), new(words["Complaint cases"])],
                view.CasesPerIncident.Select(incident => Row(Incidents([incident.IncidentKey]), InsightCell.Count(incident.Cases))).ToList()));
            return tables;
        }
        tables.Add(new("exercise-scores", words["Exercise scores"],
            [new(words["Scenario"]), new(words["Started"]), new(words["Met on time"]), new(words["Late"]), new(words["Missed"]), new(words["Score"], [words["Score (share met on time)"]]),
             new(words["Incident"])],
            exercises.Exercises.Select(result => Row(InsightCell.Words(result.Scenario), InsightCell.Words(SharedTexts.LocalTime(result.Started, zone)), InsightCell.Count(result.Met),
                InsightCell.Count(result.Late), InsightCell.Count(result.Missed), Share(result.Score), Incidents([result.IncidentKey]))).ToList()));
        tables.Add(new("scenarios", words["Scores by scenario and its objectives"],
            [new(words["Scenario"]), new(words["Objectives"]), new(words["Runs"]), new(words["First score"], [words["First score (share met on time)"]]),
             new(words["Latest score"], [words["Latest score (share met on time)"]])],
            exercises.ByScenario.Select(scenario => Row(InsightCell.Words(scenario.Title), InsightCell.Words(string.Join("; ", scenario.Objectives)),
                InsightCell.Count(scenario.Runs.Count), Share(scenario.Runs[0].Score), Share(scenario.Runs[^1].Score))).ToList()));
        tables.Add(new("actions-missed", words["Expected actions missed most in exercises"],
            [new(words["Expected action"]), new(words["Met on time"]), new(words["Late"]), new(words["Missed"]), new(words["Typical time"], [words["Typical time (minutes)"]]),
             new(words["Exercises"])],
            exercises.ActionsMissedMost.Select(action => Row(InsightCell.Words(action.Text), InsightCell.Count(action.Met), InsightCell.Count(action.Late),
                InsightCell.Count(action.Missed), Duration(action.TypicalTime), Incidents(action.IncidentKeys))).ToList()));
        return tables;
    }

    private static IReadOnlyList<InsightCell> Row(params InsightCell[] cells) => cells;

    private InsightTable TimesTable(string id, string title, string groupTitle, IEnumerable<(string Name, ResponseTimes Times, IReadOnlyList<string> Incidents)> groups) =>
        new(id, title,
            [new(groupTitle), new(words["Incidents"]), SpreadColumn(words["To acknowledge"]), SpreadColumn(words["To contain"]), SpreadColumn(words["To resolve"])],
            groups.Select(group => Row(InsightCell.Words(group.Name), Incidents(group.Incidents), SpreadCell(group.Times.Acknowledge), SpreadCell(group.Times.Contain),
                SpreadCell(group.Times.Resolve))).ToList());

    private InsightColumn SpreadColumn(string title) => new(title,
        [words["{0}: median (minutes)", title], words["{0}: lower quartile (minutes)", title], words["{0}: upper quartile (minutes)", title]]);

    /// <summary>"3 h 20 min (2 h–5 h)": the median and the middle half of the incidents around it.</summary>
    private InsightCell SpreadCell(Spread spread) => spread.Median is not { } median
        ? new("—", [null, null, null], [])
        : new(spread.Count == 1 ? Say(median) : words["{0} ({1}–{2})", Say(median), Say(spread.LowerQuartile!.Value), Say(spread.UpperQuartile!.Value)],
            [Minutes(median), Minutes(spread.LowerQuartile), Minutes(spread.UpperQuartile)], []);

    private InsightCell Duration(TimeSpan? duration) => duration is { } value ? new(Say(value), [Minutes(value)], []) : new("—", [null], []);

    private InsightCell Share(double? share) => share is { } value ? new(value.ToString("P0", culture), [Math.Round(value, 3)], []) : new("—", [null], []);

    /// <summary>The incidents behind a figure: the page shows how many and links each; an export lists their keys.</summary>
    private InsightCell Incidents(IReadOnlyList<string> keys) => new(keys.Count.ToString("N0", culture), [string.Join(' ', keys)], keys);

    private string Say(TimeSpan duration) => InsightWords.Duration(duration, culture);

    private static double? Minutes(TimeSpan? duration) => duration is { } value ? Math.Round(value.TotalMinutes, 1) : null;

    private IReadOnlyList<InsightCell> StepRow(StepRecord step)
    {
        var (text, role) = InsightWords.Step(step, playbooks, culture.Name);
        return Row(InsightCell.Words(text), InsightCell.Words(role), InsightCell.Count(step.Incidents), InsightCell.Count(step.Late), InsightCell.Count(step.Skipped),
            InsightCell.Count(step.LeftUndone), Duration(step.TypicalDelay), Incidents(step.IncidentKeys));
    }

    private string Counts(IReadOnlyDictionary<string, long> counts, Func<string, CultureInfo, string> name) =>
        SharedTexts.List(InsightWords.MostFirst(counts).Select(pair => words["{0}: {1}", name(pair.Key, culture), pair.Value.ToString("N0", culture)].Value), culture);
}
