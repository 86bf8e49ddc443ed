using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages;

/// <summary>
/// A page whose forms post a change and come back to the page with a GET (post-redirect-get), carrying what happened
/// as a status message for that one next request. <c>Shared/_StatusMessage</c> shows it.
/// </summary>
public abstract class StatusMessagePageModel : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public bool StatusMessageIsError { get; set; }

    /// <summary>Runs the change and redirects back to this page, with the domain's refusal, or <paramref name="done"/>, as the status message.</summary>
    protected IActionResult Act(Action change, object? routeValues = null, string? fragment = null, string? done = null)
    {
        TryChange(change, done);
        return RedirectToPage(pageName: null, pageHandler: null, routeValues, fragment is null ? null : RedirectTarget.Ascii(fragment));
    }

    /// <summary>Back to this page with <paramref name="problem"/> as the status message: a form sent without a choice it needs.</summary>
    protected RedirectToPageResult Refuse(string problem, object? routeValues = null)
    {
        StatusMessage = problem;
        StatusMessageIsError = true;
        return RedirectToPage(pageName: null, pageHandler: null, routeValues, fragment: null);
    }

    /// <summary>
    /// The labels of the fields this page's forms post, by the name the domain gives them in a refusal
    /// (<see cref="Crisis.Core.DomainException.Field"/>): a refusal about one is then told with the field's label,
    /// in the reader's language, instead of the domain's English naming the field by its API name.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string>();

    /// <summary>Runs the change; whether it was made. A refusal becomes the status message (see <see cref="FieldLabels"/>).</summary>
    protected bool TryChange(Action change, string? done = null)
    {
        var refusal = PageAction.UnreadableField(this, FieldLabels) ?? PageAction.Refusal(this, change, FieldLabels);
        StatusMessage = refusal ?? done;
        StatusMessageIsError = refusal is not null;
        return refusal is null;
    }
}
