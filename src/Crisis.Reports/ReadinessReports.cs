using Crisis.Core.FollowUps;
using Crisis.Core.Insights;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;
using Crisis.Core.Risks;
using Crisis.Pdf;

namespace Crisis.Reports;

/// <summary>
/// The quarterly readiness report for a period of days of the organisation's time zone, by default the quarter to date,
/// compared with the period before: the whole previous quarter when the period starts a quarter, else as many days just before.
/// </summary>
public sealed class ReadinessReports(RiskRegister risks, IncidentInsights insights, ExerciseInsights exercises, FollowUpBook followUps, OrganisationSettings organisation,
    PlaybookLibrary playbooks, TimeProvider time)
{
    public ReadinessReportData Data(DateOnly? from, DateOnly? to, string language)
    {
        var today = insights.LastDay(insights.Days(null, null));
        var last = to ?? today;
        var first = from ?? new DateOnly(last.Year, (last.Month - 1) / 3 * 3 + 1, 1);
        var period = insights.Days(first, last);
        var startsAQuarter = first.Day == 1 && first.Month % 3 == 1;
        var previousFirst = startsAQuarter ? first.AddMonths(-3) : first.AddDays(-(last.DayNumber - first.DayNumber + 1));
        var previous = insights.Days(previousFirst, first.AddDays(-1));
        var texts = ReportTexts.For(language);
        var brand = organisation.Brand(texts.Language).Name;
        var done = followUps.List(new FollowUpFilter { Status = ActionStatus.Done })
            .Where(followUp => followUp.Closing is { } closing && closing.ClosedAt >= period.From && closing.ClosedAt < period.To).ToList();
        return new ReadinessReportData(first, last, previousFirst, first.AddDays(-1), brand.Length > 0 ? brand : texts.Readiness("Our brand"),
            risks.List(culture: texts.Culture),
            insights.Compute(period), insights.Compute(previous),
            exercises.Compute(period with { Exercises = true }, texts.Language),
            done,
            followUps.List(new FollowUpFilter { OverdueOnly = true }),
            time.GetUtcNow());
    }

    public byte[] Pdf(ReadinessReportData data, string? language, PageFormat? page = null)
    {
        var texts = ReportTexts.For(language);
        return PdfRenderer.Render(ReadinessReport.Build(data, texts.InZone(organisation.TimeZoneFor(texts.Culture)), playbooks, page ?? PageFormat.A4));
    }
}
