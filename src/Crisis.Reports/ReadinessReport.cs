using Crisis.Core.FollowUps;
using Crisis.Core.Insights;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Risks;
using Crisis.Pdf;

namespace Crisis.Reports;

/// <summary>Everything the quarterly readiness report shows, read once for a period and the period before it.</summary>
public sealed record ReadinessReportData(
    DateOnly FirstDay,
    DateOnly LastDay,
    DateOnly PreviousFirstDay,
    DateOnly PreviousLastDay,
    string Brand,
    IReadOnlyList<RiskView> Risks,
    IncidentInsightsView Incidents,
    IncidentInsightsView PreviousIncidents,
    ExerciseInsightsView Exercises,
    int PreviousExercisesRun,
    IReadOnlyList<FollowUp> FollowUpsDone,
    int PreviousFollowUpsDone,
    IReadOnlyList<FollowUp> FollowUpsOverdue,
    DateTimeOffset GeneratedAt);

/// <summary>
/// The report for the board, once a quarter: the risk heat map and how ready the brand is for each risk, the period's
/// incidents and their response times against the period before, the follow-ups done and those overdue, the exercises
/// run and their scores, and what the team asks for, drawn from the gaps the record shows.
/// </summary>
public static class ReadinessReport
{
    /// <summary>The steps missed most that become an ask: those missed in at least this share of the incidents that had them.</summary>
    private const double StepAskShare = 0.5;

    public static Document Build(ReadinessReportData data, ReportTexts t, PlaybookLibrary playbooks, PageFormat page)
    {
        var title = t.Readiness("title");
        var period = t.Format(t.Readiness("period-range"), t.Day(data.FirstDay), t.Day(data.LastDay));
        var document = new Document
        {
            Info = new DocumentInfo($"{data.Brand} · {title} · {period}", data.Brand, title, title, t.Language, data.GeneratedAt),
            Page = page,
            HeaderLeft = $"{data.Brand} · {title}",
            HeaderRight = period,
            FooterLeft = t.Confidential,
            PageLabel = (number, count) => t.Format(t.PageLabel, number, count),
        };
        Cover(document, data, t, title, period);
        Risks(document, data, t, playbooks);
        Incidents(document, data, t);
        FollowUps(document, data, t);
        Exercises(document, data, t);
        Asks(document, data, t, playbooks);
        return document;
    }

    private static void Cover(Document document, ReadinessReportData data, ReportTexts t, string title, string period)
    {
        // A period without incidents has no time to tell: a dash, not "not yet", which says one is still awaited.
        string Median(IncidentInsightsView incidents, Func<ResponseTimes, Spread> measure) =>
            incidents.IncidentCount == 0 ? "—" : t.Duration(measure(incidents.Overall).Median);
        document.Add(
            new Paragraph([new Span(title.ToUpperInvariant(), SpanStyle.Bold, Color: Palette.Muted)], TextSize.Small),
            new Paragraph([new Span(data.Brand, SpanStyle.Bold, Color: Palette.Heading)], TextSize.Title),
            new KeyValueBlock(
            [
                new(t.Readiness("Period"), period),
                new(t.Readiness("Compared with"), t.Format(t.Readiness("period-range"), t.Day(data.PreviousFirstDay), t.Day(data.PreviousLastDay))),
                new(t.Readiness("Generated"), t.Time(data.GeneratedAt)),
            ]),
            new Heading(1, t.Readiness("At a glance")),
            new Table([new(t.Readiness("Measure"), 2), new(t.Readiness("This period"), 1, Align.Right), new(t.Readiness("Previous period"), 1, Align.Right)],
            [
                [t.Readiness("Risks not ready"), Count(data.Risks.Count(risk => risk.Readiness.Level == ReadinessLevels.NotReady)), "—"],
                [t.Readiness("Incidents opened"), Count(data.Incidents.IncidentCount), Count(data.PreviousIncidents.IncidentCount)],
                [t.Readiness("Median time to acknowledge"), Median(data.Incidents, times => times.Acknowledge), Median(data.PreviousIncidents, times => times.Acknowledge)],
                [t.Readiness("Median time to contain"), Median(data.Incidents, times => times.Contain), Median(data.PreviousIncidents, times => times.Contain)],
                [t.Readiness("Median time to resolve"), Median(data.Incidents, times => times.Resolve), Median(data.PreviousIncidents, times => times.Resolve)],
                [t.Readiness("Exercises run"), Count(data.Exercises.Exercises.Count), Count(data.PreviousExercisesRun)],
                [t.Readiness("Follow-ups done"), Count(data.FollowUpsDone.Count), Count(data.PreviousFollowUpsDone)],
                [t.Readiness("Follow-ups overdue now"), Count(data.FollowUpsOverdue.Count), "—"],
            ], TextSize.Body));
    }

    /// <summary>The 5x5 heat map as a table (impact down, likelihood across, the count of risks in each square), then each risk's readiness, least ready first.</summary>
    private static void Risks(Document document, ReadinessReportData data, ReportTexts t, PlaybookLibrary playbooks)
    {
        document.Add(new Heading(1, t.Readiness("Risks and readiness")));
        if (data.Risks.Count == 0)
        {
            document.Add(ReviewReport.Absent(t.Readiness("No risks in the register yet.")));
            return;
        }
        document.Add(new Paragraph([new Span(t.Format(t.Readiness("risks-as-of"), t.Day(LocalDays.DayOf(data.GeneratedAt, t.Zone))))], TextSize.Small));
        document.Add(new Heading(2, t.Readiness("Risk heat map")), new Paragraph([new Span(t.Readiness("heat-map-note"))], TextSize.Small));
        // Laid out as the register page draws it: impact down (the worst at the top), likelihood across.
        var columns = new List<TableColumn> { new(t.Readiness("Impact / likelihood"), 1.4f) };
        columns.AddRange(RiskScale.Levels.Select(likelihood => new TableColumn(RiskWords.Likelihood(likelihood, t.Culture), 1, Align.Center)));
        document.Add(new Table(columns, RiskScale.Levels.Reverse().Select(impact => (IReadOnlyList<TableCell>)
        [
            RiskWords.Impact(impact, t.Culture),
            .. RiskScale.Levels.Select(likelihood =>
            {
                var count = data.Risks.Count(risk => risk.Likelihood == likelihood && risk.Impact == impact);
                var cell = count == 0 ? "·" : Count(count);
                return (TableCell)(RiskScale.IsHigh(likelihood, impact) && count > 0 ? Span.Bold(cell) : new Span(cell));
            }),
        ]).ToList()));

        var order = ReadinessLevels.All.ToList();
        document.Add(new Heading(2, t.Readiness("Readiness by risk")));
        document.Add(new Table(
            [new(t.Readiness("Risk"), 2.2f), new(t.Readiness("Score"), 0.6f, Align.Right), new(t.Readiness("Readiness"), 1), new(t.Readiness("Last exercised"), 1.2f), new(t.Readiness("Gaps"), 2.6f)],
            data.Risks.OrderBy(risk => order.IndexOf(risk.Readiness.Level)).ThenByDescending(risk => risk.Score).Select(risk => (IReadOnlyList<TableCell>)
            [
                risk.Title,
                Count(risk.Score),
                risk.Readiness.Level == ReadinessLevels.NotReady ? Span.Bold(RiskWords.Level(risk.Readiness.Level, t.Culture)) : new Span(RiskWords.Level(risk.Readiness.Level, t.Culture)),
                risk.Readiness.LastExercise is { } exercise ? t.Day(LocalDays.DayOf(exercise.At, t.Zone)) : t.Readiness("Never"),
                risk.Readiness.Gaps.Count == 0 ? "—" : string.Join("\n", risk.Readiness.Gaps.Select(gap => RiskWords.Gap(gap, playbooks, t.Culture))),
            ]).ToList()));
    }

    /// <summary>The period's incidents by category, each time against the period before, and the medians side by side as bars.</summary>
    private static void Incidents(Document document, ReadinessReportData data, ReportTexts t)
    {
        document.Add(new Heading(1, t.Readiness("Incidents against the period before")));
        if (data.Incidents.IncidentCount == 0 && data.PreviousIncidents.IncidentCount == 0)
        {
            document.Add(ReviewReport.Absent(t.Readiness("No incidents in either period.")));
            return;
        }
        double Hours(TimeSpan? median) => median is { } value ? Math.Round(value.TotalHours, 1) : 0;
        var now = data.Incidents.Overall;
        var before = data.PreviousIncidents.Overall;
        // Bars stack their series, so each period gets a bar of its own, coloured by the series it alone fills.
        Bar[] Pair(string measure, Spread earlier, Spread later) =>
        [
            new(t.Labelled(measure, t.Readiness("Previous period")), [Hours(earlier.Median), 0]),
            new(t.Labelled(measure, t.Readiness("This period")), [0, Hours(later.Median)]),
        ];
        document.Add(new BarChart([t.Readiness("Previous period"), t.Readiness("This period")],
            [.. Pair(t.Readiness("To acknowledge"), before.Acknowledge, now.Acknowledge), .. Pair(t.Readiness("To contain"), before.Contain, now.Contain),
             .. Pair(t.Readiness("To resolve"), before.Resolve, now.Resolve)],
            t.Readiness("Median response times (hours)"), t.Readiness("hours")));

        var previous = data.PreviousIncidents.ByCategory.ToDictionary(group => group.Key);
        var categories = data.Incidents.ByCategory.Select(group => group.Key).Concat(previous.Keys).Distinct();
        document.Add(new Table(
            [new(t.Readiness("Category"), 1.6f), new(t.Readiness("Incidents"), 0.9f, Align.Right), new(t.Readiness("To acknowledge"), 1.3f), new(t.Readiness("To contain"), 1.3f),
             new(t.Readiness("To resolve"), 1.3f)],
            categories.Select(category =>
            {
                var group = data.Incidents.ByCategory.FirstOrDefault(candidate => candidate.Key == category);
                var earlier = previous.GetValueOrDefault(category);
                string Median(InsightGroup? of, Func<ResponseTimes, Spread> measure) => of is not null && measure(of.Times).Median is { } median ? t.Duration(median) : "—";
                string Against(Func<ResponseTimes, Spread> measure) => t.Format(t.Readiness("now-against-before"), Median(group, measure), Median(earlier, measure));
                return (IReadOnlyList<TableCell>)
                [
                    InsightWords.Category(category, t.Culture),
                    t.Format(t.Readiness("now-against-before"), Count(group?.IncidentKeys.Count ?? 0), Count(earlier?.IncidentKeys.Count ?? 0)),
                    Against(times => times.Acknowledge), Against(times => times.Contain), Against(times => times.Resolve),
                ];
            }).ToList()));
        document.Add(new Paragraph([new Span(t.Readiness("now-against-before-note"))], TextSize.Small));
        if (data.Incidents.Incidents.Count == 0) return;
        string Took(TimeSpan? duration) => duration is { } value ? t.Duration(value) : "—";
        document.Add(new Heading(2, t.Readiness("The period's incidents")));
        document.Add(new Table(
            [new(t.Readiness("Incident"), 2.2f), new(t.Readiness("Category"), 1.1f), new(t.Readiness("Severity"), 0.7f), new(t.Readiness("Opened"), 0.9f),
             new(t.Readiness("To acknowledge"), 1.2f, Align.Right), new(t.Readiness("To contain"), 1, Align.Right), new(t.Readiness("To resolve"), 1, Align.Right)],
            data.Incidents.Incidents.Select(incident => (IReadOnlyList<TableCell>)
            [
                $"{incident.Key} · {incident.Title}", InsightWords.Category(incident.Category, t.Culture), SharedTexts.Severity(incident.Severity, t.Culture),
                t.Day(LocalDays.DayOf(incident.Opened, t.Zone)), Took(incident.Acknowledge), Took(incident.Contain), Took(incident.Resolve),
            ]).ToList()));
    }

    private static void FollowUps(Document document, ReadinessReportData data, ReportTexts t)
    {
        document.Add(new Heading(1, t.Readiness("Follow-ups")));
        document.Add(new Heading(2, t.Format(t.Readiness("Done this period: {0}"), Count(data.FollowUpsDone.Count))));
        document.Add(data.FollowUpsDone.Count == 0
            ? ReviewReport.Absent(t.Readiness("None in this period."))
            : new ListBlock(ListKind.Bullet, data.FollowUpsDone.Select(followUp => new ListItem(t.Labelled(followUp.IncidentKey, followUp.Title))).ToList()));
        document.Add(new Heading(2, t.Format(t.Readiness("Overdue now: {0}"), Count(data.FollowUpsOverdue.Count))));
        if (data.FollowUpsOverdue.Count == 0)
        {
            document.Add(ReviewReport.Absent(t.Readiness("None overdue.")));
            return;
        }
        document.Add(new Table([new(t.Readiness("Follow-up"), 2.6f), new(t.Readiness("Owner"), 1.2f), new(t.Readiness("Due"), 1), new(t.Readiness("From"), 1)],
            data.FollowUpsOverdue.OrderBy(followUp => followUp.DueDate).Select(followUp => (IReadOnlyList<TableCell>)
                [followUp.Title, followUp.Owner, followUp.DueDate is { } due ? t.Day(due) : "—", followUp.IncidentKey]).ToList()));
    }

    private static void Exercises(Document document, ReadinessReportData data, ReportTexts t)
    {
        document.Add(new Heading(1, t.Readiness("Exercises and their scores")));
        if (data.Exercises.Exercises.Count == 0)
        {
            document.Add(ReviewReport.Absent(t.Readiness("No exercise ended in this period.")));
            return;
        }
        document.Add(new Table(
            [new(t.Readiness("Scenario"), 2.6f), new(t.Readiness("Date"), 1.1f), new(t.Readiness("Met on time"), 0.8f, Align.Right), new(t.Readiness("Late"), 0.7f, Align.Right),
             new(t.Readiness("Missed"), 0.7f, Align.Right), new(t.Readiness("Score"), 0.8f, Align.Right)],
            data.Exercises.Exercises.Select(run => (IReadOnlyList<TableCell>)
            [
                run.Scenario, t.Day(LocalDays.DayOf(run.Started, t.Zone)), Count(run.Met), Count(run.Late), Count(run.Missed),
                run.Score is { } score ? score.ToString("P0", t.Culture) : "—",
            ]).ToList()));
    }

    /// <summary>
    /// What the team asks the board for, drawn from the record rather than typed: a playbook for each high risk without
    /// one, an exercise of each playbook not rehearsed in twelve months, time for the owners of overdue follow-ups, and
    /// people or time for the steps missed in most incidents.
    /// </summary>
    private static void Asks(Document document, ReadinessReportData data, ReportTexts t, PlaybookLibrary playbooks)
    {
        document.Add(new Heading(1, t.Readiness("What we ask for")));
        var asks = new List<string>();
        foreach (var risk in data.Risks.Where(risk => risk.Readiness.Gaps.Any(gap => gap.Kind == RiskGapKinds.NoPlaybook)))
            asks.Add(t.Format(t.Readiness("ask-playbook"), risk.Title));
        var unrehearsed = data.Risks.SelectMany(risk => risk.Readiness.Gaps).Where(gap => gap.Kind == RiskGapKinds.NotExercised && gap.PlaybookId is not null)
            .Select(gap => playbooks.TitleOrReference(gap.PlaybookId!, t.Language)).Distinct().ToList();
        if (unrehearsed.Count > 0)
            asks.Add(t.Format(t.Readiness("ask-exercise"), Count(unrehearsed.Count), t.List(unrehearsed)));
        if (data.FollowUpsOverdue.Count > 0)
            asks.Add(t.Format(t.Readiness("ask-follow-ups"), Count(data.FollowUpsOverdue.Count), t.List(data.FollowUpsOverdue.Select(followUp => followUp.Owner).Distinct())));
        foreach (var step in data.Incidents.StepsMissedMost.Where(step => step.Incidents > 1 && (double)step.Missed / step.Incidents >= StepAskShare).Take(3))
        {
            var (text, role) = InsightWords.Step(step, playbooks, t.Language);
            asks.Add(t.Format(t.Readiness("ask-step"), text, role, Count(step.Missed), Count(step.Incidents)));
        }
        document.Add(asks.Count == 0
            ? ReviewReport.Absent(t.Readiness("Nothing the record shows needs the board's help this period."))
            : new ListBlock(ListKind.Numbered, asks.Select(ask => new ListItem(ask)).ToList()));
    }

    private static string Count(int count) => count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
