using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
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
    AccountNames accounts, OrganisationSettings organisation, TimeProvider time, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    /// <summary>The times the next update can be promised in, in minutes from posting; 0 promises none.</summary>
    public static readonly int[] NextUpdateChoices = [30, 60, 120, 240, 0];

    /// <summary>The choice the form starts on.</summary>
    public const int DefaultNextUpdate = 60;

    protected override IReadOnlyDictionary<string, string> FieldLabels => new Dictionary<string, string>
    {
        ["body"] = localizer["Update"], ["nextUpdateAt"] = localizer["Next update in"], ["nextInMinutes"] = localizer["Next update in"],
        ["personId"] = localizer["Person"],
    };

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public IncidentDetails Incident { get; private set; } = null!;
    public ImpactFigures Impact { get; private set; } = new();
    public IReadOnlyList<StatusUpdate> Updates { get; private set; } = [];
    public DateTimeOffset? NextDue { get; private set; }
    public bool IsOverdue => NextDue is { } due && due <= time.GetUtcNow();
    public bool MayPost { get; private set; }
    /// <summary>Whether the reader may subscribe someone here: a closed incident takes no more subscribers.</summary>
    public bool MaySubscribe => Incident.Status != IncidentStatus.Closed && User.Can(Permissions.ManagePeople);
    /// <summary>The text the form shows: the draft, or what the poster typed when the post was refused.</summary>
    public string Draft { get; private set; } = "";
    /// <summary>The next-update choice the form shows.</summary>
    public int NextInMinutes { get; private set; } = DefaultNextUpdate;
    /// <summary>Why the post was refused, shown beside the form that keeps what was typed.</summary>
    public string? PostRefusal { get; private set; }
    /// <summary>The zone every time on the page is shown in and named in: the reader's choice, else the organisation's for the reader's language, as emails use.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public IReadOnlyList<StatusSubscription> Subscribers { get; private set; } = [];
    /// <summary>The reader's own place in the people directory, by their account's email; null without one.</summary>
    public long? ReaderPerson { get; private set; }
    public bool ReaderSubscribed => ReaderPerson is { } person && Subscribers.Any(subscriber => subscriber.PersonId == person);
    /// <summary>Whether a standing subscription of the reader's already brings them this incident's updates.</summary>
    public bool ReaderStanding { get; private set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public void OnGet() => Load(draft: null);

    /// <summary>Reads the page; <paramref name="draft"/> is what the poster typed, kept when the post was refused.</summary>
    private void Load(string? draft)
    {
        Incident = queries.Get(Key);
        Zone = PageHelpers.ChosenZone(HttpContext) ?? organisation.TimeZoneFor(CultureInfo.CurrentUICulture);
        Impact = impact.Read(Key).Current;
        Updates = updates.List(Key);
        NextDue = updates.NextDue(Key);
        MayPost = Incident.Status != IncidentStatus.Closed && User.Can(Permissions.PostStatusUpdates)
            && updates.MayPost(Key, User.Actor(), User.Can(Permissions.ManageIncidents));
        if (MayPost) Draft = draft ?? updates.Draft(Key);
        Subscribers = subscriptions.ForIncident(Key);
        ReaderPerson = subscriptions.PersonOf(User.Actor());
        ReaderStanding = ReaderPerson is { } person && subscriptions.ReachedByStanding(Key, person);
        if (User.Can(Permissions.ManagePeople)) People = people.List().Where(person => !string.IsNullOrEmpty(person.Email)).ToList();
        Names = accounts.All();
    }

    /// <summary>Posts the update; a refusal shows the page again with what was typed and chosen, never the draft over it.</summary>
    public IActionResult OnPostUpdate(string? body, string? nextInMinutes)
    {
        if (!User.Can(Permissions.PostStatusUpdates)) return Forbid();
        int? chosen = int.TryParse(nextInMinutes, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && NextUpdateChoices.Contains(minutes) ? minutes : null;
        string? refusal;
        if (chosen is null)
        {
            refusal = localizer["{0}: {1}", localizer["Next update in"], localizer["Choose one of the times offered."]];
        }
        else
        {
            DateTimeOffset? next = chosen > 0 ? time.GetUtcNow().AddMinutes(chosen.Value) : null;
            refusal = PageAction.UnreadableField(this, FieldLabels)
                ?? PageAction.Refusal(this, () => updates.Post(Key, new StatusUpdatePost(body, next), User.Actor(), User.Can(Permissions.ManageIncidents)), FieldLabels);
        }
        if (refusal is null)
        {
            StatusMessage = localizer["Status update posted and sent to the subscribers."];
            return RedirectToPage(pageName: null, pageHandler: null, new { Key }, fragment: null);
        }
        Load(draft: body ?? "");
        NextInMinutes = chosen ?? DefaultNextUpdate;
        PostRefusal = refusal;
        return Page();
    }

    public IActionResult OnPostSubscribe(long personId)
    {
        if (!User.Can(Permissions.ManagePeople)) return Forbid();
        return Act(() => subscriptions.Subscribe(Key, personId, User.Actor()), new { Key }, "subscribers", localizer["Saved."]);
    }

    /// <summary>Any reader subscribes themselves, as the person with their account's email.</summary>
    public IActionResult OnPostSubscribeMe() =>
        Act(() => subscriptions.SubscribeSelf(Key, User.Actor()), new { Key }, "subscribers", localizer["You will be emailed every update of this incident."]);

    public IActionResult OnPostUnsubscribeMe() =>
        Act(() => subscriptions.UnsubscribeSelf(Key, User.Actor()), new { Key }, "subscribers", localizer["You will no longer be emailed this incident's updates."]);

    public IActionResult OnPostUnsubscribe(long id)
    {
        if (!User.Can(Permissions.ManagePeople)) return Forbid();
        return Act(() => subscriptions.Remove(id, Key), new { Key }, "subscribers", localizer["Saved."]);
    }
}
