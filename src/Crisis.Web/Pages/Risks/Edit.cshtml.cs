using Crisis.Core.Exercises;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Risks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Risks;

/// <summary>A risk changed: the form holds it as it is; a change made meanwhile by someone else is refused rather than overwritten.</summary>
public sealed class EditModel(RiskRegister register, PeopleDirectory people, PlaybookLibrary playbooks, ScenarioLibrary scenarios,
    IStringLocalizer<SharedResource> localizer) : RiskFormModel(people, playbooks, scenarios)
{
    [BindProperty] public long Version { get; set; }

    public long Id { get; private set; }

    public void OnGet(long id)
    {
        var risk = register.Get(id);
        (Id, Version) = (id, risk.Version);
        Show(risk);
        LoadChoices();
    }

    public IActionResult OnPost(long id)
    {
        Id = id;
        LoadChoices();
        if (!PageAction.TryFormChange(this, () => register.Change(id, Fields(Version), User.Actor()))) return Page();
        StatusMessage = localizer["Risk saved."];
        return RedirectToPage("/Risks/Show", new { id });
    }
}
