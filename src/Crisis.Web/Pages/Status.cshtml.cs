using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages;

/// <summary>Error pages are re-executed with the failed request's method, so a rejected POST lands here too.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<SharedResource> localizer) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnPost(int code) => OnGet(code);

    public void OnGet(int code)
    {
        (Heading, Explanation) = code switch
        {
            400 => (localizer["The form could not be read"], localizer["What was sent holds characters a form cannot carry, such as a null character pasted from another program. Go back, type the text again and send it once more."]),
            403 => (localizer["Not allowed"], localizer["Your role does not allow this page or action. Ask an admin if you need it."]),
            429 => (localizer["Too many attempts"], localizer["Too many sign-in attempts came from your address. Wait a minute and try again."]),
            404 => (localizer["Not found"], localizer["There is nothing at this address. The incident or playbook may have a different key."]),
            503 => (localizer["Changes cannot be saved right now"], localizer["The server cannot store changes: its disk is full or its database cannot be written. Everything saved so far can still be read. Tell an admin, and try again once they have fixed it."]),
            _ => (localizer["Something went wrong"], localizer["The request could not be completed. Try again, and tell an admin if it keeps happening."]),
        };
    }
}
