using Crisis.Core.Incidents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// Resolving or closing ends the response, so the checklist's status form comes here first: the steps still open,
/// those the law requires first, and a reason to leave them open. A page rather than a script's dialog, so it works
/// without JavaScript, from the keyboard and on a phone.
/// </summary>
public sealed class ConfirmStatusModel(IncidentQueries queries, IncidentLifecycle lifecycle, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    public IncidentDetails Incident { get; private set; } = null!;
    public IReadOnlyList<OpenStep> OpenSteps { get; private set; } = [];

    /// <summary>Resolved or closed.</summary>
    [BindProperty(SupportsGet = true)]
    public string To { get; set; } = "";

    /// <summary>The comment typed on the status form, carried through unchanged.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The open steps were listed on the page the commander confirmed.</summary>
    [BindProperty]
    public bool AcknowledgeOpenSteps { get; set; }

    /// <summary>Why the change was refused (no reason given, a step reopened meanwhile), shown by the reason field.</summary>
    public string? Refusal { get; private set; }

    public int RequiredCount => OpenSteps.Count(step => step.RequiredByLaw);

    public IActionResult OnGet(string key)
    {
        Load(key);
        return Confirms ? Page() : BackToIncident(key);
    }

    public IActionResult OnPost(string key)
    {
        Load(key);
        if (!Confirms) return BackToIncident(key);
        var acknowledged = AcknowledgeOpenSteps ? new OpenStepsAcknowledgement(Reason) : null;
        Refusal = PageAction.Refusal(this, () => lifecycle.SetStatus(key, To, User.Actor(), Comment, acknowledged));
        if (Refusal is not null)
        {
            Load(key); // a step may have opened meanwhile: show the list as it is now
            return Page();
        }
        StatusMessage = localizer["{0} is now {1}.", key, localizer[To]];
        return BackToIncident(key);
    }

    /// <summary>Whether there is anything to confirm: a move to resolved or closed of an incident not closed already.</summary>
    private bool Confirms => IncidentStatus.EndsTheResponse(To) && To != Incident.Status && Incident.Status != IncidentStatus.Closed;

    private void Load(string key)
    {
        Incident = queries.Get(key);
        OpenSteps = queries.OpenSteps(key);
    }

    /// <summary>Who does a step: the person it is given to or who holds its role, and the role's name.</summary>
    public string OwnerOf(OpenStep step)
    {
        var role = Incident.Roles.FirstOrDefault(r => r.Key == step.Role)?.Name;
        return string.Join(" · ", new[] { step.Owner, role }.Where(part => !string.IsNullOrEmpty(part)));
    }

    private RedirectToPageResult BackToIncident(string key) => RedirectToPage("/Incidents/Show", null, new { key }, "controls");
}
