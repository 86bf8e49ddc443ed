using Crisis.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crisis.Web.Pages;

/// <summary>Runs a change a page posts, turning the domain's refusal (<see cref="DomainException"/>) into words to show.</summary>
public static class PageAction
{
    /// <summary>
    /// The refusal's message, or null when the change was made. A <see cref="ForbiddenException"/> is no refusal to
    /// explain on the page: it passes on to <see cref="DomainExceptionPageFilter"/>, which answers 403.
    /// </summary>
    public static string? Refusal(Action change)
    {
        try
        {
            change();
            return null;
        }
        catch (DomainException refusal) when (refusal is not ForbiddenException)
        {
            return refusal.Message;
        }
    }
}

/// <summary>
/// A refusal that escapes a page: asking for an incident, playbook or step that does not exist is a 404, and asking
/// for what one's place does not allow a 403, not an error.
/// </summary>
public sealed class DomainExceptionPageFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        IActionResult? answer = context.Exception switch
        {
            NotFoundException => new NotFoundResult(),
            ForbiddenException => new ForbidResult(),
            _ => null,
        };
        if (answer is null) return;
        context.Result = answer;
        context.ExceptionHandled = true;
    }
}
