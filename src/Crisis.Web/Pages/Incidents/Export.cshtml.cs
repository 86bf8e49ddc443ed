using Crisis.Core;
using Crisis.Core.Reports;
using Crisis.Pdf;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Incidents;

/// <summary>The reports as downloads for people signed in at a browser: the same files the API serves.</summary>
public sealed class ExportModel(IncidentReports reports) : PageModel
{
    public IActionResult OnGet(string key, string file, string? lang, string? paper)
    {
        string language;
        PageFormat format;
        try
        {
            language = ReviewsApi.Language(lang);
            format = PageFormat.Named(paper ?? "A4");
        }
        catch (Exception exception) when (exception is BadRequestException or ArgumentException)
        {
            return BadRequest(exception.Message);
        }
        var suffix = language == "zh-CN" ? ".zh-CN" : "";
        try
        {
            return Download(key, file, language, format, suffix);
        }
        catch (Pdf.Text.MissingFontException exception)
        {
            return new ContentResult { StatusCode = StatusCodes.Status500InternalServerError, Content = exception.Message, ContentType = "text/plain; charset=utf-8" };
        }
    }

    private IActionResult Download(string key, string file, string language, PageFormat format, string suffix) =>
        file switch
        {
            "review.pdf" => File(reports.Pdf(key, ReportKinds.Review, language, format), "application/pdf", $"{key}-review{suffix}.pdf"),
            "checklist.pdf" => File(reports.Pdf(key, ReportKinds.Checklist, language, format), "application/pdf", $"{key}-checklist{suffix}.pdf"),
            "review.md" => File(System.Text.Encoding.UTF8.GetBytes(reports.ReviewMarkdown(key, language)), "text/markdown; charset=utf-8", $"{key}-review{suffix}.md"),
            _ => throw new NotFoundException($"no export named {file}: use review.pdf, checklist.pdf or review.md"),
        };
}
