using Crisis.Core.Reports;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Exercises;

/// <summary>The after-action report as a download for the trainer at a browser: the file the API serves.</summary>
public sealed class AfterActionModel(IncidentReports reports) : PageModel
{
    public IActionResult OnGet(long id, string? lang)
    {
        string language;
        try
        {
            language = ReviewsApi.Language(lang);
        }
        catch (BadRequestException exception)
        {
            return BadRequest(exception.Message);
        }
        return File(reports.AfterActionPdf(id, language), "application/pdf", $"exercise-{id}-after-action{(language == "zh-CN" ? ".zh-CN" : "")}.pdf");
    }
}
