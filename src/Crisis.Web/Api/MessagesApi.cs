using System.Security.Claims;
using System.Text.Json.Nodes;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;

namespace Crisis.Web.Api;

public static class MessagesApi
{
    public static void MapMessagesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/templates", (TemplateLibrary library) => library.All().Select(result => new
        {
            result.Template.Id,
            result.Template.Language,
            result.Template.Title,
            result.Template.Audience,
            result.Template.Channel,
            result.Template.Version,
            result.Template.Variables,
            Usable = !result.HasErrors,
            Diagnostics = result.Diagnostics.Select(d => new { d.Line, d.Column, Severity = d.IsError ? "error" : "warning", d.Message }),
        })).RequireAuthorization(Permissions.Read);

        api.MapGet("/incidents/{key}/messages", (string key, Messages messages) => messages.ForIncident(key))
            .RequireAuthorization(Permissions.Read);

        api.MapPost("/incidents/{key}/messages", async (string key, HttpRequest request, ClaimsPrincipal user, Messages messages) =>
        {
            var body = await request.ReadJsonObject();
            var draft = new DraftRequest(
                body.RequiredString("templateId"),
                body.OptionalString("language") ?? "en",
                body.OptionalStrings("recipients") ?? [],
                StringMap(body, "variables"),
                body.OptionalString("stepId"));
            var message = messages.Draft(key, draft, user.Actor());
            return Results.Created($"/api/messages/{message.Id}", message);
        }).RequireAuthorization(Permissions.ActOnSteps);

        api.MapGet("/messages/{id:long}", (long id, Messages messages) => messages.Get(id)).RequireAuthorization(Permissions.Read);

        api.MapPost("/messages/{id:long}/edit", async (long id, HttpRequest request, ClaimsPrincipal user, Messages messages) =>
        {
            var body = await request.ReadJsonObject();
            return messages.Edit(id, body.RequiredString("subject"), body.RequiredString("body"), body.OptionalStrings("recipients"),
                user.Actor(), (int?)body.OptionalLong("expectedVersion"));
        }).RequireAuthorization(Permissions.ActOnSteps);

        api.MapPost("/messages/{id:long}/approve", async (long id, HttpRequest request, ClaimsPrincipal user, Messages messages) =>
        {
            var body = await request.ReadJsonObject();
            return messages.Approve(id, user.Actor(), (int?)body.OptionalLong("expectedVersion"));
        }).RequireAuthorization(Permissions.ActOnSteps); // and Messages checks the commander or a playbook-named approver

        api.MapPost("/messages/{id:long}/published", (long id, ClaimsPrincipal user, Messages messages) => messages.MarkPublished(id, user.Actor()))
            .RequireAuthorization(Permissions.ManageIncidents);
    }

    private static Dictionary<string, string> StringMap(JsonObject body, string name)
    {
        if (body[name] is null) return [];
        if (body[name] is not JsonObject map) throw new BadRequestException($"'{name}' must be an object of name to text");
        return map.ToDictionary(pair => pair.Key, pair => map.OptionalString(pair.Key) ?? "");
    }
}
