using Crisis.Core.Exercises;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Exercises;

/// <summary>Ending an exercise cannot be undone, so the console's End button asks here first: a page, so it works without JavaScript.</summary>
public sealed class EndModel(ExerciseRuns exercises) : StatusMessagePageModel
{
    public ExerciseView Exercise { get; private set; } = null!;

    /// <summary>Scheduled injects neither released nor skipped: ending now means they never go out.</summary>
    public int InjectsNotSent => Exercise.Injects.Count(state => state.Inject.Offset is not null && !state.IsReleased && state.Skipped is null);

    public IActionResult OnGet(long id)
    {
        Exercise = exercises.TrainerView(id, User.Actor(), System.Globalization.CultureInfo.CurrentUICulture.Name);
        return Exercise.IsRunning ? Page() : BackToConsole(id);
    }

    public IActionResult OnPost(long id)
    {
        TryChange(() => exercises.End(id, User.Actor()));
        return BackToConsole(id);
    }

    private RedirectToPageResult BackToConsole(long id) => RedirectToPage("/Exercises/Show", new { id });
}
