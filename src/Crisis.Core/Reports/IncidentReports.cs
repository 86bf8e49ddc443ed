using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Reviews;
using Crisis.Core.Storage;
using Crisis.Pdf;

namespace Crisis.Core.Reports;

/// <summary>Everything a post-incident review report shows, read once.</summary>
public sealed record ReviewReportData(
    IncidentDetails Incident,
    ReviewView? Review,
    ImpactLogView Impact,
    ReviewMetrics Metrics,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<TimelineEvent> Events,
    TimelineVerification Verification,
    DateTimeOffset GeneratedAt);

/// <summary>A report as a download: its bytes, media type and file name (which says zh-CN for a Chinese report).</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

public static class ReportKinds
{
    public const string Review = "review";
    public const string Checklist = "checklist";
}

/// <summary>The incident's reports: the post-incident review (PDF and Markdown) and the printable checklist (PDF).</summary>
public sealed class IncidentReports(Database database, IncidentQueries incidents, ImpactLog impact, PostIncidentReviews reviews, Messages messages, TimeProvider time,
    Exercises.ExerciseRuns exercises)
{
    public ReviewReportData ReviewData(string key)
    {
        var incident = incidents.Get(key);
        var events = Timeline.Read(database, key);
        var incidentMessages = messages.ForIncident(key).OrderBy(message => message.Id).ToList();
        return new ReviewReportData(
            incident,
            reviews.Get(key),
            impact.Read(key),
            ReviewMetrics.Compute(incident, events, incidentMessages),
            incidentMessages,
            events,
            Timeline.Verify(database, key),
            time.GetUtcNow());
    }

    public byte[] Pdf(string key, string kind, string? language, PageFormat? page = null)
    {
        var texts = ReportTexts.For(language);
        var document = kind switch
        {
            ReportKinds.Review => ReviewReport.Build(ReviewData(key), texts, page ?? PageFormat.A4),
            ReportKinds.Checklist => ChecklistReport.Build(incidents.Get(key), texts, time.GetUtcNow(), page ?? PageFormat.A4),
            _ => throw new RuleViolationException($"unknown report '{kind}': use {ReportKinds.Review} or {ReportKinds.Checklist}"),
        };
        return PdfRenderer.Render(document);
    }

    /// <summary>The after-action report of an exercise, by exercise id.</summary>
    public byte[] AfterActionPdf(long exerciseId, string? language, PageFormat? page = null)
    {
        var exercise = exercises.Get(exerciseId);
        var data = ReviewData(exercise.IncidentKey);
        return PdfRenderer.Render(AfterActionReport.Build(exercise, data.Incident, data.Metrics, ReportTexts.For(language), time.GetUtcNow(), page ?? PageFormat.A4));
    }

    public string ReviewMarkdown(string key, string? language) => ReviewMarkdownExport.Write(ReviewData(key), ReportTexts.For(language));

    /// <summary>One of an incident's downloads by file name: review.pdf, checklist.pdf or review.md.</summary>
    public ReportFile Export(string key, string file, string language, PageFormat? page = null) => file switch
    {
        "review.pdf" => new(Pdf(key, ReportKinds.Review, language, page), "application/pdf", $"{key}-review{Suffix(language)}.pdf"),
        "checklist.pdf" => new(Pdf(key, ReportKinds.Checklist, language, page), "application/pdf", $"{key}-checklist{Suffix(language)}.pdf"),
        "review.md" => new(System.Text.Encoding.UTF8.GetBytes(ReviewMarkdown(key, language)), "text/markdown; charset=utf-8", $"{key}-review{Suffix(language)}.md"),
        _ => throw new NotFoundException($"no export named {file}: use review.pdf, checklist.pdf or review.md"),
    };

    public ReportFile AfterAction(long exerciseId, string language) =>
        new(AfterActionPdf(exerciseId, language), "application/pdf", $"exercise-{exerciseId}-after-action{Suffix(language)}.pdf");

    private static string Suffix(string language) => language == "zh-CN" ? ".zh-CN" : "";
}
