using Crisis.Core.Exercises;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Risks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Risks;

/// <summary>A risk added by hand: what it is, how likely and how bad, and what answers it.</summary>
public sealed class NewModel(RiskRegister register, PeopleDirectory people, PlaybookLibrary playbooks, ScenarioLibrary scenarios,
    IStringLocalizer<SharedResource> localizer) : RiskFormModel(people, playbooks, scenarios)
{
    public void OnGet() => LoadChoices();

    public IActionResult OnPost()
    {
        LoadChoices();
        long id = 0;
        if (!PageAction.TryFormChange(this, () => id = register.Create(Fields(), User.Actor()))) return Page();
        StatusMessage = localizer["Risk added."];
        return RedirectToPage("/Risks/Show", new { id });
    }
}
