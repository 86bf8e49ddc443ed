using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Exercises;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Exercises;

/// <summary>The trainer's console: like a controller handbook, the whole schedule with notes and expectations, live scores and controls.</summary>
public sealed class ShowModel(ExerciseRuns exercises, ExerciseImprovements improvements, IncidentReports reports, Accounts accounts, TemplateLibrary templates) : StatusMessagePageModel
{
    public ExerciseView Exercise { get; private set; } = null!;

    /// <summary>Checklist steps on time and message approval times on the exercise incident, as the review computes them.</summary>
    public ReviewMetrics Metrics { get; private set; } = null!;

    /// <summary>Roles, steps and templates the scenario names, as their titles.</summary>
    public IncidentWords Words { get; private set; } = null!;

    /// <summary>Names for who acted, where the exercise records account names: as the incident's timeline names them.</summary>
    public StoryNames Names { get; private set; } = new();

    /// <summary>Whether the user chooses the co-trainers: the trainer who started the exercise, or an admin.</summary>
    public bool ChoosesCoTrainers { get; private set; }

    /// <summary>Accounts that run exercises and do not steer this one yet.</summary>
    public IReadOnlyList<string> PossibleCoTrainers { get; private set; } = [];

    /// <summary>Who a late or missed expectation's action item can be given to.</summary>
    public IReadOnlyList<Crisis.Core.People.Person> PossibleOwners { get; private set; } = [];

    public void OnGet(long id)
    {
        var actor = User.Actor();
        Exercise = exercises.TrainerView(id, actor, CultureInfo.CurrentUICulture.Name);
        // The incident's roles and steps as the playbook's twin in the reader's language names them, as the injects are.
        var review = reports.ReviewData(Exercise.IncidentKey, CultureInfo.CurrentUICulture.Name);
        Metrics = review.Metrics;
        Names = review.Names;
        Words = new IncidentWords(review.Incident, templates, CultureInfo.CurrentUICulture.Name);
        PossibleOwners = improvements.PossibleOwners();
        ChoosesCoTrainers = ExerciseAccess.Owns(Exercise.Trainer, actor);
        if (ChoosesCoTrainers)
            PossibleCoTrainers = accounts.ListUsers()
                .Where(user => Permissions.Allows(user.Role, Permissions.RunExercises) && user.Name != Exercise.Trainer && !Exercise.CoTrainers.Contains(user.Name))
                .Select(user => user.Name).ToList();
    }

    public IActionResult OnPostRelease(long id, string inject) => Act(id, () => exercises.ReleaseNow(id, inject, User.Actor()));

    public IActionResult OnPostDryRun(long id, string inject) => Act(id, () => exercises.DryRun(id, inject, User.Actor()), "The dry run is on its way to your inbox.");

    public IActionResult OnPostPause(long id) => Act(id, () => exercises.Pause(id, User.Actor()));

    public IActionResult OnPostResume(long id) => Act(id, () => exercises.Resume(id, User.Actor()));

    public IActionResult OnPostAdHoc(long id, string? title, string? body, string[]? roles) =>
        FormChange(id, () => exercises.AddInject(id, title ?? "", body ?? "", roles ?? [], User.Actor()));

    public IActionResult OnPostAddCoTrainer(long id, string? name) => Act(id, () => exercises.AddCoTrainer(id, name ?? "", User.Actor()));

    public IActionResult OnPostRemoveCoTrainer(long id, string? name) => Act(id, () => exercises.RemoveCoTrainer(id, name ?? "", User.Actor()));

    public IActionResult OnPostObserve(long id, string? text) => FormChange(id, () => exercises.Observe(id, text ?? "", User.Actor()));

    public IActionResult OnPostOverride(long id, string expectation, bool passed, string? comment) =>
        FormChange(id, () => exercises.OverrideScore(id, expectation, passed, comment ?? "", User.Actor()));

    /// <summary>Whether the override form of this expectation was sent, and refused, with "fail" chosen: it is shown again so.</summary>
    public bool SentFail(string expectation) =>
        Request.HasFormContentType && Request.Form["expectation"] == expectation && Request.Form["passed"] == "false";

    public IActionResult OnPostActionItem(long id, string expectation, long? ownerPersonId, DateOnly? due) =>
        FormChange(id, () => improvements.ToActionItem(id, expectation, ownerPersonId, due, User.Actor(), CultureInfo.CurrentUICulture.Name), "Added to the action items of the exercise's review.");

    private IActionResult Act(long id, Action change, string? done = null) => Act(change, new { id }, done: done);

    /// <summary>
    /// A form with typed text: refused, the console comes back with what was typed and the problem beside its field
    /// (in a row's form, that row's only).
    /// </summary>
    private IActionResult FormChange(long id, Action change, string? done = null)
    {
        if (PageAction.TryFormChange(this, change))
        {
            if (done is not null) StatusMessage = done;
            return RedirectToPage(new { id });
        }
        OnGet(id);
        return Page();
    }
}
