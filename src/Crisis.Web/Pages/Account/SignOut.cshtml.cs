using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Account;

public sealed class SignOutModel(Accounts accounts) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Incidents/Dashboard");

    public async Task<IActionResult> OnPostAsync()
    {
        // Ending the account's sessions, not only deleting this browser's cookie, so a copied cookie is refused too.
        if (CookieSessions.UserId(User) is { } userId) accounts.EndSessions(userId);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/SignIn");
    }
}
