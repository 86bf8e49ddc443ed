using Crisis.Core;
using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Admin;

public sealed class UsersModel(Accounts accounts, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    public void OnGet() => Users = accounts.ListUsers();

    public IActionResult OnPostAdd(string name, string? email, string role, string password) =>
        Act(() => accounts.AddUser(name, role, password, PageHelpers.Optional(email)));

    public IActionResult OnPostRole(string name, string role) =>
        Act(() => accounts.SetRole(name, role));

    /// <summary>Ends the user's sessions and API tokens; only with the form's confirmation ticked.</summary>
    public IActionResult OnPostDisable(string name, bool confirmed) =>
        Act(() => accounts.Disable(Confirmed(NotOneself(name), confirmed)), done: localizer["{0} is disabled: their sessions and API tokens no longer work.", name]);

    /// <summary>Sets a new password and ends the user's sessions; only with the form's confirmation ticked.</summary>
    public IActionResult OnPostPassword(string name, string password, bool confirmed) =>
        Act(() => accounts.SetPassword(Confirmed(name, confirmed), password), done: localizer["{0} has a new password; their sessions have ended.", name]);

    /// <summary>An admin who disabled their own account could lock the server's last admin out.</summary>
    private string NotOneself(string name) =>
        string.Equals(name.Trim(), User.Identity?.Name, StringComparison.OrdinalIgnoreCase)
            ? throw new RuleViolationException(localizer["You cannot disable your own account."])
            : name;

    private string Confirmed(string name, bool confirmed) =>
        confirmed ? name : throw new RuleViolationException(localizer["Tick the box to confirm."]);
}
