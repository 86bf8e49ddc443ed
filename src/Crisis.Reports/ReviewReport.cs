using System.Globalization;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Reviews;
using Crisis.Pdf;
using Crisis.Pdf.Markdown;

namespace Crisis.Reports;

/// <summary>The post-incident review as a document a board would read: the story first, the full record in the appendix.</summary>
public static class ReviewReport
{
    public static Document Build(ReviewReportData data, ReportTexts t, PageFormat page)
    {
        var incident = data.Incident;
        var review = data.Review;
        var document = NewDocument(incident, t, t.ReviewTitle, page, data.GeneratedAt);

        Cover(document, incident, t, review is null ? t.NoReview : t.StatusName(review.Status), t.ReviewTitle);
        document.Add(new Heading(1, t.ExecutiveSummary));
        Narrative(document, review?.Content.Summary, review is null ? t.NoReview : t.NotWritten);

        ImpactSection(document, data, t);
        MetricsSection(document, data, t);
        StorySection(document, data, t);
        ChecklistSummary(document, incident, t);
        Communications(document, data, t);
        EvidenceSection.Pictures(document, data.Evidence, data.Picture, t);

        document.Add(new Heading(1, t.RootCause));
        Narrative(document, review?.Content.RootCause, t.NotWritten);
        if (review?.Content.FiveWhys is { Count: > 0 } whys)
        {
            document.Add(new Heading(2, t.FiveWhys));
            document.Add(new ListBlock(ListKind.Numbered, whys.Select((why, i) => new ListItem(Span.Bold(t.Format(t.Why, i + 1) + " "), new Span(why))).ToList()));
        }

        document.Add(new Heading(1, t.Lessons));
        foreach (var (title, text) in new[] { (t.WentWell, review?.Content.WentWell), (t.WentPoorly, review?.Content.WentPoorly), (t.Lucky, review?.Content.Lucky), (t.LessonsLearned, review?.Content.Lessons) })
        {
            document.Add(new Heading(2, title));
            Narrative(document, text, t.NotWritten);
        }

        document.Add(new Heading(1, t.ActionItems));
        if (review is null || review.Actions.Count == 0)
            document.Add(Absent(t.NoActions));
        else
            document.Add(new Table(
                [new(t.Action, 3), new(t.Owner, 1.3f), new(t.Due, 1), new(t.Status, 1), new(t.PlaybookChange, 1.6f)],
                review.Actions.Select(action => (IReadOnlyList<TableCell>)
                [
                    action.Title, action.Owner, action.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—",
                    t.StatusName(action.Status), PlaybookChangeCell(action.PlaybookChange, data.PlaybookChangeText),
                ]).ToList()));

        FullChecklist(document, incident, t);
        Appendix(document, data, t);
        return document;
    }

    internal static Document NewDocument(IncidentDetails incident, ReportTexts t, string kind, PageFormat page, DateTimeOffset generatedAt) => new()
    {
        Info = new DocumentInfo($"{incident.Key} · {t.Labelled(kind, incident.Title)}", incident.OpenedBy, kind, $"{incident.Key}, {incident.PlaybookId}, SEV{incident.Severity}", t.Language, generatedAt),
        Page = page,
        HeaderLeft = $"{incident.Key} · {incident.Title}",
        HeaderRight = kind,
        FooterLeft = t.Confidential,
        PageLabel = (number, count) => t.Format(t.PageLabel, number, count),
        Watermark = incident.IsExercise ? t.Watermark : null,
    };

    internal static void Cover(Document document, IncidentDetails incident, ReportTexts t, string? reviewStatus, string kind)
    {
        var commander = incident.Roles.FirstOrDefault(role => role.Key == "commander")?.PersonName;
        document.Add(
            new Paragraph([new Span(kind.ToUpperInvariant(), SpanStyle.Bold, Color: Palette.Muted)], TextSize.Small),
            new Paragraph([new Span(incident.Title, SpanStyle.Bold, Color: Palette.Heading)], TextSize.Title));
        var pairs = new List<KeyValue>
        {
            new(t.Incident, incident.Key),
            new(t.Severity, t.SeverityName(incident.Severity)),
            new(t.Status, t.StatusName(incident.Status)),
            new(t.Playbook, t.Parenthesised(incident.PlaybookTitle, $"v{incident.PlaybookVersion}")),
            new(t.Opened, t.Time(incident.OpenedAt)),
            new(t.Contained, t.Time(incident.ContainedAt)),
            new(t.Resolved, t.Time(incident.ResolvedAt)),
            new(t.Closed, t.Time(incident.ClosedAt)),
            new(t.Commander, commander ?? t.Unassigned),
        };
        if (reviewStatus is not null)
            pairs.Add(new(t.ReviewStatus, reviewStatus));
        document.Add(new KeyValueBlock(pairs));
        if (incident.IsExercise)
            document.Add(new Callout(CalloutKind.Warning, [new Paragraph(Span.Bold(t.Exercise))]));
    }

    private static void Narrative(Document document, string? markdown, string whenEmpty)
    {
        if (string.IsNullOrWhiteSpace(markdown))
            document.Add(Absent(whenEmpty));
        else
            document.Blocks.AddRange(MarkdownBlocks.Convert(markdown, headingOffset: 2));
    }

    private static void ImpactSection(Document document, ReviewReportData data, ReportTexts t)
    {
        document.Add(new Heading(1, t.Impact));
        var current = data.Impact.Current;
        var rows = ImpactRows(data, t).Select(row => (IReadOnlyList<TableCell>)[row.Label, row.Value]).ToList();
        if (data.Impact.Entries.Count > 0 && data.Impact.Entries[^1] is var last)
            rows.Add([t.ImpactEntries, t.Format(t.ImpactEntriesLatest, data.Impact.Entries.Count, t.Time(last.At), EventStory.ActorName(last.By, data.Names, t.Culture))]);
        if (rows.Count == 0)
            document.Add(Absent(t.NoImpact));
        else
            document.Add(new Table([new(t.Measure, 1.2f), new(t.Value, 2)], rows, TextSize.Body));

        if (current.Complaints is > 0)
            document.Add(new BarChart([t.Value],
            [
                new Bar(t.ComplaintsPlatform, [current.ComplaintsPlatform ?? 0]),
                new Bar(t.Complaints12315, [current.Complaints12315 ?? 0]),
                new Bar(t.ComplaintsSocial, [current.ComplaintsSocial ?? 0]),
                new Bar(t.ComplaintsDirect, [current.ComplaintsDirect ?? 0]),
            ], t.ComplaintsByChannel));
        if (!string.IsNullOrWhiteSpace(data.Review?.Content.CustomerImpact))
        {
            document.Add(new Heading(2, t.CustomerImpact));
            Narrative(document, data.Review.Content.CustomerImpact, t.NotWritten);
        }
    }

    /// <summary>The impact figures the log has and the review's own revenue and regulator lines, as label and value; blanks left out.</summary>
    internal static List<(string Label, string Value)> ImpactRows(ReviewReportData data, ReportTexts t)
    {
        var current = data.Impact.Current;
        var review = data.Review?.Content;
        (string Label, string? Value)[] rows =
        [
            (t.OrdersAffected, Count(current.OrdersAffected)),
            (t.CustomersAffected, Count(current.CustomersAffected)),
            (t.ComplaintsPlatform, Count(current.ComplaintsPlatform)),
            (t.Complaints12315, Count(current.Complaints12315)),
            (t.ComplaintsSocial, Count(current.ComplaintsSocial)),
            (t.ComplaintsDirect, Count(current.ComplaintsDirect)),
            (t.RefundsIssued, Count(current.RefundsIssued)),
            (t.RefundAmount, current.RefundAmount is { } amount ? SharedTexts.Money(amount, current.Currency, t.Culture) : null),
            (t.UnitsRecalled, Count(current.UnitsRecalled)),
            (t.UnitsRecovered, Count(current.UnitsRecovered)),
            (t.Skus, current.Skus),
            (t.Batches, current.Batches),
            (t.RevenueImpact, review?.RevenueImpact),
            (t.RegulatorsNotified, review?.RegulatorsNotified),
        ];
        return rows.Where(row => !string.IsNullOrWhiteSpace(row.Value)).Select(row => (row.Label, row.Value!)).ToList();
    }

    private static void MetricsSection(Document document, ReviewReportData data, ReportTexts t)
    {
        var metrics = data.Metrics;
        var incident = data.Incident;
        document.Add(new Heading(1, t.Metrics));
        document.Add(new KeyValueBlock(
        [
            new(t.TimeToAcknowledge, t.Duration(metrics.TimeToAcknowledge)),
            new(t.TimeToContain, t.Duration(metrics.TimeToContain)),
            new(t.TimeToResolve, t.Duration(metrics.TimeToResolve)),
        ]));

        var end = new[] { incident.ResolvedAt, incident.ClosedAt, data.GeneratedAt }.Concat(metrics.Phases.Select(phase => phase.PlannedEnd)).Concat(metrics.Phases.Select(phase => phase.ActualEnd))
            .Where(at => at is not null).Select(at => at!.Value).DefaultIfEmpty(incident.OpenedAt.AddHours(1)).Max();
        if (incident.ClosedAt is null && incident.ResolvedAt is null)
            end = new[] { end, data.GeneratedAt }.Max();
        var markers = new List<TimelineMarker>();
        if (metrics.TimeToAcknowledge is { } acknowledged) markers.Add(new(incident.OpenedAt + acknowledged, t.TimeToAcknowledge));
        if (incident.ContainedAt is { } contained) markers.Add(new(contained, t.Contained));
        if (incident.ResolvedAt is { } resolved) markers.Add(new(resolved, t.Resolved));
        document.Add(new TimelineChart(incident.OpenedAt, end,
            metrics.Phases.Select(phase => new TimelineRow(phase.Title, Bars(phase, data.GeneratedAt).ToList())).ToList(),
            markers, [t.Planned, t.Actual, t.Late], t.PhasesChart, t.ChartTick));

        document.Add(new Table(
            [new(t.Phase, 3), new(t.Planned, 1.2f, Align.Right), new(t.Actual, 1.2f, Align.Right), new(t.Steps, 0.8f, Align.Right), new(t.Open, 0.8f, Align.Right)],
            metrics.Phases.Select(phase => (IReadOnlyList<TableCell>)
            [
                phase.Title, t.Duration(phase.Planned),
                phase.IsLate ? new Span(t.Duration(phase.Actual), SpanStyle.Bold, Color: Palette.Red) : new Span(t.Duration(phase.Actual)),
                Count(phase.Steps)!, Count(phase.OpenSteps)!,
            ]).ToList()));

        document.Add(new BarChart([t.OnTime, t.Late, t.Skipped, t.Blocked, t.Open],
            metrics.ByRole.Select(role => new Bar(role.Role, [role.OnTime, role.Late, role.Skipped, role.Blocked, role.Open])).ToList(),
            t.StepsByRole, Colors: [Palette.Green, Palette.Amber, Palette.Grey, Palette.Red, Rgb.Hex("b0c4de")]));
        document.Add(new Table(
            [new(t.Role, 2.4f), new(t.OnTime, 1, Align.Right), new(t.Late, 1, Align.Right), new(t.Skipped, 1, Align.Right), new(t.Blocked, 1, Align.Right), new(t.Open, 1, Align.Right)],
            [.. metrics.ByRole.Select(OutcomeRow), OutcomeRow(metrics.Totals with { Role = t.Total })]));

        if (metrics.Messages.Count > 0)
        {
            document.Add(new Heading(2, t.MessagesByAudience));
            document.Add(new Table(
                [new(t.Audience, 2), new(t.Drafted, 1, Align.Right), new(t.Sent, 1, Align.Right), new(t.MedianApproval, 1.5f, Align.Right), new(t.LongestApproval, 1.5f, Align.Right)],
                metrics.Messages.Select(audience => (IReadOnlyList<TableCell>)
                [
                    t.Label("audience", audience.Audience), Count(audience.Drafted)!, Count(audience.Sent)!,
                    audience.MedianApprovalDelay is null ? "—" : t.Duration(audience.MedianApprovalDelay),
                    audience.LongestApprovalDelay is null ? "—" : t.Duration(audience.LongestApprovalDelay),
                ]).ToList()));
        }
    }

    private static IEnumerable<TimeSpanBar> Bars(PhaseMetric phase, DateTimeOffset now)
    {
        if (phase.PlannedEnd is { } planned)
            yield return new TimeSpanBar(phase.Start, planned, SpanKind.Planned);
        if (phase.ActualStart is { } started)
        {
            var end = phase.ActualEnd ?? now;
            yield return new TimeSpanBar(started, end, phase.IsLate || (phase.ActualEnd is null && phase.PlannedEnd < now) ? SpanKind.Late : SpanKind.Actual);
        }
    }

    private static IReadOnlyList<TableCell> OutcomeRow(StepOutcomes outcome) =>
        [outcome.Role, Count(outcome.OnTime)!, Count(outcome.Late)!, Count(outcome.Skipped)!, Count(outcome.Blocked)!, Count(outcome.Open)!];

    /// <summary>The story in sentences: what a commander marked as key, else the moments that shaped the response.</summary>
    private static void StorySection(Document document, ReviewReportData data, ReportTexts t)
    {
        document.Add(new Heading(1, t.Timeline), new Paragraph([new Span(t.StoryIntro, Color: Palette.Muted)], TextSize.Small));
        document.Add(StoryTable(EventStory.Story(data.Events, data.Names, t.Culture, t.Zone), t, withSeq: false));
    }

    /// <summary>Story lines as a table: the time, then the sentence with what people wrote about it in italics beneath.</summary>
    private static Table StoryTable(IReadOnlyList<StoryLine> lines, ReportTexts t, bool withSeq)
    {
        TableColumn[] columns = [new(t.When, 1.25f), new(t.What, 4.75f)];
        return new Table(withSeq ? [new(t.Seq, 0.35f, Align.Right), .. columns] : columns,
            lines.Select(line =>
            {
                var what = new List<Span> { new(line.Sentence) };
                if (line.Detail is { } detail)
                    what.Add(new Span("\n" + detail, SpanStyle.Italic, Color: Palette.Muted));
                TableCell[] cells = [t.Time(line.At), new TableCell([new Paragraph(what)])];
                return (IReadOnlyList<TableCell>)(withSeq ? [Count(line.Seq)!, .. cells] : cells);
            }).ToList());
    }

    /// <summary>One row per phase: how many steps were done, skipped and left open, and which were done late.</summary>
    private static void ChecklistSummary(Document document, IncidentDetails incident, ReportTexts t)
    {
        document.Add(new Heading(1, t.ChecklistOutcome), new Paragraph([new Span(t.ChecklistSummaryIntro, Color: Palette.Muted)], TextSize.Small));
        var roles = incident.Roles.ToDictionary(role => role.Key, role => role.Name);
        document.Add(new Table(
            [new(t.Phase, 2.2f), new(t.Done, 0.8f, Align.Right), new(t.Skipped, 0.8f, Align.Right), new(t.Open, 0.8f, Align.Right), new(t.LateSteps, 3.4f)],
            incident.Phases.Select(phase =>
            {
                var late = phase.Steps.Where(IsLate).Select(step => t.Format(t.LateStep, step.Text, Owner(step, roles), t.Duration(step.StatusAt - step.DueAt))).ToList();
                return (IReadOnlyList<TableCell>)
                [
                    phase.Title,
                    Count(phase.Steps.Count(step => step.Status == StepStatus.Done))!,
                    Count(phase.Steps.Count(step => step.Status == StepStatus.Skipped))!,
                    phase.Steps.Count(step => StepStatus.IsOpen(step.Status)) is var open and > 0 ? new Span(Count(open)!, SpanStyle.Bold, Color: Palette.Red) : new Span("0"),
                    late.Count == 0 ? new Span(t.NoneLate, Color: Palette.Muted) : new Span(string.Join("\n", late)),
                ];
            }).ToList()));
    }

    private static bool IsLate(StepView step) => step.Status == StepStatus.Done && step.DueAt is { } due && step.StatusAt > due;

    private static string Owner(StepView step, IReadOnlyDictionary<string, string> roles) =>
        step.AssigneeName ?? (step.Role is null ? "—" : roles.GetValueOrDefault(step.Role, step.Role));

    private static void FullChecklist(Document document, IncidentDetails incident, ReportTexts t)
    {
        document.Add(new PageBreak(), new Heading(1, t.ChecklistAppendix));
        var roles = incident.Roles.ToDictionary(role => role.Key, role => role.Name);
        foreach (var phase in incident.Phases)
        {
            document.Add(new Heading(2, t.Parenthesised(phase.Title, $"{phase.Done}/{phase.Steps.Count}")));
            document.Add(new Table([new(t.Step, 3.2f), new(t.Owner, 1.3f), new(t.Due, 1.5f), new(t.Outcome, 1.6f)],
                phase.Steps.Select(step => (IReadOnlyList<TableCell>)
                [
                    step.ParentId is null ? step.Text : ReportTexts.SubStep(step.Text),
                    Owner(step, roles),
                    t.Time(step.DueAt),
                    Outcome(step, t),
                ]).ToList()));
        }
    }

    private static TableCell Outcome(StepView step, ReportTexts t)
    {
        var late = IsLate(step);
        var color = step.Status switch
        {
            StepStatus.Done when late => Palette.Amber,
            StepStatus.Done => Palette.Green,
            StepStatus.Blocked => Palette.Red,
            _ => Palette.Muted,
        };
        var label = late ? t.Parenthesised(t.StatusName(step.Status), t.Late) : t.StatusName(step.Status);
        var spans = new List<Span> { new(label, SpanStyle.Bold, Color: color) };
        if (step.StatusAt is { } at && step.Status != StepStatus.Todo)
            spans.Add(new Span($"\n{t.Time(at)}"));
        if (step.Reason is { } reason)
            spans.Add(new Span($"\n{reason}", SpanStyle.Italic));
        return new TableCell([new Paragraph(spans)]);
    }

    private static void Communications(Document document, ReviewReportData data, ReportTexts t)
    {
        document.Add(new Heading(1, t.Communications));
        if (data.Messages.Count == 0)
        {
            document.Add(Absent(t.NoMessages));
            return;
        }
        document.Add(new Table([new(t.Subject, 3), new(t.Audience, 1.2f), new(t.Channel, 1), new(t.Status, 1.1f), new(t.Approved, 1.6f)],
            data.Messages.Select(message => (IReadOnlyList<TableCell>)
            [
                message.Subject, t.Label("audience", message.Audience), t.Label("channel", message.Channel), t.StatusName(message.Status),
                message.ApprovedAt is { } approved ? $"{t.Time(approved)}\n{t.Parenthesised(message.ApprovedBy ?? "", "+" + t.Duration(approved - message.CreatedAt))}" : "—",
            ]).ToList()));
    }

    private static void Appendix(Document document, ReviewReportData data, ReportTexts t)
    {
        document.Add(new PageBreak(), new Heading(1, t.Appendix), new Heading(2, t.HashChain));
        var verification = data.Verification;
        document.Add(verification.IsIntact
            ? new Callout(CalloutKind.Success, [new Paragraph(t.Format(t.ChainIntact, verification.EventCount))])
            : new Callout(CalloutKind.Danger, [new Paragraph(Span.Bold(t.Format(t.ChainBroken, verification.EventCount))), new ListBlock(ListKind.Bullet, verification.Problems.Select(problem => new ListItem(problem)).ToList())]));
        document.Add(SignedHead(data.SignedHead, t));
        document.Add(new Paragraph([new Span(t.EventLogIntro, Color: Palette.Muted)], TextSize.Small));
        document.Add(StoryTable(EventStory.Log(data.Events, data.Names, t.Culture, t.Zone), t, withSeq: true));
        EvidenceSection.Appendix(document, data.Evidence, data.Names, t);
    }

    private static TableCell PlaybookChangeCell(string? change, Func<string, string> text) =>
        change is null ? "—"
        : Uri.TryCreate(change, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? new Span(change, Link: uri.AbsoluteUri)
        : text(change);

    /// <summary>The signed head in small print: a reader can find the same checkpoint in the anchor file.</summary>
    internal static Paragraph SignedHead(SignedHead? head, ReportTexts t) => new([new Span(t.SignedHead(head), Color: Palette.Muted)], TextSize.Small);

    /// <summary>The muted italic line a section shows when it has nothing yet.</summary>
    internal static Paragraph Absent(string text) => new(new Span(text, SpanStyle.Italic, Color: Palette.Muted));

    internal static string? Count(long? value) => value?.ToString("#,0", CultureInfo.InvariantCulture);
}
