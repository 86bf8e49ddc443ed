using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.People;

public sealed class IndexModel(PeopleDirectory directory) : PageModel
{
    public IReadOnlyList<Person> People { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public void OnGet() => People = directory.List();

    public IActionResult OnPost(string name, string? email, string? phone, string? roles) =>
        PageAction.RunAndReturn(this, () => directory.Add(new NewPerson(name, PageHelpers.Optional(email), PageHelpers.Optional(phone),
            roles?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))), m => Message = m);
}
