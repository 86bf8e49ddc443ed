using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Account;

/// <summary>The language switch: remembers the choice in a cookie for a year, over the browser's language.</summary>
[RepeatableSubmission]
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Incidents/Dashboard");

    public IActionResult OnPost(string culture, string? returnUrl)
    {
        if (WebSetup.Cultures.Any(c => c.Name == culture))
        {
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                PageHelpers.PreferenceCookie(Request));
        }
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(RedirectTarget.Ascii(returnUrl)) : RedirectToPage("/Incidents/Dashboard");
    }
}
