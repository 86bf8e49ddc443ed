using Crisis.Core;
using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Admin;

public sealed class UsersModel(Accounts accounts) : StatusMessagePageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public void OnGet() => Users = accounts.ListUsers();

    public IActionResult OnPostAdd(string name, string? email, string role, string password) =>
        Act(() => accounts.AddUser(name, role, password, PageHelpers.Optional(email)));

    public IActionResult OnPostRole(string name, string role) =>
        Act(() => accounts.SetRole(name, role));
}
