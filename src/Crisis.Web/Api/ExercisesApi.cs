using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crisis.Web.Api;

/// <summary>Exercises over HTTP: trainers start and steer them; players read only what has been released to them.</summary>
public static class ExercisesApi
{
    public static void MapExercisesApi(this RouteGroupBuilder api)
    {
        var exercises = api.MapGroup("/exercises");

        exercises.MapGet("/scenarios", (ScenarioLibrary scenarios) => TypedResults.Ok(scenarios.All().Select(ScenarioSummary.From).ToList()))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("ListScenarios").WithSummary("The scenario library, with each file's errors");

        exercises.MapPost("/", (StartExerciseBody body, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var (id, key) = runner.Start(body.ToRequest(), user.Actor());
            return TypedResults.Created($"/api/exercises/{id}", new ExerciseStarted(id, key));
        }).RequireAuthorization(Permissions.RunExercises)
            .WithName("StartExercise").WithSummary("Start an exercise: opens its incident and starts the clock");

        // Trainers see the whole schedule, notes and scores; players the injects released to them, nothing else.
        // ?lang=zh-CN: the scenario's words in that language where it has a twin in it, whichever it was started in.
        exercises.MapGet("/{id:long}", Results<Ok<ExerciseView>, Ok<PlayerExerciseView>> (long id, string? lang, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var view = runner.Get(id, lang);
            return view.IsSteeredBy(user.Actor()) ? TypedResults.Ok(view) : TypedResults.Ok(PlayerExerciseView.From(view));
        }).RequireAuthorization(Permissions.Read)
            .WithName("GetExercise").WithSummary("The exercise: everything for its trainer and admins, the released injects for everyone else");

        exercises.MapPost("/{id:long}/injects/{injectId}/release", (long id, string injectId, ClaimsPrincipal user, ExerciseRuns runner) =>
                TypedResults.Ok(runner.ReleaseNow(id, injectId, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("ReleaseInject").WithSummary("Release an inject now");
        exercises.MapPost("/{id:long}/injects/{injectId}/dry-run", (long id, string injectId, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            runner.DryRun(id, injectId, user.Actor());
            return TypedResults.Accepted((string?)null);
        }).RequireAuthorization(Permissions.RunExercises)
            .WithName("DryRunInject").WithSummary("Send an inject's email to the trainer only, to see it as players will");
        exercises.MapPost("/{id:long}/injects", (long id, InjectBody body, ClaimsPrincipal user, ExerciseRuns runner) =>
                TypedResults.Ok(runner.AddInject(id, body.Title!, body.Body!, body.Roles ?? [], user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("AddInject").WithSummary("Add an inject by hand and release it at once");
        exercises.MapPost("/{id:long}/pause", (long id, ClaimsPrincipal user, ExerciseRuns runner) => TypedResults.Ok(runner.Pause(id, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("PauseExercise").WithSummary("Stop the exercise clock");
        exercises.MapPost("/{id:long}/resume", (long id, ClaimsPrincipal user, ExerciseRuns runner) => TypedResults.Ok(runner.Resume(id, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("ResumeExercise").WithSummary("Start the exercise clock again");
        exercises.MapPost("/{id:long}/end", (long id, ClaimsPrincipal user, ExerciseRuns runner) => TypedResults.Ok(runner.End(id, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("EndExercise").WithSummary("End the exercise and score it");
        exercises.MapPost("/{id:long}/observations", (long id, ObservationBody body, ClaimsPrincipal user, ExerciseRuns runner) =>
                TypedResults.Ok(runner.Observe(id, body.Text!, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("AddObservation").WithSummary("Note what the trainer saw, at the exercise time");
        exercises.MapPost("/{id:long}/overrides", (long id, ScoreOverrideBody body, ClaimsPrincipal user, ExerciseRuns runner) =>
                TypedResults.Ok(runner.OverrideScore(id, body.ExpectationId!, body.Passed!.Value, body.Comment ?? "", user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("OverrideScore").WithSummary("Overrule the automatic score of one expectation");
        exercises.MapPost("/{id:long}/co-trainers", (long id, CoTrainerBody body, ClaimsPrincipal user, ExerciseRuns runner) =>
                TypedResults.Ok(runner.AddCoTrainer(id, body.Name!, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("AddCoTrainer").WithSummary("The exercise's trainer (or an admin) adds a trainer to help steer it");
        exercises.MapDelete("/{id:long}/co-trainers/{name}", (long id, string name, ClaimsPrincipal user, ExerciseRuns runner) =>
                TypedResults.Ok(runner.RemoveCoTrainer(id, name, user.Actor())))
            .RequireAuthorization(Permissions.RunExercises)
            .WithName("RemoveCoTrainer").WithSummary("The exercise's trainer (or an admin) removes a co-trainer");
        exercises.MapPost("/{id:long}/feedback", (long id, FeedbackBody body, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            runner.GiveFeedback(id, user.Actor(), body.WhatWorked ?? "", body.WhatDidNot ?? "", body.Rating!.Value);
            return TypedResults.NoContent();
        }).RequireAuthorization(Permissions.ActOnSteps)
            .WithName("GiveExerciseFeedback").WithSummary("A participant's feedback on the exercise");
        exercises.MapGet("/{id:long}/after-action.pdf", (long id, string? lang, ClaimsPrincipal user, IncidentReports reports) =>
                ReviewsApi.Download(reports.AfterAction(id, user.Actor(), ReviewsApi.Language(lang))))
            .RequireAuthorization(Permissions.Read)
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .WithName("DownloadAfterActionPdf").WithSummary("The exercise's after-action report as PDF: the trainer's while it runs, everyone's once it ends");
    }
}

public sealed record StartExerciseBody
{
    [Required(ErrorMessage = "'scenarioId' is required")]
    public string? ScenarioId { get; init; }

    /// <summary>Role key to person id.</summary>
    [Required(ErrorMessage = "'participants' must be an object of role key to person id")]
    public IReadOnlyDictionary<string, long>? Participants { get; init; }

    /// <summary>real, accelerated or manual; real when left out.</summary>
    public string? Clock { get; init; }

    /// <summary>How many exercise seconds pass per real second on an accelerated clock; 1 when left out.</summary>
    public double? Rate { get; init; }

    [SupportedLanguage]
    public string? Language { get; init; }

    public StartExercise ToRequest() => new(ScenarioId!, Participants!, Clock ?? ClockModes.Real, Rate ?? 1, Language ?? "en");
}

public sealed record InjectBody
{
    [Required(ErrorMessage = "'title' is required")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "'body' is required")]
    public string? Body { get; init; }

    /// <summary>The role keys it is for; none means everyone.</summary>
    public IReadOnlyList<string>? Roles { get; init; }
}

public sealed record ObservationBody
{
    [Required(ErrorMessage = "'text' is required")]
    public string? Text { get; init; }
}

public sealed record ScoreOverrideBody
{
    [Required(ErrorMessage = "'expectationId' is required")]
    public string? ExpectationId { get; init; }

    [Required(ErrorMessage = "'passed' (true or false) is required")]
    public bool? Passed { get; init; }

    public string? Comment { get; init; }
}

public sealed record CoTrainerBody
{
    /// <summary>The account name of a trainer or admin.</summary>
    [Required(ErrorMessage = "'name' (an account name) is required")]
    public string? Name { get; init; }
}

public sealed record FeedbackBody
{
    [Required(ErrorMessage = "'rating' (1 to 5) is required")]
    public int? Rating { get; init; }

    public string? WhatWorked { get; init; }
    public string? WhatDidNot { get; init; }
}

public sealed record ExerciseStarted(long Id, string IncidentKey);

/// <summary>A scenario as the library lists it.</summary>
public sealed record ScenarioSummary(
    string Id, string Language, string Title, string Playbook, int Severity, string Duration, int Injects, IReadOnlyList<string> Objectives,
    IReadOnlyList<string> Errors)
{
    public static ScenarioSummary From(ScenarioParseResult result) => new(
        result.Scenario.Id, result.Scenario.Language, result.Scenario.Title, result.Scenario.PlaybookId, result.Scenario.Severity,
        ScenarioParser.Format(result.Scenario.Duration), result.Scenario.Injects.Count, result.Scenario.Objectives,
        result.Errors.Select(error => error.ToString()).ToList());
}

/// <summary>What a player may see of an exercise: the briefing and the injects released so far, never the trainer's notes.</summary>
public sealed record PlayerExerciseView(
    long Id, string IncidentKey, string Title, string Briefing, TimeSpan ExerciseTime, bool IsRunning, IReadOnlyList<PlayerInject> Injects)
{
    public static PlayerExerciseView From(ExerciseView view) => new(
        view.Id, view.IncidentKey, view.Scenario.Title, view.Scenario.Briefing, view.ExerciseTime, view.IsRunning, ExerciseRuns.PlayerInjects(view));
}
