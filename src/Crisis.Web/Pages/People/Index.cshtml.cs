using System.Globalization;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.People;

public sealed class IndexModel(PeopleDirectory directory, PlaybookLibrary playbooks) : StatusMessagePageModel
{
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>A person's roles by their titles, as the playbooks in the reader's language name them.</summary>
    public string RoleTitles(Person person) => string.Join(", ", person.Roles.Select(role => playbooks.RoleTitle(role, CultureInfo.CurrentUICulture.Name)));

    public void OnGet() => People = directory.List();

    public IActionResult OnPost(string name, string? email, string? phone, string? roles) =>
        Act(() => directory.Add(new NewPerson(name, PageHelpers.Optional(email), PageHelpers.Optional(phone),
            roles?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
}
