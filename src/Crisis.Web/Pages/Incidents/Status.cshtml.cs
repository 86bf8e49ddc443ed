using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.StatusUpdates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// The incident's status for leadership: the impact so far, the updates newest first, how far each phase has got and when
/// the next update is due. The commander or communications lead posts an update here; commanders subscribe people to it.
/// </summary>
public sealed class StatusModel(IncidentQueries queries, ImpactLog impact, StatusUpdateBook updates, StatusSubscriptions subscriptions, PeopleDirectory people,
    AccountNames accounts, TimeProvider time, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    /// <summary>The times the next update can be promised in, in minutes from posting; 0 promises none.</summary>
    public static readonly int[] NextUpdateChoices = [30, 60, 120, 240, 0];

    protected override IReadOnlyDictionary<string, string> FieldLabels => new Dictionary<string, string> { ["body"] = localizer["Update"] };

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public IncidentDetails Incident { get; private set; } = null!;
    public ImpactFigures Impact { get; private set; } = new();
    public IReadOnlyList<StatusUpdate> Updates { get; private set; } = [];
    public DateTimeOffset? NextDue { get; private set; }
    public bool IsOverdue => NextDue is { } due && due <= time.GetUtcNow();
    public bool MayPost { get; private set; }
    public string Draft { get; private set; } = "";
    public IReadOnlyList<StatusSubscription> Subscribers { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public void OnGet()
    {
        Incident = queries.Get(Key);
        Impact = impact.Read(Key).Current;
        Updates = updates.List(Key);
        NextDue = updates.NextDue(Key);
        MayPost = Incident.Status != IncidentStatus.Closed && User.Can(Permissions.ActOnSteps)
            && updates.MayPost(Key, User.Actor(), User.Can(Permissions.ManageIncidents));
        if (MayPost) Draft = updates.Draft(Key, CultureInfo.CurrentUICulture.Name);
        Subscribers = subscriptions.ForIncident(Key);
        if (User.Can(Permissions.ManagePeople)) People = people.List().Where(person => !string.IsNullOrEmpty(person.Email)).ToList();
        Names = accounts.All();
    }

    public IActionResult OnPostUpdate(string? body, int nextInMinutes)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        DateTimeOffset? next = nextInMinutes > 0 ? time.GetUtcNow().AddMinutes(nextInMinutes) : null;
        return Act(() => updates.Post(Key, new StatusUpdatePost(body, next), User.Actor(), User.Can(Permissions.ManageIncidents)), new { Key },
            done: localizer["Status update posted and sent to the subscribers."]);
    }

    public IActionResult OnPostSubscribe(long personId)
    {
        if (!User.Can(Permissions.ManagePeople)) return Forbid();
        return Act(() => subscriptions.Subscribe(Key, personId, User.Actor()), new { Key }, "subscribers", localizer["Saved."]);
    }

    public IActionResult OnPostUnsubscribe(long id)
    {
        if (!User.Can(Permissions.ManagePeople)) return Forbid();
        return Act(() => subscriptions.Remove(id), new { Key }, "subscribers", localizer["Saved."]);
    }
}
