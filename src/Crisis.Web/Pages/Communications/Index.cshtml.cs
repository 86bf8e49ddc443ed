using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Communications;

/// <summary>An incident's messages, newest first, with where each one stands.</summary>
public sealed class IndexModel(Messages messages, IncidentQueries queries) : PageModel
{
    public IncidentDetails Incident { get; private set; } = null!;
    public IReadOnlyList<MessageView> Messages { get; private set; } = [];

    public void OnGet(string key)
    {
        Incident = queries.Get(key);
        Messages = messages.ForIncident(key);
    }
}
