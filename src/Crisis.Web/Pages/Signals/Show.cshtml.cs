using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Signals;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Signals;

/// <summary>One signal: what fired, its evidence (cases, alerts, the daily counts), its history, and what can be done with it.</summary>
public sealed class ShowModel(SignalQueue queue, PlaybookLibrary playbooks, AccountNames accounts) : StatusMessagePageModel
{
    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string> { ["reason"] = "Reason" };

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public SignalDetails Details { get; private set; } = null!;
    public SignalSummary Signal => Details.Signal;

    /// <summary>The other open signals it could be merged into.</summary>
    public IReadOnlyList<SignalSummary> MergeChoices { get; private set; } = [];

    public StoryNames Names { get; private set; } = new();

    public void OnGet()
    {
        Details = queue.Get(Id);
        if (Signal.IsOpen) MergeChoices = queue.List().Where(signal => signal.Id != Id).ToList();
        Names = new StoryNames { People = accounts.All() };
    }

    public IActionResult OnPostAcknowledge(long version) =>
        User.Can(Permissions.WorkCases) ? Act(() => queue.Acknowledge(Id, User.Actor(), version)) : Forbid();

    public IActionResult OnPostDismiss(string? reason, long version) =>
        User.Can(Permissions.WorkCases) ? Act(() => queue.Dismiss(Id, reason, User.Actor(), version)) : Forbid();

    /// <summary>Merged, the page of the signal it went into, which now holds it all.</summary>
    public IActionResult OnPostMerge(long into, long version)
    {
        if (!User.Can(Permissions.WorkCases)) return Forbid();
        return TryChange(() => queue.Merge(Id, into, User.Actor(), version)) ? RedirectToPage(new { id = into }) : RedirectToPage(new { id = Id });
    }

    public string Title(SignalSummary signal) => SignalWords.Title(signal.Fired[0], CultureInfo.CurrentUICulture);

    public string PlaybookTitle => SignalWords.Playbook(Signal.PlaybookId, playbooks, CultureInfo.CurrentUICulture);

    public string Sentence(SignalEvent entry) =>
        SignalWords.Event(entry, EventStory.ActorName(entry.Actor, Names, CultureInfo.CurrentUICulture), CultureInfo.CurrentUICulture);
}
