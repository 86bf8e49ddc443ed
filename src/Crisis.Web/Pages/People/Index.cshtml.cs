using System.Globalization;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.People;

public sealed class IndexModel(PeopleDirectory directory, PlaybookLibrary playbooks) : StatusMessagePageModel
{
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>A person's roles by their titles, as the playbooks in the reader's language name them.</summary>
    public string RoleTitles(Person person) => PageHelpers.List(person.Roles.Select(role => playbooks.RoleTitle(role, CultureInfo.CurrentUICulture.Name)));

    /// <summary>The roles a person can be listed for, by title: an admin ticks them, never types their keys.</summary>
    public IReadOnlyList<PlaybookRole> RoleChoices { get; private set; } = [];

    /// <summary>The language a new person's emails are in unless changed: the one the admin reads the page in.</summary>
    public string Language { get; private set; } = "en";

    public void OnGet()
    {
        People = directory.List();
        RoleChoices = playbooks.RoleChoices(CultureInfo.CurrentUICulture.Name);
        Language = CultureInfo.CurrentUICulture.Name == "zh-CN" ? "zh-CN" : "en";
    }

    public IActionResult OnPost(string? name, string? email, string? phone, string[]? roles, string? language)
    {
        if (PageAction.TryFormChange(this, () => directory.Add(new NewPerson(name ?? "", PageHelpers.Optional(email), PageHelpers.Optional(phone), roles, language))))
            return RedirectToPage();
        OnGet();
        return Page();
    }
}
