using Crisis.Core;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
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
    DateTimeOffset GeneratedAt)
{
    /// <summary>The names the story uses for roles, steps, the playbook and the people who acted.</summary>
    public StoryNames Names { get; init; } = StoryNames.Of(Incident);

    /// <summary>The incident's evidence, tombstones included, in the order attached.</summary>
    public IReadOnlyList<Core.Evidence.EvidenceItem> Evidence { get; init; } = [];

    /// <summary>An image's copy as reports show it; null for a file that is not one, or no longer intact.</summary>
    public Func<Core.Evidence.EvidenceItem, byte[]?> Picture { get; init; } = _ => null;

    /// <summary>An action's playbook change as the reader sees it: the playbook's title for a playbook id, else what was written.</summary>
    public Func<string, string> PlaybookChangeText { get; init; } = change => change;
}

public static class ReportKinds
{
    public const string Review = "review";
    public const string Checklist = "checklist";
}

/// <summary>The incident's reports: the post-incident review (PDF and Markdown) and the printable checklist (PDF).</summary>
public sealed class IncidentReports(Timeline timeline, IncidentQueries incidents, ImpactLog impact, PostIncidentReviews reviews, Messages messages, TimeProvider time,
    ExerciseRuns exercises, TimelineAnchors anchors, OrganisationSettings organisation, PlaybookLibrary playbooks, AccountNames people, TemplateLibrary templates,
    Core.Evidence.EvidenceBook evidence)
{
    /// <summary>Everything the review shows, with the playbook's, phases' and roles' names in <paramref name="language"/> where the playbook has a twin in it.</summary>
    public ReviewReportData ReviewData(string key, string? language = null)
    {
        var incident = incidents.Get(key);
        if (language is not null)
            incident = playbooks.InLanguage(incident, ReportTexts.For(language).Language);
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
            time.GetUtcNow())
        {
            Names = StoryNames.Of(incident, people.All()),
            Evidence = evidence.List(key),
            Picture = evidence.PictureForReport,
            // A report's language, else the reader's (a page asks without one).
            PlaybookChangeText = change => playbooks.TitleOrReference(change, ReportTexts.For(language ?? System.Globalization.CultureInfo.CurrentUICulture.Name).Language),
        };
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

    /// <summary>The review report of data read already (<see cref="ReviewData"/>), for a caller that uses its verification too.</summary>
    public byte[] ReviewPdf(ReviewReportData data, string? language) => PdfRenderer.Render(ReviewReport.Build(data, Texts(language), PageFormat.A4));

    public byte[] Pdf(string key, string kind, string? language, PageFormat? page = null)
    {
        var texts = Texts(language);
        var document = kind switch
        {
            ReportKinds.Review => ReviewReport.Build(ReviewData(key, texts.Language), texts, page ?? PageFormat.A4),
            ReportKinds.Checklist => Checklist(incidents.Get(key), texts, page ?? PageFormat.A4),
            _ => throw new RuleViolationException($"unknown report '{kind}': use {ReportKinds.Review} or {ReportKinds.Checklist}"),
        };
        return PdfRenderer.Render(document);
    }

    private Document Checklist(IncidentDetails incident, ReportTexts texts, PageFormat page) =>
        ChecklistReport.Build(incident, SignedHead(incident.Key), evidence.List(incident.Key), StoryNames.Of(incident, people.All()), texts, time.GetUtcNow(), page);

    /// <summary>The after-action report of an exercise, by exercise id, if <paramref name="reader"/> may read it yet (see <see cref="ExerciseRuns.AfterAction"/>).</summary>
    public byte[] AfterActionPdf(long exerciseId, Actor reader, string? language, PageFormat? page = null)
    {
        var texts = Texts(language);
        var exercise = exercises.AfterAction(exerciseId, reader, texts.Language);
        var data = ReviewData(exercise.IncidentKey, texts.Language);
        return PdfRenderer.Render(AfterActionReport.Build(exercise, data.Incident, data.Metrics, data.SignedHead, texts, time.GetUtcNow(), page ?? PageFormat.A4,
            new IncidentWords(data.Incident, templates, texts.Language), data.Names, data.Evidence));
    }

    public string ReviewMarkdown(string key, string? language)
    {
        var texts = Texts(language);
        return ReviewMarkdownExport.Write(ReviewData(key, texts.Language), texts);
    }

    /// <summary>The report's words in its language, with times in the organisation's zone (<see cref="OrganisationSettings.TimeZoneFor"/>).</summary>
    private ReportTexts Texts(string? language)
    {
        var texts = ReportTexts.For(language);
        return texts.InZone(organisation.TimeZoneFor(texts.Culture));
    }
}
