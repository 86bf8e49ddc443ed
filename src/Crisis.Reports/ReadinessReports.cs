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
/// compared with the period before it (<see cref="PeriodBefore"/>).
/// </summary>
public sealed class ReadinessReports(RiskRegister risks, IncidentInsights insights, ExerciseInsights exercises, FollowUpBook followUps, OrganisationSettings organisation,
    PlaybookLibrary playbooks, TimeProvider time)
{
    public ReadinessReportData Data(DateOnly? from, DateOnly? to, string language)
    {
        var today = insights.LastDay(insights.Days(null, null));
        var last = to ?? today;
        var first = from ?? QuarterStart(last);
        var period = insights.Days(first, last);
        var (previousFirst, previousLast) = PeriodBefore(first, last);
        var previous = insights.Days(previousFirst, previousLast);
        var texts = ReportTexts.For(language);
        var brand = organisation.Brand(texts.Language).Name;
        var done = followUps.List(new FollowUpFilter { Status = ActionStatus.Done });
        List<FollowUp> DoneIn(InsightFilter range) =>
            done.Where(followUp => followUp.Closing is { } closing && closing.ClosedAt >= range.From && closing.ClosedAt < range.To).ToList();
        return new ReadinessReportData(first, last, previousFirst, previousLast, brand.Length > 0 ? brand : texts.Readiness("Our brand"),
            risks.List(culture: texts.Culture),
            insights.Compute(period), insights.Compute(previous),
            exercises.Compute(period with { Exercises = true }, texts.Language),
            exercises.Compute(previous with { Exercises = true }, texts.Language).Exercises.Count,
            DoneIn(period),
            DoneIn(previous).Count,
            followUps.List(new FollowUpFilter { OverdueOnly = true }),
            time.GetUtcNow());
    }

    private static DateOnly QuarterStart(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>
    /// What a period is compared with: a whole quarter with the quarter before; a quarter to date (or any run of days
    /// from a quarter's first) with the same days of the quarter before, so 40 days are never set against 91; any other
    /// period with as many days just before it.
    /// </summary>
    public static (DateOnly First, DateOnly Last) PeriodBefore(DateOnly first, DateOnly last)
    {
        if (first == QuarterStart(first) && last < first.AddMonths(3))
        {
            var previousFirst = first.AddMonths(-3);
            var wholeQuarter = last == first.AddMonths(3).AddDays(-1);
            return (previousFirst, wholeQuarter ? first.AddDays(-1) : Min(previousFirst.AddDays(last.DayNumber - first.DayNumber), first.AddDays(-1)));
        }
        return (first.AddDays(-(last.DayNumber - first.DayNumber + 1)), first.AddDays(-1));
    }

    private static DateOnly Min(DateOnly one, DateOnly other) => one < other ? one : other;

    public byte[] Pdf(ReadinessReportData data, string? language, PageFormat? page = null)
    {
        var texts = ReportTexts.For(language);
        return PdfRenderer.Render(ReadinessReport.Build(data, texts.InZone(organisation.TimeZoneFor(texts.Culture)), playbooks, page ?? PageFormat.A4));
    }
}
