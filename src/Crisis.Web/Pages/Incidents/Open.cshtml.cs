using System.Globalization;
using System.Security.Claims;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Signals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Incidents;

public sealed class OpenModel(PlaybookLibrary library, PeopleDirectory people, OpenIncident open, SignalQueue signals) : PageModel
{
    /// <summary>The early-warning signal the incident is opened from, if any: it suggests the playbook, severity and title, and gives its cases.</summary>
    [BindProperty(SupportsGet = true, Name = "signal")]
    public long? SignalId { get; set; }

    public SignalSummary? Signal { get; private set; }

    [BindProperty(SupportsGet = true, Name = "playbook")]
    public string? PlaybookId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true, Name = "severity")]
    public int Severity { get; set; }

    /// <summary>Nullable, so a blank title is one problem (the domain's, beside the field), not also the framework's implicit "required".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Title { get; set; }

    [BindProperty(SupportsGet = true, Name = "roles")]
    public Dictionary<string, long?> Roles { get; set; } = [];

    public IReadOnlyList<Playbook> Choices { get; private set; } = [];
    public Playbook? Playbook { get; private set; }
    public IReadOnlyList<(string Title, List<PlaybookStep> Steps)> Preview { get; private set; } = [];
    private IReadOnlyList<Person> _people = [];

    /// <summary>From a signal, what it suggests fills in whatever the address does not choose.</summary>
    public void OnGet()
    {
        if (SignalId is { } id)
        {
            var suggested = signals.Suggestion(id, CultureInfo.CurrentUICulture);
            PlaybookId ??= suggested.PlaybookId;
            if (Severity == 0) Severity = suggested.Severity;
            Title ??= suggested.Title;
        }
        Load();
    }

    /// <summary>Another playbook, language or severity chosen: the page again with its steps, keeping what was typed.</summary>
    public void OnPostPreview()
    {
        ModelState.Clear();
        Load();
    }

    public IActionResult OnPost()
    {
        Load();
        // A playbook broken since the form was shown is no missing page: opening it is refused saying what to fix.
        var playbookId = Playbook?.Id ?? PlaybookId;
        if (playbookId is null || library.Find(playbookId, Language!) is null) return NotFound();
        var roles = Roles.Where(r => r.Value is not null).ToDictionary(r => r.Key, r => r.Value!.Value);
        var key = "";
        var request = new OpenIncidentRequest(playbookId, Title ?? "", Severity, roles, Language: Language!);
        if (!PageAction.TryFormChange(this, () => key = SignalId is { } id ? signals.OpenIncident(id, request, User.Actor()) : open.Execute(request, User.Actor())))
            return Page();
        return RedirectToPage("/Incidents/Show", new { key });
    }

    /// <summary>People who can hold the role first, then everyone else: a commander may need anyone in a crisis.</summary>
    public IEnumerable<Person> PeopleFor(string roleKey) => _people.OrderByDescending(p => p.Roles.Contains(roleKey)).ThenBy(p => p.Name);

    private void Load()
    {
        Signal = SignalId is { } id ? signals.Summary(id) : null;
        Language = Language is "en" or "zh-CN" ? Language : CultureInfo.CurrentUICulture.Name == "zh-CN" ? "zh-CN" : "en";
        Choices = library.All().Where(r => !r.HasErrors && r.Playbook.Language == "en").Select(r => r.Playbook).ToList();
        var found = library.Find(PlaybookId ?? Choices.FirstOrDefault()?.Id ?? "", Language);
        Playbook = found is { HasErrors: false } ? found.Playbook : null;
        if (Playbook is null) return;
        if (!Playbook.Severities.Contains(Severity)) Severity = Playbook.Severities[0];
        Preview = Playbook.Phases
            .Select(phase => (phase.Title, phase.Steps.Where(s => s.AppliesTo(Severity)).ToList()))
            .ToList();
        _people = people.List();
    }
}
