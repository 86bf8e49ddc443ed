using Crisis.Core;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages;

/// <summary>Runs a change a page posts, turning the domain's refusal (<see cref="DomainException"/>) into words to show.</summary>
public static class PageAction
{
    /// <summary>
    /// A posted value that does not fit the handler's parameter (a version of 2^32 + 1, a rating of 99999999999) binds as
    /// null or 0 and would be acted on as if left out; it is refused instead, naming the field. Null when all bound.
    /// </summary>
    /// <param name="labels">Labels of the fields a person types in, by name (<see cref="StatusMessagePageModel.FieldLabels"/>): such a field is named by its label.</param>
    public static string? UnreadableField(PageModel page, IReadOnlyDictionary<string, string>? labels = null)
    {
        if (page.ModelState.FirstOrDefault(field => field.Value?.ValidationState == ModelValidationState.Invalid) is not { Value: not null } field) return null;
        var localizer = Words(page);
        return Label(labels, field.Key) is { } label
            ? localizer["{0}: {1}", localizer[label], localizer["Enter a number, such as 120."]]
            : localizer["'{0}' must be a number this form takes, not \"{1}\"", field.Key, field.Value.AttemptedValue ?? ""];
    }

    /// <summary>
    /// The refusal's words, or null when the change was made: in the reader's language where the domain gave its words and
    /// the refusal is about the request as a whole, or about a field with a label here (<paramref name="labels"/>), which
    /// then names it; else as the domain put it. A <see cref="ForbiddenException"/> is no refusal to explain on the page:
    /// it passes on to <see cref="DomainExceptionPageFilter"/>, which answers 403.
    /// </summary>
    public static string? Refusal(PageModel page, Action change, IReadOnlyDictionary<string, string>? labels = null)
    {
        try
        {
            change();
            return null;
        }
        // Only a refusal that names a field the page labels can be put in the reader's words: "This is required." alone
        // would not say what is.
        catch (RuleViolationException refusal) when (refusal is { TextKey: not null, Field: { } field } && Label(labels, field) is { } label)
        {
            var localizer = Words(page);
            return localizer["{0}: {1}", localizer[label], InWords(page, refusal)];
        }
        catch (DomainException refusal) when (refusal is not ForbiddenException)
        {
            return refusal.Field is null ? InWords(page, refusal) : refusal.Message;
        }
    }

    /// <summary>A field's label by its name in a refusal (ordersAffected) or in the form (OrdersAffected, figures.OrdersAffected).</summary>
    private static string? Label(IReadOnlyDictionary<string, string>? labels, string field) =>
        labels?.FirstOrDefault(label => string.Equals(label.Key, field[(field.LastIndexOf('.') + 1)..], StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// Runs a change a form posts; whether it was made. If not, the form's problems are in the page's model state, for
    /// the page to show again with what was typed: once each, in the reader's language, beside the field they are
    /// about (<see cref="FieldProblemTagHelper"/>), or above the form when they are about the whole request
    /// (<c>Shared/_FormProblems</c>).
    /// </summary>
    /// <param name="formNames">The form's names for fields the domain names otherwise, by the domain's name: recipients →
    /// OtherRecipients, or roles → participants (then roles.quality is shown beside participants[quality]).</param>
    /// <param name="fieldPrefix">The name the page binds the form's fields under (Input for Input.Email), if any.</param>
    public static bool TryFormChange(PageModel page, Action change, IReadOnlyDictionary<string, string>? formNames = null, string? fieldPrefix = null)
    {
        var localizer = Words(page);
        // The framework's own message for a value that does not bind names the property, in English: one plain one instead.
        foreach (var entry in page.ModelState.Values.Where(entry => entry.ValidationState == ModelValidationState.Invalid))
        {
            entry.Errors.Clear();
            entry.Errors.Add(localizer["Enter a number, such as 120."]);
        }
        if (!page.ModelState.IsValid) return false;
        try
        {
            change();
            return true;
        }
        catch (DomainException refusal) when (refusal is not ForbiddenException)
        {
            foreach (var problem in refusal is RuleViolationException rule ? [rule, .. rule.AlsoWrong] : new[] { refusal })
            {
                var key = problem.Field is { } field ? FormName(fieldPrefix is null ? field : $"{fieldPrefix}.{field}", formNames) : "";
                page.ModelState.AddModelError(key, InWords(page, problem));
            }
            return false;
        }
    }

    private static string FormName(string field, IReadOnlyDictionary<string, string>? formNames)
    {
        var head = field.Split('.')[0];
        return formNames?.GetValueOrDefault(head) is { } name ? name + field[head.Length..] : field;
    }

    /// <summary>The refusal in the reader's language where the domain gave its words (<see cref="DomainException.TextKey"/>), else as the domain put it.</summary>
    public static string InWords(PageModel page, DomainException refusal) =>
        refusal.TextKey is { } key ? Words(page)[key, [.. refusal.TextArguments.Select(InReadersLanguage)]] : refusal.Message;

    /// <summary>An argument that is words of its own (what is wrong in a playbook) written in the reader's language too.</summary>
    private static object InReadersLanguage(object argument) =>
        argument is DiagnosticWords words ? words.In(System.Globalization.CultureInfo.CurrentUICulture) : argument;

    private static IStringLocalizer Words(PageModel page) => page.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
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
