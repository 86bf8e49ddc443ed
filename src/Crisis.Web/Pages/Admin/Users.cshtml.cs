using Crisis.Core;
using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Admin;

public sealed class UsersModel(Accounts accounts) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public void OnGet() => Users = accounts.ListUsers();

    public IActionResult OnPostAdd(string name, string? email, string role, string password) =>
        PageAction.RunAndReturn(this, () => accounts.AddUser(name, role, password, PageHelpers.Optional(email)), m => Message = m);

    public IActionResult OnPostRole(string name, string role) =>
        PageAction.RunAndReturn(this, () => accounts.SetRole(name, role), m => Message = m);
}
