using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.People;

public sealed class IndexModel(PeopleDirectory directory) : StatusMessagePageModel
{
    public IReadOnlyList<Person> People { get; private set; } = [];

    public void OnGet() => People = directory.List();

    public IActionResult OnPost(string name, string? email, string? phone, string? roles) =>
        Act(() => directory.Add(new NewPerson(name, PageHelpers.Optional(email), PageHelpers.Optional(phone),
            roles?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
}
