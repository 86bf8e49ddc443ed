using Crisis.Core.People;
using Crisis.Core.StatusUpdates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.People;

/// <summary>Standing subscriptions to status updates: who hears of every incident of a severity or a category. Commanders and admins keep the list.</summary>
public sealed class StatusSubscriptionsModel(StatusSubscriptions subscriptions, PeopleDirectory people, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    public IReadOnlyList<StatusSubscription> Standing { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];

    protected override IReadOnlyDictionary<string, string> FieldLabels => new Dictionary<string, string>
    {
        ["personId"] = localizer["Person"], ["severity"] = localizer["Severity"], ["category"] = localizer["Category"],
    };

    public void OnGet()
    {
        Standing = subscriptions.Standing();
        People = people.List().Where(person => !string.IsNullOrEmpty(person.Email)).ToList();
    }

    public IActionResult OnPostAdd(long personId, int? severity, string? category) =>
        Act(() => subscriptions.SubscribeStanding(personId, severity, category, User.Actor()), done: localizer["Saved."]);

    public IActionResult OnPostRemove(long id) => Act(() => subscriptions.Remove(id), done: localizer["Saved."]);
}
