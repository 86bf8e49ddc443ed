using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.OpenApi;

namespace Crisis.Web.Api;

public static class IncidentsApi
{
    public static void MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents");

        incidents.MapPost("/", (OpenIncidentBody body, ClaimsPrincipal user, OpenIncident open, IncidentQueries queries) =>
        {
            var key = open.Execute(body.ToRequest(), user.Actor());
            return TypedResults.Created($"/api/incidents/{key}", queries.Get(key));
        }).RequireAuthorization(Permissions.ManageIncidents).WithIdempotencyKey()
            .WithName("OpenIncident").WithSummary("Open an incident from a playbook; answers with its checklist");

        incidents.MapGet("/", (string? status, IncidentQueries queries) => TypedResults.Ok(queries.List(status)))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListIncidents").WithSummary("Incidents, newest first, optionally only those with one status");

        incidents.MapGet("/{key}", (string key, IncidentQueries queries) => TypedResults.Ok(queries.Get(key)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetIncident").WithSummary("One incident with its roles and its checklist (phases[].steps[])");

        incidents.MapGet("/{key}/timeline", (string key, long? after, Timeline timeline) =>
                TypedResults.Ok(timeline.Read(key, after ?? 0)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetTimeline").WithSummary("The incident's hash-chained events, after a sequence number if given");

        incidents.MapGet("/{key}/timeline/verification", (string key, Timeline timeline) =>
                TypedResults.Ok(timeline.Verify(key)))
            .RequireAuthorization(Permissions.Read)
            .WithName("VerifyTimeline").WithSummary("Whether the timeline's hash chain is intact");

        incidents.MapPost("/{key}/steps/{stepId}/{verb}", (string key, string stepId, string verb, StepInputs? body, ClaimsPrincipal user, StepActions steps) =>
                TypedResults.Ok(steps.Act(key, stepId, StepVerbs.Parse(verb), user.Actor(), body ?? new StepInputs())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var verb = (OpenApiSchema)operation.Parameters!.Single(parameter => parameter.Name == "verb").Schema!;
                verb.Enum = [.. StepVerbs.Names.Select(name => (JsonNode)name)];
                return Task.CompletedTask;
            })
            .WithName("ActOnStep")
            .WithSummary($"Act on a checklist step: {string.Join(", ", StepVerbs.Names)}")
            .WithDescription("skip and block take a reason, note takes text, reassign a personId (none gives the step back to its role); "
                + "expectedVersion, when given, must be the step's version or the answer is 409.");

        incidents.MapPost("/{key}/status", (string key, StatusBody body, ClaimsPrincipal user, IncidentLifecycle lifecycle, IncidentQueries queries) =>
        {
            lifecycle.SetStatus(key, body.Status!, user.Actor(), body.Comment, body.AcknowledgeOpenSteps == true ? new OpenStepsAcknowledgement(body.Reason) : null);
            return TypedResults.Ok(queries.Get(key));
        }).RequireAuthorization(Permissions.ManageIncidents)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetIncidentStatus").WithSummary("Move the incident on: open, contained, resolved, closed")
            .WithDescription("Resolving or closing while steps are still open answers 409 with the open steps (openSteps[]: id, text, status, "
                + "requiredByLaw, role, owner; those the law requires first) unless the body acknowledges them: acknowledgeOpenSteps true "
                + "and a reason, which the timeline records with the steps left open.");

        incidents.MapPost("/{key}/severity", (string key, SeverityBody body, ClaimsPrincipal user, IncidentLifecycle lifecycle, IncidentQueries queries) =>
        {
            lifecycle.SetSeverity(key, body.Severity!.Value, user.Actor());
            return TypedResults.Ok(queries.Get(key));
        }).RequireAuthorization(Permissions.ManageIncidents)
            .WithName("SetIncidentSeverity").WithSummary("Change the severity; escalating adds the new severity's steps");

        incidents.MapPost("/{key}/roles", (string key, RoleBody body, ClaimsPrincipal user, IncidentLifecycle lifecycle, IncidentQueries queries) =>
        {
            lifecycle.AssignRole(key, body.Role!, body.PersonId!.Value, user.Actor());
            return TypedResults.Ok(queries.Get(key));
        }).RequireAuthorization(Permissions.ManageIncidents)
            .WithName("AssignIncidentRole").WithSummary("Give one of the playbook's roles to a person");
    }

    public static void MapPeopleApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people");
        people.MapGet("/", (PeopleDirectory directory) => TypedResults.Ok(directory.List()))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListPeople").WithSummary("The people directory");
        people.MapPost("/", (PersonBody body, PeopleDirectory directory) =>
        {
            var person = directory.Add(new NewPerson(body.Name!, body.Email, body.Phone, body.Roles, body.Language));
            return TypedResults.Created($"/api/people/{person.Id}", person);
        }).RequireAuthorization(Permissions.ManagePeople)
            .WithName("AddPerson").WithSummary("Add a person who can be given roles");
    }
}

public sealed record OpenIncidentBody
{
    [Required(ErrorMessage = "'playbookId' is required")]
    public string? PlaybookId { get; init; }

    [Required(ErrorMessage = "'title' is required")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "'severity' is required (1 for SEV1, the worst)"), JsonConverter(typeof(SeverityJson))]
    public int? Severity { get; init; }

    /// <summary>Role key to person id.</summary>
    public IReadOnlyDictionary<string, long>? Roles { get; init; }

    [SupportedLanguage]
    public string? Language { get; init; }

    public OpenIncidentRequest ToRequest() =>
        new(PlaybookId!, Title!, Severity!.Value, Roles ?? new Dictionary<string, long>(), Language: Language ?? "en");
}

public sealed record StatusBody
{
    [Required(ErrorMessage = "'status' is required")]
    public string? Status { get; init; }

    public string? Comment { get; init; }

    /// <summary>Resolve or close although steps are open; <see cref="Reason"/> then says why.</summary>
    public bool? AcknowledgeOpenSteps { get; init; }

    /// <summary>Why the open steps are left open: required with <see cref="AcknowledgeOpenSteps"/> when steps are open.</summary>
    public string? Reason { get; init; }
}

public sealed record SeverityBody
{
    [Required(ErrorMessage = "'severity' is required (1 for SEV1, the worst)"), JsonConverter(typeof(SeverityJson))]
    public int? Severity { get; init; }
}

public sealed record RoleBody
{
    [Required(ErrorMessage = "'role' is required")]
    public string? Role { get; init; }

    [Required(ErrorMessage = "'personId' is required")]
    public long? PersonId { get; init; }
}

public sealed record PersonBody
{
    [Required(ErrorMessage = "'name' is required")]
    public string? Name { get; init; }

    public string? Email { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The language of Crisis's own emails to them that no incident decides (en or zh-CN); left out, English.</summary>
    [SupportedLanguage]
    public string? Language { get; init; }
}

/// <summary>Severity as the number (1 for SEV1, the worst) or as the name ("SEV1").</summary>
public sealed class SeverityJson : JsonConverter<int>
{
    public const string NamePattern = "^[Ss][Ee][Vv][0-9]+$";

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number)) return number;
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } text
            && text.StartsWith("SEV", StringComparison.OrdinalIgnoreCase) && int.TryParse(text.AsSpan(3), out var parsed))
        {
            return parsed;
        }
        throw new InvalidFieldException("'severity' must be a number such as 1 or a name such as \"SEV1\"");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
