using Crisis.Core;
using Crisis.Pdf;
using Crisis.Reports;

namespace Crisis.Web;

/// <summary>A report as a download: its bytes, media type and file name (which says zh-CN for a Chinese report).</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>The reports as the API and the pages serve them: the same bytes under the same names and media types.</summary>
public static class ReportDownloads
{
    /// <summary>One of an incident's downloads by file name: review.pdf, checklist.pdf or review.md.</summary>
    public static ReportFile Export(this IncidentReports reports, string key, string file, string language, PageFormat? page = null) => file switch
    {
        "review.pdf" => new(reports.Pdf(key, ReportKinds.Review, language, page), "application/pdf", $"{key}-review{Suffix(language)}.pdf"),
        "checklist.pdf" => new(reports.Pdf(key, ReportKinds.Checklist, language, page), "application/pdf", $"{key}-checklist{Suffix(language)}.pdf"),
        "review.md" => new(System.Text.Encoding.UTF8.GetBytes(reports.ReviewMarkdown(key, language)), "text/markdown; charset=utf-8", $"{key}-review{Suffix(language)}.md"),
        _ => throw new NotFoundException($"no export named {file}: use review.pdf, checklist.pdf or review.md"),
    };

    public static ReportFile AfterAction(this IncidentReports reports, long exerciseId, Crisis.Core.Incidents.Actor reader, string language) =>
        new(reports.AfterActionPdf(exerciseId, reader, language), "application/pdf", $"exercise-{exerciseId}-after-action{Suffix(language)}.pdf");

    /// <summary>The quarterly readiness report for the days from <paramref name="from"/> to <paramref name="to"/> (the quarter to date by default).</summary>
    public static ReportFile Readiness(this ReadinessReports reports, DateOnly? from, DateOnly? to, string language, PageFormat? page = null)
    {
        var data = reports.Data(from, to, language);
        return new(reports.Pdf(data, language, page), "application/pdf", $"readiness-{data.FirstDay:yyyy-MM-dd}-{data.LastDay:yyyy-MM-dd}{Suffix(language)}.pdf");
    }

    private static string Suffix(string language) => language == "zh-CN" ? ".zh-CN" : "";
}
