using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Admin;

public sealed class TokensModel(Accounts accounts) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public IReadOnlyList<User> Users { get; private set; } = [];
    public string? NewToken { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
        Tokens = accounts.ListTokens();
        Users = accounts.ListUsers();
    }

    /// <summary>Renders the page directly, not a redirect: the new token must never travel in a cookie or a URL.</summary>
    public IActionResult OnPostCreate(string userName)
    {
        if (PageAction.Refusal(() => NewToken = accounts.CreateToken(userName)) is { } refusal) Message = refusal;
        OnGet();
        return Page();
    }

    public IActionResult OnPostRevoke(long id) => PageAction.RunAndReturn(this, () => accounts.RevokeToken(id), m => Message = m);
}
