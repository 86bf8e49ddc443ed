using System.Globalization;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Reviews;
using Crisis.Pdf;
using Crisis.Pdf.Markdown;

namespace Crisis.Reports;

/// <summary>
/// The exercise's after-action report, shaped like a CISA after-action report / improvement plan: overview,
/// inject-by-inject response against expectations, strengths and areas for improvement, participant feedback,
/// and an improvement plan built from what was late or missed.
/// </summary>
public static class AfterActionReport
{
    /// <param name="names">The people behind the accounts that trained, observed and gave feedback, as the incident's review names them.</param>
    public static Document Build(ExerciseView exercise, IncidentDetails incident, ReviewMetrics metrics, SignedHead? signedHead, ReportTexts t, DateTimeOffset generatedAt, PageFormat page,
        IncidentWords words, StoryNames names, IReadOnlyList<Core.Evidence.EvidenceItem> evidence)
    {
        string Person(string account) => EventStory.ActorName(account, names, t.Culture);
        var scenario = exercise.Scenario;
        var document = ReviewReport.NewDocument(incident, t, t.AfterActionTitle, page, generatedAt);
        document.Add(
            new Paragraph([new Span(t.AfterActionTitle.ToUpperInvariant(), SpanStyle.Bold, Color: Palette.Muted)], TextSize.Small),
            new Paragraph([new Span(scenario.Title, SpanStyle.Bold, Color: Palette.Heading)], TextSize.Title),
            new KeyValueBlock(
            [
                new(t.Scenario, scenario.Id),
                new(t.Playbook, t.List([t.Parenthesised(incident.PlaybookTitle, $"v{incident.PlaybookVersion}"), t.SeverityName(incident.Severity)])),
                new(t.Incident, incident.Key),
                new(t.ExerciseDate, t.Time(exercise.Clock.StartedAt)),
                new(t.ExerciseLength, $"{t.Duration(exercise.ExerciseTime)} / {t.Duration(scenario.Duration)}"),
                new(t.ClockMode, exercise.Clock.Mode == ClockModes.Accelerated ? $"{t.StatusName(exercise.Clock.Mode)} ×{exercise.Clock.Rate:0.#}" : t.StatusName(exercise.Clock.Mode)),
                new(t.Trainer, t.List(exercise.CoTrainers.Prepend(exercise.Trainer).Select(Person))),
            ]),
            new Callout(CalloutKind.Warning, [new Paragraph(Span.Bold(t.Exercise))]),
            ReviewReport.SignedHead(signedHead, t));

        document.Add(new Heading(1, t.Objectives));
        document.Add(scenario.Objectives.Count == 0
            ? ReviewReport.Absent(t.NoneYet)
            : new ListBlock(ListKind.Numbered, scenario.Objectives.Select(objective => new ListItem(objective)).ToList()));
        document.Add(new Heading(2, t.Participants));
        document.Add(new Table([new(t.Role), new(t.Person, 1.4f)],
            incident.Roles.Where(role => role.PersonName is not null).Select(role => (IReadOnlyList<TableCell>)[role.Name, role.PersonName!]).ToList(), TextSize.Body));
        document.Add(new Heading(2, t.Briefing));
        document.Blocks.AddRange(MarkdownBlocks.Convert(scenario.Briefing, headingOffset: 2));

        Injects(document, exercise, t, words);
        Summary(document, exercise, metrics, t);
        StrengthsAndGaps(document, exercise, t, words, Person);
        Feedback(document, exercise, t, Person);
        ImprovementPlan(document, exercise, incident, t, words);
        EvidenceSection.Appendix(document, evidence, names, t);
        return document;
    }

    private static void Injects(Document document, ExerciseView exercise, ReportTexts t, IncidentWords words)
    {
        document.Add(new Heading(1, t.InjectsAndResponse));
        var scores = exercise.Scores.ToLookup(score => score.Expectation.InjectId);
        var rows = new List<IReadOnlyList<TableCell>>();
        foreach (var state in exercise.Injects)
        {
            var released = state.ReleasedAtExerciseTime is { } at ? t.SinceStart(at) : state.Skipped?.Describe(words.Target, t.Culture) ?? t.NotReleased;
            var injectScores = scores[state.Inject.Id].ToList();
            if (injectScores.Count == 0)
            {
                rows.Add([released, state.Inject.Title, "—", "—", "—", "—"]);
                continue;
            }
            foreach (var score in injectScores)
                rows.Add([released, state.Inject.Title, words.Target(score.Expectation.Target), t.Length(score.Expectation.Within),
                    score.Measured is { } measured ? t.Length(measured) : "—", ResultCell(score, t)]);
        }
        document.Add(new Table([new(t.ReleasedAt, 1.2f), new(t.Inject, 1.9f), new(t.Expected, 1.8f), new(t.Within, 0.8f), new(t.Measured, 0.9f), new(t.Result, 1.6f)], rows));
    }

    private static TableCell ResultCell(ExpectationScore score, ReportTexts t)
    {
        var color = score.Final switch
        {
            ScoreResults.Met => Palette.Green,
            ScoreResults.Late => Palette.Amber,
            ScoreResults.Missed => Palette.Red,
            _ => Palette.Muted,
        };
        var spans = new List<Span> { new(t.StatusName(score.Final), SpanStyle.Bold, Color: color) };
        if (score.Override is { } decided)
            spans.Add(new Span("\n" + t.Format(t.OverriddenBy, decided.Passed ? t.Pass : t.Fail, decided.Comment), SpanStyle.Italic));
        return new TableCell([new Paragraph(spans)]);
    }

    private static void Summary(Document document, ExerciseView exercise, ReviewMetrics metrics, ReportTexts t)
    {
        document.Add(new Heading(1, t.ScoreSummary));
        string[] results = [ScoreResults.Met, ScoreResults.Late, ScoreResults.Missed, ScoreResults.Pending, ScoreResults.NotPlayed];
        document.Add(new BarChart([t.Result], results.Select(result => new Bar(t.StatusName(result), [exercise.Scores.Count(score => score.Final == result)])).ToList(),
            Colors: [Palette.Blue]));
        var totals = metrics.Totals;
        document.Add(new KeyValueBlock(
        [
            new(t.StepsOnTime, t.Parenthesised($"{totals.OnTime} / {totals.Total}",
                t.List([t.Labelled(t.Late, totals.Late), t.Labelled(t.Skipped, totals.Skipped), t.Labelled(t.Blocked, totals.Blocked)]))),
            new(t.MedianApproval, metrics.Messages.Count == 0 ? "—" : t.List(metrics.Messages.Select(audience =>
                t.Labelled(t.Label("audience", audience.Audience), audience.MedianApprovalDelay is null ? "—" : t.Duration(audience.MedianApprovalDelay))))),
        ]));
    }

    private static void StrengthsAndGaps(Document document, ExerciseView exercise, ReportTexts t, IncidentWords words, Func<string, string> person)
    {
        var titles = exercise.Injects.ToDictionary(state => state.Inject.Id, state => state.Inject.Title);
        document.Add(new Heading(1, t.Strengths));
        var strengths = exercise.Scores.Where(score => score.Final == ScoreResults.Met).ToList();
        document.Add(strengths.Count == 0
            ? ReviewReport.Absent(t.NoneYet)
            : new ListBlock(ListKind.Bullet, strengths.Select(score => new ListItem(t.Format(t.StrengthLine, titles[score.Expectation.InjectId], words.Target(score.Expectation.Target),
                score.Measured is { } measured ? t.Length(measured) : "—", t.Length(score.Expectation.Within)))).ToList()));
        document.Add(new Heading(1, t.AreasForImprovement));
        var gaps = exercise.Scores.Where(score => score.Final is ScoreResults.Late or ScoreResults.Missed).ToList();
        document.Add(gaps.Count == 0
            ? ReviewReport.Absent(t.NoneYet)
            : new ListBlock(ListKind.Bullet, gaps.Select(score => new ListItem(t.Format(t.GapLine, titles[score.Expectation.InjectId], words.Target(score.Expectation.Target),
                t.StatusName(score.Final), t.Length(score.Expectation.Within)))).ToList()));
        document.Add(new Heading(2, t.Observations));
        document.Add(exercise.Observations.Count == 0
            ? ReviewReport.Absent(t.NoneYet)
            : new Table([new(t.When, 1.1f), new(t.Who, 1), new(t.Details, 4)],
                exercise.Observations.Select(observation => (IReadOnlyList<TableCell>)[t.SinceStart(observation.ExerciseTime), person(observation.By), observation.Text]).ToList()));
    }

    private static void Feedback(Document document, ExerciseView exercise, ReportTexts t, Func<string, string> person)
    {
        document.Add(new Heading(1, t.Feedback));
        if (exercise.Feedback.Count == 0)
        {
            document.Add(ReviewReport.Absent(t.NoneYet));
            return;
        }
        document.Add(new Paragraph(Span.Bold(t.Format(t.AverageRating, exercise.Feedback.Average(item => item.Rating).ToString("0.0", CultureInfo.InvariantCulture), exercise.Feedback.Count))));
        document.Add(new Table([new(t.Participants, 1), new(t.Rating, 0.6f, Align.Right), new(t.WhatWorked, 2.2f), new(t.WhatDidNot, 2.2f)],
            exercise.Feedback.Select(item => (IReadOnlyList<TableCell>)[person(item.Participant), $"{item.Rating}/5", item.WhatWorked, item.WhatDidNot]).ToList()));
    }

    /// <summary>
    /// One row per late or missed expectation, written from what went wrong: which step or message, after which inject,
    /// how late or never, and an action aimed at that kind of failure, owned by the role that owns the step.
    /// </summary>
    private static void ImprovementPlan(Document document, ExerciseView exercise, IncidentDetails incident, ReportTexts t, IncidentWords words)
    {
        document.Add(new Heading(1, t.ImprovementPlan));
        var roles = incident.Roles.ToDictionary(role => role.Key, role => role.Name);
        var steps = incident.AllSteps.ToDictionary(step => step.Id);
        var rows = exercise.Scores.Where(score => score.Final is ScoreResults.Late or ScoreResults.Missed).Select(score =>
        {
            var expectation = score.Expectation;
            var step = expectation.IsTemplate ? null : steps.GetValueOrDefault(expectation.Target);
            var owner = expectation.IsTemplate ? roles.GetValueOrDefault("comms") : step?.Role is { } role ? words.Role(role) : null;
            var what = words.Target(expectation.Target);
            var within = t.Duration(expectation.Within);
            var late = score.Final == ScoreResults.Late && score.Measured is not null;
            var issue = late
                ? t.Format(expectation.IsTemplate ? t.GapMessageLate : t.GapStepLate, what, score.InjectTitle, t.Duration(score.Measured), within)
                : t.Format(expectation.IsTemplate ? t.GapMessageMissed : t.GapStepMissed, what, score.InjectTitle, within);
            var action = (expectation.IsTemplate, late) switch
            {
                (true, true) => t.Format(t.FixMessageLate, what, owner ?? t.Unassigned),
                (true, false) => t.Format(t.FixMessageMissed, what, owner ?? t.Unassigned, score.InjectTitle),
                (false, true) => t.Format(t.FixStepLate, what, owner ?? t.Unassigned, t.Duration(score.Measured - expectation.Within)),
                (false, false) => t.Format(t.FixStepMissed, what, owner ?? t.Unassigned, score.InjectTitle),
            };
            return (IReadOnlyList<TableCell>)[issue, action, owner ?? "—", ""];
        }).ToList();
        document.Add(rows.Count == 0
            ? ReviewReport.Absent(t.NoneYet)
            : new Table([new(t.Issue, 2.2f), new(t.CorrectiveAction, 2.6f), new(t.Owner, 1.1f), new(t.DueDate, 0.8f)], rows));
    }
}
