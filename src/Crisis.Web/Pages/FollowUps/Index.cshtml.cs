using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.FollowUps;
using Crisis.Core.People;
using Crisis.Core.Risks;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.FollowUps;

/// <summary>
/// The action items of every review and exercise in one list, those still to do first, narrowed by the filters. Each is
/// closed here saying what was done, reopened, or given to a person when its owner is not in the directory.
/// </summary>
public sealed class IndexModel(FollowUpBook book, PeopleDirectory people, AccountNames accounts, PlaybookLibrary playbooks, RiskRegister risks,
    IStringLocalizer<SharedResource> localizer)
    : StatusMessagePageModel
{
    /// <summary>The status filter's choice for every status; no choice lists those still to do.</summary>
    public const string EveryStatus = "all";

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }
    [BindProperty(SupportsGet = true)] public string? Playbook { get; set; }

    public IReadOnlyList<FollowUp> FollowUps { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The person behind each account, for who closed a follow-up.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>Today in the organisation's time zone, which due dates are days of.</summary>
    public DateOnly Today { get; private set; }

    /// <summary>The playbooks of the library by id, titled in the reader's language, for the filter.</summary>
    public IReadOnlyList<(string Id, string Title)> Playbooks { get; private set; } = [];

    /// <summary>The risk register's risks by id, titled, in the register's order: what a follow-up can say it treats.</summary>
    public IReadOnlyList<(long Id, string Title)> Risks { get; private set; } = [];

    public string? RiskTitle(long? id) => id is null ? null : Risks.FirstOrDefault(risk => risk.Id == id).Title;

    /// <summary>For each open follow-up listed that asks to change a playbook, the versions its close form offers (newer than its incident used), newest first.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<int>> PlaybookVersions { get; private set; } = new Dictionary<long, IReadOnlyList<int>>();

    /// <summary>The filters set, as query values: for the forms to come back to the same list.</summary>
    public Dictionary<string, string> FilterValues => new Dictionary<string, string?>
        {
            ["status"] = Status, ["owner"] = Owner?.ToString(CultureInfo.InvariantCulture), ["overdue"] = Overdue ? "true" : null, ["source"] = Source,
            ["playbook"] = Playbook,
        }
        .Where(filter => !string.IsNullOrWhiteSpace(filter.Value)).ToDictionary(filter => filter.Key, filter => filter.Value!);

    /// <summary>Any filter besides the default (those still to do).</summary>
    public bool IsFiltered => FilterValues.Keys.Any(key => key != "status") || Status is not (null or FollowUpFilter.StillToDo);

    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string>
    {
        ["note"] = "What was done", ["link"] = "Link", ["playbookVersion"] = "Playbook version", ["ownerPersonId"] = "Owner", ["status"] = "Status",
    };

    public string PlaybookTitle(string id) => playbooks.TitleOrReference(id, CultureInfo.CurrentUICulture.Name);

    public void OnGet()
    {
        // A choice no list has (a link edited by hand) shows the default list rather than an error page.
        if (Status is not (null or EveryStatus or FollowUpFilter.StillToDo) && !ActionStatus.All.Contains(Status)) Status = null;
        if (Source is not null && !FollowUpSources.All.Contains(Source)) Source = null;
        FollowUps = book.List(new FollowUpFilter
        {
            Status = Status switch { null => FollowUpFilter.StillToDo, EveryStatus => null, _ => Status }, OwnerPersonId = Owner, OverdueOnly = Overdue,
            Source = Source, Playbook = Playbook,
        });
        People = people.List();
        Today = book.Today();
        Names = accounts.All();
        Risks = risks.List(culture: CultureInfo.CurrentUICulture).Select(risk => (risk.Id, risk.Title)).ToList();
        Playbooks = playbooks.All().Select(result => result.Playbook.Id).Distinct().Select(id => (id, PlaybookTitle(id))).OrderBy(playbook => playbook.Item2, StringComparer.CurrentCulture).ToList();
        PlaybookVersions = FollowUps.Where(followUp => !followUp.IsClosed).ToDictionary(followUp => followUp.Id, book.PlaybookVersions);
    }

    /// <param name="closeAs">Done or won't do (named apart from the status filter, which the form carries too).</param>
    public IActionResult OnPostClose(long id, string? closeAs, string? note, string? link, int? playbookVersion) =>
        FormChange(() => book.Close(id, new WhatWasDone(closeAs ?? ActionStatus.Done, note, link, playbookVersion), User.Actor()), id, "Closed, with what was done.");

    public IActionResult OnPostReopen(long id) => FormChange(() => book.Reopen(id, User.Actor()), id, "Reopened.");

    public IActionResult OnPostOwner(long id, long? ownerPersonId) => FormChange(() => book.GiveTo(id, ownerPersonId, User.Actor()), id, "Owner chosen.");

    /// <param name="riskId">The risk the follow-up treats; none (empty) says it treats no risk.</param>
    public IActionResult OnPostRisk(long id, long? riskId) =>
        FormChange(() => book.Change(id, new FollowUpChange { RiskId = riskId ?? 0 }, User.Actor()), id, "Saved the risk it treats.");

    /// <summary>
    /// A change one follow-up's form posts: made, the list comes back on that follow-up; refused, the list shows that
    /// follow-up's form again with what was typed and the problem beside its field.
    /// </summary>
    private IActionResult FormChange(Action change, long id, string done)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        if (PageAction.TryFormChange(this, change))
        {
            StatusMessage = localizer[done];
            return RedirectToPage(pageName: null, pageHandler: null, FilterValues, $"follow-up-{id}");
        }
        OnGet();
        return Page();
    }

    /// <summary>Whether this follow-up's form was sent and refused: its close form is shown open.</summary>
    public bool WasRefused(FollowUp followUp) =>
        !ModelState.IsValid && Request.HasFormContentType && Request.Form["id"] == followUp.Id.ToString(CultureInfo.InvariantCulture);
}
