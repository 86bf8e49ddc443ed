using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Cases;

/// <summary>
/// Every complaint case, newest first, a page at a time, narrowed by the filters; each with its clock. Ticked cases are
/// given to a person or linked to an incident at once.
/// </summary>
public sealed class IndexModel(CaseBook book, PeopleDirectory people, IncidentQueries incidents, IStringLocalizer<SharedResource> localizer)
    : StatusMessagePageModel
{
    /// <summary>The status filter's choice for every status but resolved and closed.</summary>
    public const string OpenStatuses = "open";

    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Clock { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sku { get; set; }
    [BindProperty(SupportsGet = true)] public string? Batch { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public string? Incident { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public CasePage Cases { get; private set; } = new([], null);
    public long Total { get; private set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<IncidentSummary> Incidents { get; private set; } = [];

    /// <summary>The filters set, as query values: for the paging links, and to come back to the same list after a bulk change.</summary>
    public Dictionary<string, string> FilterValues => new Dictionary<string, string?>
        {
            ["channel"] = Channel, ["category"] = Category, ["status"] = Status, ["clock"] = Clock, ["sku"] = Sku, ["batch"] = Batch,
            ["owner"] = Owner?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["incident"] = Incident,
        }
        .Where(filter => !string.IsNullOrWhiteSpace(filter.Value)).ToDictionary(filter => filter.Key, filter => filter.Value!);

    public bool IsFiltered => FilterValues.Count > 0;

    public void OnGet()
    {
        // A clock state no list has (a link edited by hand) shows every case rather than an error page.
        if (!CaseClockStates.All.Contains(Clock ?? "")) Clock = null;
        var filter = new CaseFilter
        {
            Channel = Channel, Category = Category, Status = Status == OpenStatuses ? null : Status, OpenOnly = Status == OpenStatuses,
            ClockState = Clock, Sku = Sku, Batch = Batch, OwnerId = Owner, IncidentKey = Incident, Before = Before,
        };
        Cases = book.List(filter);
        Total = book.Count(filter);
        People = people.List();
        Incidents = CaseChoices.Incidents(incidents);
    }

    public IActionResult OnPostAssign(long[] ids, string? personId)
    {
        if (!User.Can(Permissions.WorkCases)) return Forbid();
        if (!CaseChoices.TryPerson(personId, out var person)) return Refuse(localizer["Choose whom to give the cases to."], FilterValues);
        if (ids.Length == 0) return Refuse(localizer["Tick at least one case first."], FilterValues);
        var changed = 0;
        if (TryChange(() => changed = book.Assign(ids, person, User.Actor())))
            StatusMessage = person is { } id
                ? localizer["Cases given to {0}: {1}.", people.List().FirstOrDefault(p => p.Id == id)?.Name ?? "", changed]
                : localizer["Cases that no longer have an owner: {0}.", changed];
        return RedirectToPage(FilterValues);
    }

    public IActionResult OnPostLink(long[] ids, string? incidentKey)
    {
        if (!User.Can(Permissions.WorkCases)) return Forbid();
        if (string.IsNullOrEmpty(incidentKey)) return Refuse(localizer["Choose the incident to link the cases to."], FilterValues);
        if (ids.Length == 0) return Refuse(localizer["Tick at least one case first."], FilterValues);
        var key = incidentKey == CaseChoices.None ? null : incidentKey;
        var changed = 0;
        if (TryChange(() => changed = book.Link(ids, key, User.Actor())))
            StatusMessage = key is null ? localizer["Cases no longer linked to an incident: {0}.", changed] : localizer["Cases linked to {0}: {1}.", key, changed];
        return RedirectToPage(FilterValues);
    }
}
