using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Account;

[RepeatableSubmission]
public sealed class SignInModel(Accounts accounts, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Null when the field is empty or only spaces (model binding turns those into null): a wrong sign-in like any other.</summary>
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Set after a sign-out whose ending of the account's other sessions could not be stored.</summary>
    [BindProperty(SupportsGet = true)]
    public bool OtherSessionsKept { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await accounts.SignInAsync(UserName?.Trim() ?? "", Password ?? "", HttpContext.RequestAborted);
        if (result.User is not { } user)
        {
            Error = localizer["The user name or password is wrong."];
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CookieSessions.Principal(user, result.SecurityStamp!));
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(RedirectTarget.Ascii(ReturnUrl)) : RedirectToPage("/Incidents/Dashboard");
    }
}
