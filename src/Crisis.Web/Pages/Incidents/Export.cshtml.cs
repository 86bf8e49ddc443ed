using Crisis.Reports;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Incidents;

/// <summary>The reports as downloads for people signed in at a browser: the same files the API serves.</summary>
public sealed class ExportModel(IncidentReports reports) : PageModel
{
    public IActionResult OnGet(string key, string file, string? lang, string? paper)
    {
        try
        {
            var download = reports.Export(key, file, ReviewsApi.Language(lang), ReviewsApi.Paper(paper));
            return File(download.Content, download.ContentType, download.FileName);
        }
        catch (BadRequestException exception)
        {
            return BadRequest(exception.Message);
        }
        catch (Pdf.Text.MissingFontException exception)
        {
            return new ContentResult { StatusCode = StatusCodes.Status500InternalServerError, Content = exception.Message, ContentType = "text/plain; charset=utf-8" };
        }
    }
}
