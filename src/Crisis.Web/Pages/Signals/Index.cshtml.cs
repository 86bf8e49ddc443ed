using Crisis.Core.Playbooks;
using Crisis.Core.Signals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Signals;

/// <summary>The triage queue: open signals, most severe and latest first; or those that left it, by how.</summary>
public sealed class IndexModel(SignalQueue queue, PlaybookLibrary playbooks) : PageModel
{
    /// <summary>The lists a reader can switch between: the queue (no status), then each way out of it.</summary>
    public static readonly IReadOnlyList<string?> Lists = [null, SignalStatuses.Dismissed, SignalStatuses.Merged, SignalStatuses.IncidentOpened];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<SignalSummary> Signals { get; private set; } = [];

    public void OnGet()
    {
        if (!Lists.Contains(Status)) Status = null;
        Signals = queue.List(Status);
    }

    public string PlaybookTitle(string playbookId) => SignalWords.Playbook(playbookId, playbooks, System.Globalization.CultureInfo.CurrentUICulture);
}
