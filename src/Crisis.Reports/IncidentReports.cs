using Crisis.Core;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Reviews;
using Crisis.Pdf;

namespace Crisis.Reports;

/// <summary>Everything a post-incident review report shows, read once.</summary>
public sealed record ReviewReportData(
    IncidentDetails Incident,
    ReviewView? Review,
    ImpactLogView Impact,
    ReviewMetrics Metrics,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<TimelineEvent> Events,
    TimelineVerification Verification,
    SignedHead? SignedHead,
    DateTimeOffset GeneratedAt);

public static class ReportKinds
{
    public const string Review = "review";
    public const string Checklist = "checklist";
}

/// <summary>The incident's reports: the post-incident review (PDF and Markdown) and the printable checklist (PDF).</summary>
public sealed class IncidentReports(Timeline timeline, IncidentQueries incidents, ImpactLog impact, PostIncidentReviews reviews, Messages messages, TimeProvider time,
    ExerciseRuns exercises, TimelineAnchors anchors, TemplateLibrary templates)
{
    public ReviewReportData ReviewData(string key)
    {
        var incident = incidents.Get(key);
        var events = timeline.Read(key);
        var incidentMessages = messages.ForIncident(key).OrderBy(message => message.Id).ToList();
        return new ReviewReportData(
            incident,
            reviews.Get(key),
            impact.Read(key),
            ReviewMetrics.Compute(incident, events, incidentMessages),
            incidentMessages,
            events,
            timeline.Verify(key),
            SignedHead(key),
            time.GetUtcNow());
    }

    /// <summary>
    /// The signed checkpoint of the head the report shows, signed now if need be, so that every exported report carries
    /// an anchored head. A report is still made if the anchor file cannot be written; it then says the head is not signed.
    /// </summary>
    private SignedHead? SignedHead(string key)
    {
        try
        {
            return anchors.AnchorCurrentHead(key);
        }
        catch (Exception exception) when (TimelineAnchors.IsUnavailable(exception))
        {
            return null;
        }
    }

    public byte[] Pdf(string key, string kind, string? language, PageFormat? page = null)
    {
        var texts = ReportTexts.For(language);
        var document = kind switch
        {
            ReportKinds.Review => ReviewReport.Build(ReviewData(key), texts, page ?? PageFormat.A4),
            ReportKinds.Checklist => ChecklistReport.Build(incidents.Get(key), SignedHead(key), texts, time.GetUtcNow(), page ?? PageFormat.A4),
            _ => throw new RuleViolationException($"unknown report '{kind}': use {ReportKinds.Review} or {ReportKinds.Checklist}"),
        };
        return PdfRenderer.Render(document);
    }

    /// <summary>The after-action report of an exercise, by exercise id, if <paramref name="reader"/> may read it yet (see <see cref="ExerciseRuns.AfterAction"/>).</summary>
    public byte[] AfterActionPdf(long exerciseId, Actor reader, string? language, PageFormat? page = null)
    {
        var exercise = exercises.AfterAction(exerciseId, reader);
        var data = ReviewData(exercise.IncidentKey);
        return PdfRenderer.Render(AfterActionReport.Build(exercise, data.Incident, data.Metrics, data.SignedHead, ReportTexts.For(language), time.GetUtcNow(), page ?? PageFormat.A4,
            new IncidentWords(data.Incident, templates, ReportTexts.For(language).Language)));
    }

    public string ReviewMarkdown(string key, string? language) => ReviewMarkdownExport.Write(ReviewData(key), ReportTexts.For(language));
}
