using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Admin;

public sealed class TokensModel(Accounts accounts) : StatusMessagePageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public string? NewToken { get; private set; }

    public void OnGet()
    {
        Tokens = accounts.ListTokens();
        Users = accounts.ListUsers();
    }

    /// <summary>Renders the page directly, not a redirect: the new token must never travel in a cookie or a URL.</summary>
    public IActionResult OnPostCreate(string userName, int? validDays)
    {
        TryChange(() => NewToken = accounts.CreateToken(userName, Accounts.TokenLifetime(validDays)));
        OnGet();
        return Page();
    }

    public IActionResult OnPostRevoke(long id) => Act(() => accounts.RevokeToken(id));
}
