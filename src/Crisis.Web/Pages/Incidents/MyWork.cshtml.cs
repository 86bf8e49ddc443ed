using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// A responder's home: their open steps across every incident being worked, soonest deadline first, and the messages
/// waiting for their approval. They are found in the people directory through their account's email.
/// </summary>
public sealed class MyWorkModel(IncidentQueries incidents, PeopleDirectory people, Messages messages, PlaybookLibrary playbooks, Accounts accounts) : PageModel
{
    public Person? Me { get; private set; }
    public IReadOnlyList<OwnedStep> Steps { get; private set; } = [];
    public bool MayApprove { get; private set; }
    public IReadOnlyList<MessageAwaitingApproval> AwaitingApproval { get; private set; } = [];

    /// <summary>Names for who drafted a message, as the incident's timeline names them.</summary>
    public StoryNames Names { get; private set; } = new();

    public void OnGet()
    {
        var email = User.FindFirstValue(ClaimTypes.Email);
        var everyone = people.List();
        Me = string.IsNullOrEmpty(email) ? null : everyone.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
        // An exercise's steps in the reader's language, as its incident page shows them.
        if (Me is not null) Steps = playbooks.InLanguage(incidents.OpenStepsOwnedBy(Me.Id), System.Globalization.CultureInfo.CurrentUICulture.Name);
        MayApprove = User.Can(Permissions.ActOnSteps);
        if (!MayApprove) return;
        AwaitingApproval = messages.AwaitingApprovalBy(User.Actor());
        Names = new StoryNames { People = StoryNames.PeopleByAccount(everyone, accounts.ListUsers()) };
    }

    /// <summary>What the lists hold, in short: my-work.js redraws them only when a fresh copy's stamp differs.</summary>
    public string Stamp => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join("\n", Steps.Select(step => step.ToString()).Concat(AwaitingApproval.Select(message => message.ToString()))))))[..16];
}
