using System.Globalization;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Crisis.Web.Pages.Account;

/// <summary>
/// Cookie sessions tied to the account's security stamp. Every request checks the cookie's stamp against the account
/// (one primary-key read), so a role change, a password change or a sign-out ends the sessions signed in before;
/// the claims a page sees are the account's as it is now, never the ones the cookie was issued with.
/// </summary>
public static class CookieSessions
{
    public const string StampClaim = "crisis:security-stamp";

    public static ClaimsPrincipal Principal(User user, string securityStamp) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, user.Name),
         new Claim(ClaimTypes.Role, user.Role), new Claim(ClaimTypes.Email, user.Email ?? ""), new Claim(StampClaim, securityStamp)],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static long? UserId(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <returns>The account as it is now while the session of <paramref name="principal"/> lasts; null once it has ended.</returns>
    public static User? CurrentUser(ClaimsPrincipal? principal, Accounts accounts) =>
        principal is not null && UserId(principal) is { } id && principal.FindFirstValue(StampClaim) is { } stamp
            ? accounts.FindSession(id, stamp)
            : null;

    public static async Task Validate(CookieValidatePrincipalContext context)
    {
        var user = CurrentUser(context.Principal, context.HttpContext.RequestServices.GetRequiredService<Accounts>());
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(Principal(user, context.Principal!.FindFirstValue(StampClaim)!));
    }
}
