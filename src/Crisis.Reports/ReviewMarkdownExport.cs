using System.Globalization;
using System.Text;

namespace Crisis.Reports;

/// <summary>The review as Markdown, for wikis and tickets: the narrative as written, the figures and metrics as tables.</summary>
public static class ReviewMarkdownExport
{
    public static string Write(ReviewReportData data, ReportTexts t)
    {
        var incident = data.Incident;
        var review = data.Review;
        var metrics = data.Metrics;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {incident.Key} · {t.Labelled(t.ReviewTitle, Escape(incident.Title))}").AppendLine();
        Table(md, [t.Measure, t.Value],
        [
            [t.Severity, t.SeverityName(incident.Severity)], [t.Status, t.StatusName(incident.Status)], [t.Playbook, t.Parenthesised(incident.PlaybookTitle, $"v{incident.PlaybookVersion}")],
            [t.Opened, t.Time(incident.OpenedAt)], [t.Contained, t.Time(incident.ContainedAt)], [t.Resolved, t.Time(incident.ResolvedAt)],
            [t.ReviewStatus, review is null ? t.NoReview : t.StatusName(review.Status)],
        ]);
        if (incident.IsExercise)
            md.AppendLine(CultureInfo.InvariantCulture, $"> **{t.Exercise}**").AppendLine();

        Section(md, t.ExecutiveSummary, review?.Content.Summary, t);

        md.AppendLine(CultureInfo.InvariantCulture, $"## {t.Impact}").AppendLine();
        var impact = ReviewReport.ImpactRows(data, t).Select(row => new[] { row.Label, row.Value }).ToList();
        if (impact.Count == 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"_{t.NoImpact}_").AppendLine();
        else
            Table(md, [t.Measure, t.Value], impact);
        if (!string.IsNullOrWhiteSpace(review?.Content.CustomerImpact))
            md.AppendLine(review.Content.CustomerImpact.Trim()).AppendLine();

        md.AppendLine(CultureInfo.InvariantCulture, $"## {t.Metrics}").AppendLine();
        Table(md, [t.Measure, t.Value],
        [
            [t.TimeToAcknowledge, t.Duration(metrics.TimeToAcknowledge)], [t.TimeToContain, t.Duration(metrics.TimeToContain)], [t.TimeToResolve, t.Duration(metrics.TimeToResolve)],
        ]);
        Table(md, [t.Phase, t.Planned, t.Actual, t.Steps, t.Open],
            metrics.Phases.Select(phase => new[] { phase.Title, t.Duration(phase.Planned), phase.IsLate ? t.Parenthesised(t.Duration(phase.Actual), t.Late) : t.Duration(phase.Actual), ReviewReport.Count(phase.Steps)!, ReviewReport.Count(phase.OpenSteps)! }));
        Table(md, [t.Role, t.OnTime, t.Late, t.Skipped, t.Blocked, t.Open],
            metrics.ByRole.Append(metrics.Totals with { Role = t.Total }).Select(role => new[] { role.Role, $"{role.OnTime}", $"{role.Late}", $"{role.Skipped}", $"{role.Blocked}", $"{role.Open}" }));

        Section(md, t.RootCause, review?.Content.RootCause, t);
        if (review?.Content.FiveWhys is { Count: > 0 } whys)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {t.FiveWhys}").AppendLine();
            for (var i = 0; i < whys.Count; i++)
                md.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. **{t.Format(t.Why, i + 1)}** {whys[i].ReplaceLineEndings(" ")}");
            md.AppendLine();
        }
        Section(md, t.WentWell, review?.Content.WentWell, t);
        Section(md, t.WentPoorly, review?.Content.WentPoorly, t);
        Section(md, t.Lucky, review?.Content.Lucky, t);
        Section(md, t.LessonsLearned, review?.Content.Lessons, t);

        md.AppendLine(CultureInfo.InvariantCulture, $"## {t.ActionItems}").AppendLine();
        if (review is null || review.Actions.Count == 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"_{t.NoActions}_").AppendLine();
        else
            Table(md, [t.Action, t.Owner, t.Due, t.Status, t.PlaybookChange],
                review.Actions.Select(action => new[] { action.Title, action.Owner, action.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", t.StatusName(action.Status), action.PlaybookChange is { } change ? data.PlaybookChangeText(change) : "—" }));

        md.AppendLine(CultureInfo.InvariantCulture, $"## {t.HashChain}").AppendLine();
        md.AppendLine(data.Verification.IsIntact
            ? t.Format(t.ChainIntact, data.Verification.EventCount)
            : t.Format(t.ChainBroken, data.Verification.EventCount) + "\n\n" + string.Join("\n", data.Verification.Problems.Select(problem => "- " + problem)));
        md.AppendLine().AppendLine(t.SignedHead(data.SignedHead));
        return md.ToString();
    }

    private static void Section(StringBuilder md, string title, string? markdown, ReportTexts t)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
        md.AppendLine(string.IsNullOrWhiteSpace(markdown) ? $"_{t.NotWritten}_" : markdown.Trim()).AppendLine();
    }

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header.Select(Escape)) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
            md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        md.AppendLine();
    }

    private static string Escape(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|");
}
