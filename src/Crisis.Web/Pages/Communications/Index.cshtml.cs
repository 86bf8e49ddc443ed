using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Communications;

/// <summary>An incident's messages, newest first, with where each one stands.</summary>
public sealed class IndexModel(Messages messages, IncidentQueries queries, PeopleDirectory people, Accounts accounts) : PageModel
{
    public IncidentDetails Incident { get; private set; } = null!;
    public IReadOnlyList<MessageView> Messages { get; private set; } = [];
    /// <summary>Names for who acted, where a message records only account names.</summary>
    public StoryNames Names { get; private set; } = new();

    public void OnGet(string key)
    {
        Incident = queries.Get(key);
        Messages = messages.ForIncident(key);
        Names = StoryNames.Of(Incident, StoryNames.PeopleByAccount(people.List(), accounts.ListUsers()));
    }
}
