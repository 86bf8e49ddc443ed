using Crisis.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages;

/// <summary>Runs a change a page posts, turning the domain's refusal (a broken rule, a stale version, an unknown id) into words to show.</summary>
public static class PageAction
{
    /// <summary>The refusal's message, or null when the change was made.</summary>
    public static string? Refusal(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception exception) when (exception is RuleViolationException or ConflictException or NotFoundException)
        {
            return exception.Message;
        }
    }

    /// <summary>Runs an admin change and comes back to the same page, carrying the refusal as the message.</summary>
    public static IActionResult RunAndReturn(PageModel page, Action action, Action<string> setMessage)
    {
        if (Refusal(action) is { } refusal) setMessage(refusal);
        return page.RedirectToPage();
    }
}
