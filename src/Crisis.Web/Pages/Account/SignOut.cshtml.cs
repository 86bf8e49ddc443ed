using Crisis.Core.Accounts;
using Crisis.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;

namespace Crisis.Web.Pages.Account;

[RepeatableSubmission]
public sealed class SignOutModel(Accounts accounts, Database database, ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Incidents/Dashboard");

    /// <summary>
    /// This browser's cookie goes first, whatever happens next. Then the account's sessions end (a new security stamp),
    /// so a copied cookie is refused too; when the database cannot store that (disk full, read-only), the sign-out
    /// still succeeds here and the page says the other devices are still signed in.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var userId = CookieSessions.UserId(User);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (userId is not { } id) return RedirectToPage("/Account/SignIn");
        try
        {
            accounts.EndSessions(id);
        }
        catch (SqliteException exception) when (database.Health.Failed(exception))
        {
            logger.LogWarning(exception, "User {UserId} signed out, but their other sessions could not be ended", id);
            return RedirectToPage("/Account/SignIn", new { otherSessionsKept = true });
        }
        return RedirectToPage("/Account/SignIn");
    }
}
