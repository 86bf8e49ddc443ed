using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Cases;

/// <summary>
/// One case: what the customer said, its clocks, its customer (masked, unless revealed to someone who may call or
/// write to them, which its history records), the forms that work it, and its history told in words.
/// </summary>
public sealed class ShowModel(CaseBook book, PeopleDirectory people, AccountNames accounts, IncidentQueries incidents, Core.Evidence.EvidenceBook evidence,
    IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    public CaseView Case { get; private set; } = null!;
    public IReadOnlyList<CaseStoryLine> History { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<IncidentSummary> Incidents { get; private set; } = [];
    /// <summary>The photos and files attached to the case, each kept with its incident's record.</summary>
    public IReadOnlyList<(string IncidentKey, Core.Evidence.EvidenceItem Item)> Evidence { get; private set; } = [];

    /// <summary>The zone the history's times are in (<see cref="PageHelpers.ReaderZone"/>), named once above it.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool MayWork => User.Can(Permissions.WorkCases);
    public bool MayReveal => User.Can(Permissions.RevealCustomerContact) && !Case.ContactRevealed && (Case.CustomerPhone ?? Case.CustomerAddress) is not null;

    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string> { ["text"] = "Note", ["status"] = "Status" };

    public void OnGet(long id) => Load(book.Get(id));

    /// <summary>The page with the customer's full phone and address, for this answer only: reading them again is another reveal.</summary>
    public IActionResult OnPostReveal(long id)
    {
        if (!User.Can(Permissions.RevealCustomerContact)) return Forbid();
        Load(book.Reveal(id, User.Actor()));
        return Page();
    }

    public IActionResult OnPostStatus(long id, string? status, long version) => MayWork
        ? Act(() => book.Change(id, new CaseChanges { Status = status ?? "", ExpectedVersion = version }, User.Actor()), new { id }, done: localizer["Status changed."])
        : Forbid();

    public IActionResult OnPostOwner(long id, string? personId)
    {
        if (!MayWork) return Forbid();
        if (!CaseChoices.TryPerson(personId, out var person)) return Refuse(localizer["Choose whom to give the case to."], new { id });
        return Act(() => book.Assign([id], person, User.Actor()), new { id }, done: localizer["Owner changed."]);
    }

    public IActionResult OnPostLink(long id, string? incidentKey)
    {
        if (!MayWork) return Forbid();
        if (string.IsNullOrEmpty(incidentKey)) return Refuse(localizer["Choose the incident to link the case to."], new { id });
        return Act(() => book.Link([id], incidentKey == CaseChoices.None ? null : incidentKey, User.Actor()), new { id }, done: localizer["Incident link changed."]);
    }

    public IActionResult OnPostNote(long id, string? text) =>
        MayWork ? Act(() => book.Note(id, text, User.Actor()), new { id }, fragment: "history", done: localizer["Note added."]) : Forbid();

    private void Load(CaseView view)
    {
        Case = view;
        Evidence = evidence.ForCase(view.Id);
        People = people.List();
        Incidents = CaseChoices.Incidents(incidents);
        Zone = PageHelpers.ReaderZone(HttpContext);
        var names = new CaseStoryNames
        {
            Accounts = accounts.All(),
            People = People.ToDictionary(person => person.Id, person => person.Name),
            Incidents = incidents.List().ToDictionary(incident => incident.Key, incident => incident.Title),
        };
        History = CaseStory.Tell(book.History(view.Id), names, CultureInfo.CurrentUICulture).Reverse().ToList();
    }
}
