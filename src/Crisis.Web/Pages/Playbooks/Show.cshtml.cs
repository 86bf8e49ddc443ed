using System.Globalization;
using Crisis.Core.Communications;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Playbooks;

public sealed class ShowModel(PlaybookLibrary library, TemplateLibrary templates, FollowUpBook followUps, PlaybookChanges changes) : PageModel
{
    public PlaybookParseResult Result { get; private set; } = null!;

    /// <summary>The follow-ups still to do that ask to change this playbook.</summary>
    public IReadOnlyList<FollowUp> FollowUps { get; private set; } = [];

    /// <summary>The earlier versions incidents were opened from, and what changed in the steps since each.</summary>
    public IReadOnlyList<EarlierVersion> EarlierVersions { get; private set; } = [];

    public IReadOnlyList<string> Languages { get; private set; } = [];

    /// <summary>The title of a template a step names, in the playbook's language.</summary>
    public string TemplateTitle(string id) => templates.Title(id, Result.Playbook.Language) ?? IncidentWords.Readable(id);

    /// <summary>Shows the playbook in the language asked for, else the reader's, else English.</summary>
    public IActionResult OnGet(string id, string? language)
    {
        var found = library.Find(id, language ?? CultureInfo.CurrentUICulture.Name);
        if (found is null) return NotFound();
        Result = found;
        Languages = library.All().Where(r => r.Playbook.Id == id).Select(r => r.Playbook.Language).ToList();
        FollowUps = followUps.List(new FollowUpFilter { Playbook = id, Status = FollowUpFilter.StillToDo });
        EarlierVersions = changes.SinceIncidents(id);
        return Page();
    }
}
