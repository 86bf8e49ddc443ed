using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Web.Api;

public static class IncidentsApi
{
    private static readonly string[] StepVerbs = ["complete", "start", "reopen", "skip", "block", "note", "reassign"];

    public static void MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents");

        incidents.MapPost("/", async (HttpRequest request, ClaimsPrincipal user, OpenIncident open, IncidentQueries queries) =>
        {
            var body = await request.ReadJsonObject();
            var roles = new Dictionary<string, long>();
            if (body["roles"] is { } rolesNode)
            {
                if (rolesNode is not System.Text.Json.Nodes.JsonObject roleMap) throw new BadRequestException("'roles' must be an object of role key to person id");
                foreach (var (roleKey, _) in roleMap)
                {
                    roles[roleKey] = roleMap.OptionalLong(roleKey) ?? throw new BadRequestException($"roles.{roleKey} must be a person id");
                }
            }
            var language = body.OptionalString("language") ?? "en";
            if (language is not ("en" or "zh-CN")) throw new BadRequestException($"'language' must be \"en\" or \"zh-CN\", not \"{language}\"");
            var openRequest = new OpenIncidentRequest(body.RequiredString("playbookId"), body.RequiredString("title"), body.RequiredSeverity(), roles, Language: language);
            var key = open.Execute(openRequest, user.Actor());
            return Results.Created($"/api/incidents/{key}", queries.Get(key));
        }).RequireAuthorization(Permissions.ManageIncidents);

        incidents.MapGet("/", (string? status, IncidentQueries queries) => queries.List(status))
            .RequireAuthorization(Permissions.Read);

        incidents.MapGet("/{key}", (string key, IncidentQueries queries) => queries.Get(key))
            .RequireAuthorization(Permissions.Read);

        incidents.MapGet("/{key}/timeline", (string key, long? after, Timeline timeline) =>
                timeline.Read(key, after ?? 0))
            .RequireAuthorization(Permissions.Read);

        incidents.MapGet("/{key}/timeline/verification", (string key, Timeline timeline) =>
                timeline.Verify(key))
            .RequireAuthorization(Permissions.Read);

        incidents.MapPost("/{key}/steps/{stepId}/{verb}", async (string key, string stepId, string verb, HttpRequest request, ClaimsPrincipal user, StepActions steps) =>
        {
            if (!StepVerbs.Contains(verb)) throw new Core.NotFoundException($"unknown step action '{verb}': use one of {string.Join(", ", StepVerbs)}");
            var body = await request.ReadJsonObject();
            var actor = user.Actor();
            var expected = (int?)body.OptionalLong("expectedVersion");
            return verb switch
            {
                "complete" => steps.Complete(key, stepId, actor, expected),
                "start" => steps.Start(key, stepId, actor, expected),
                "reopen" => steps.Reopen(key, stepId, actor, expected),
                "skip" => steps.Skip(key, stepId, actor, body.OptionalString("reason"), expected),
                "block" => steps.Block(key, stepId, actor, body.OptionalString("reason"), expected),
                "note" => steps.Note(key, stepId, actor, body.OptionalString("text")),
                _ => steps.Reassign(key, stepId, actor, body.OptionalLong("personId"), expected),
            };
        }).RequireAuthorization(Permissions.ActOnSteps);

        incidents.MapPost("/{key}/status", async (string key, HttpRequest request, ClaimsPrincipal user, IncidentLifecycle lifecycle, IncidentQueries queries) =>
        {
            var body = await request.ReadJsonObject();
            lifecycle.SetStatus(key, body.RequiredString("status"), user.Actor(), body.OptionalString("comment"));
            return queries.Get(key);
        }).RequireAuthorization(Permissions.ManageIncidents);

        incidents.MapPost("/{key}/severity", async (string key, HttpRequest request, ClaimsPrincipal user, IncidentLifecycle lifecycle, IncidentQueries queries) =>
        {
            var body = await request.ReadJsonObject();
            lifecycle.SetSeverity(key, body.RequiredSeverity(), user.Actor());
            return queries.Get(key);
        }).RequireAuthorization(Permissions.ManageIncidents);

        incidents.MapPost("/{key}/roles", async (string key, HttpRequest request, ClaimsPrincipal user, IncidentLifecycle lifecycle, IncidentQueries queries) =>
        {
            var body = await request.ReadJsonObject();
            var personId = body.OptionalLong("personId") ?? throw new BadRequestException("'personId' is required");
            lifecycle.AssignRole(key, body.RequiredString("role"), personId, user.Actor());
            return queries.Get(key);
        }).RequireAuthorization(Permissions.ManageIncidents);
    }

    public static void MapPeopleApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people");
        people.MapGet("/", (PeopleDirectory directory) => directory.List()).RequireAuthorization(Permissions.Read);
        people.MapPost("/", async (HttpRequest request, PeopleDirectory directory) =>
        {
            var body = await request.ReadJsonObject();
            var person = directory.Add(new NewPerson(body.RequiredString("name"), body.OptionalString("email"), body.OptionalString("phone"), body.OptionalStrings("roles")));
            return Results.Created($"/api/people/{person.Id}", person);
        }).RequireAuthorization(Permissions.ManagePeople);
    }

}
