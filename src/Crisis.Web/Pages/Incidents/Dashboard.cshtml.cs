using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Incidents;

public sealed class DashboardModel(IncidentQueries queries, FirstRunChecklist firstRun) : PageModel
{
    private const int RecentCount = 10;

    /// <summary>Incidents still being fought: open or contained.</summary>
    public IReadOnlyList<IncidentSummary> Open { get; private set; } = [];

    /// <summary>Resolved, waiting for their review and closing: no longer a fire, not yet filed away.</summary>
    public IReadOnlyList<IncidentSummary> Resolved { get; private set; } = [];
    public IReadOnlyList<IncidentSummary> RecentlyClosed { get; private set; } = [];
    public IReadOnlyList<IncidentSummary> Exercises { get; private set; } = [];
    /// <summary>For admins only: what is left to set up, while anything is.</summary>
    public IReadOnlyList<FirstRunItem> FirstRun { get; private set; } = [];

    public void OnGet()
    {
        if (User.Can(Permissions.ManageUsers)) FirstRun = firstRun.Items();
        var all = queries.List();
        var real = all.Where(i => !i.IsExercise).ToList();
        // Worst first, then the oldest: the incident that has waited longest at the highest severity leads.
        Open = real.Where(i => i.Status is IncidentStatus.Open or IncidentStatus.Contained).OrderBy(i => i.Severity).ThenBy(i => i.OpenedAt).ToList();
        Resolved = real.Where(i => i.Status == IncidentStatus.Resolved).OrderBy(i => i.OpenedAt).ToList();
        RecentlyClosed = real.Where(i => i.Status == IncidentStatus.Closed).OrderByDescending(i => i.ClosedAt).Take(RecentCount).ToList();
        // Running exercises before ended ones, each newest first.
        Exercises = all.Where(i => i.IsExercise).OrderBy(i => i.ExerciseEnded).Take(RecentCount).ToList();
    }
}
