using System.Security.Claims;
using System.Text.Json.Nodes;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Reports;

namespace Crisis.Web.Api;

/// <summary>Exercises over HTTP: trainers start and steer them; players read only what has been released to them.</summary>
public static class ExercisesApi
{
    public static void MapExercisesApi(this RouteGroupBuilder api)
    {
        var exercises = api.MapGroup("/exercises");

        exercises.MapGet("/scenarios", (ScenarioLibrary scenarios) => scenarios.All().Select(result => new
        {
            result.Scenario.Id, result.Scenario.Language, result.Scenario.Title, Playbook = result.Scenario.PlaybookId, result.Scenario.Severity,
            Duration = ScenarioParser.Format(result.Scenario.Duration), Injects = result.Scenario.Injects.Count, result.Scenario.Objectives,
            Errors = result.Errors.Select(error => error.ToString()),
        })).RequireAuthorization(Permissions.RunExercises);

        exercises.MapPost("/", async (HttpRequest request, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var body = await request.ReadJsonObject();
            var participants = new Dictionary<string, long>();
            if (body["participants"] is not JsonObject roles) throw new BadRequestException("'participants' must be an object of role key to person id");
            foreach (var (role, _) in roles)
                participants[role] = roles.OptionalLong(role) ?? throw new BadRequestException($"participants.{role} must be a person id");
            var rate = body.Optional<double>("rate") ?? 1;
            var language = body.OptionalString("language") ?? "en";
            if (language is not ("en" or "zh-CN")) throw new BadRequestException($"'language' must be \"en\" or \"zh-CN\", not \"{language}\"");
            var (id, key) = runner.Start(new StartExercise(body.RequiredString("scenarioId"), participants, body.OptionalString("clock") ?? ClockModes.Real, rate, language), user.Actor());
            return Results.Created($"/api/exercises/{id}", new { id, incidentKey = key });
        }).RequireAuthorization(Permissions.RunExercises);

        // Trainers see the whole schedule, notes and scores; players the injects released to them, nothing else.
        exercises.MapGet("/{id:long}", (long id, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var view = runner.Get(id);
            return user.Can(Permissions.RunExercises)
                ? Results.Ok(view)
                : Results.Ok(new { view.Id, view.IncidentKey, view.Scenario.Title, view.Scenario.Briefing, view.ExerciseTime, view.IsRunning, Injects = ExerciseRuns.PlayerInjects(view) });
        }).RequireAuthorization(Permissions.Read);

        exercises.MapPost("/{id:long}/injects/{injectId}/release", (long id, string injectId, ClaimsPrincipal user, ExerciseRuns runner) =>
            runner.ReleaseNow(id, injectId, user.Actor())).RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/injects/{injectId}/dry-run", (long id, string injectId, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            runner.DryRun(id, injectId, user.Actor());
            return Results.Accepted();
        }).RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/injects", async (long id, HttpRequest request, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var body = await request.ReadJsonObject();
            return runner.AddInject(id, body.RequiredString("title"), body.RequiredString("body"), body.OptionalStrings("roles") ?? [], user.Actor());
        }).RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/pause", (long id, ClaimsPrincipal user, ExerciseRuns runner) => runner.Pause(id, user.Actor()))
            .RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/resume", (long id, ClaimsPrincipal user, ExerciseRuns runner) => runner.Resume(id, user.Actor()))
            .RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/end", (long id, ClaimsPrincipal user, ExerciseRuns runner) => runner.End(id, user.Actor()))
            .RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/observations", async (long id, HttpRequest request, ClaimsPrincipal user, ExerciseRuns runner) =>
            runner.Observe(id, (await request.ReadJsonObject()).RequiredString("text"), user.Actor())).RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/overrides", async (long id, HttpRequest request, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var body = await request.ReadJsonObject();
            var passed = body.Optional<bool>("passed") ?? throw new BadRequestException("'passed' (true or false) is required");
            return runner.OverrideScore(id, body.RequiredString("expectationId"), passed, body.OptionalString("comment") ?? "", user.Actor());
        }).RequireAuthorization(Permissions.RunExercises);
        exercises.MapPost("/{id:long}/feedback", async (long id, HttpRequest request, ClaimsPrincipal user, ExerciseRuns runner) =>
        {
            var body = await request.ReadJsonObject();
            var rating = (int?)body.OptionalLong("rating") ?? throw new BadRequestException("'rating' (1 to 5) is required");
            runner.GiveFeedback(id, user.Actor().Name, body.OptionalString("whatWorked") ?? "", body.OptionalString("whatDidNot") ?? "", rating);
            return Results.NoContent();
        }).RequireAuthorization(Permissions.ActOnSteps);
        exercises.MapGet("/{id:long}/after-action.pdf", (long id, string? lang, IncidentReports reports) =>
            ReviewsApi.Download(reports.AfterAction(id, ReviewsApi.Language(lang)))).RequireAuthorization(Permissions.Read);
    }
}
