using Crisis.Reports;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Exercises;

/// <summary>The after-action report as a download at a browser, the file the API serves: the trainers' while the exercise runs, every reader's once it ends.</summary>
public sealed class AfterActionModel(IncidentReports reports) : PageModel
{
    public IActionResult OnGet(long id, string? lang)
    {
        try
        {
            var download = reports.AfterAction(id, User.Actor(), ReviewsApi.Language(lang));
            return File(download.Content, download.ContentType, download.FileName);
        }
        catch (BadRequestException exception)
        {
            return BadRequest(exception.Message);
        }
    }
}
