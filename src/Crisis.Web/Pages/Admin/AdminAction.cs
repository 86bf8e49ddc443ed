using Crisis.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Admin;

/// <summary>Runs an admin change and comes back to the same page, carrying the domain's refusal as the message.</summary>
public static class AdminAction
{
    public static IActionResult Run(PageModel page, Action action, Action<string> setMessage)
    {
        try
        {
            action();
        }
        catch (Exception exception) when (exception is RuleViolationException or ConflictException or NotFoundException)
        {
            setMessage(exception.Message);
        }
        return page.RedirectToPage();
    }
}
