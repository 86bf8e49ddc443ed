using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;

namespace Crisis.Web.Api;

public static class MessagesApi
{
    public static void MapMessagesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/templates", (TemplateLibrary library) => TypedResults.Ok(library.All().Select(TemplateSummary.From).ToList()))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListTemplates").WithSummary("Every message template in every language, with its variables and lint result");

        api.MapGet("/incidents/{key}/messages", (string key, Messages messages) => TypedResults.Ok(messages.ForIncident(key)))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListMessages").WithSummary("The incident's messages, each with its status and per-recipient deliveries");

        api.MapPost("/incidents/{key}/messages", (string key, DraftBody body, ClaimsPrincipal user, Messages messages) =>
        {
            var message = messages.Draft(key, body.ToRequest(), user.Actor());
            return TypedResults.Created($"/api/messages/{message.Id}", message);
        }).RequireAuthorization(Permissions.ActOnSteps).WithIdempotencyKey()
            .WithName("DraftMessage").WithSummary("Draft a message from a template; missingVariables lists what is still to fill in");

        api.MapGet("/messages/{id:long}", (long id, Messages messages) => TypedResults.Ok(messages.Get(id)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetMessage").WithSummary("One message with its deliveries");

        api.MapPost("/messages/{id:long}/edit", (long id, MessageEditBody body, ClaimsPrincipal user, Messages messages) =>
                TypedResults.Ok(messages.Edit(id, body.Subject!, body.Body!, body.Recipients, user.Actor(), body.ExpectedVersion)))
            .RequireAuthorization(Permissions.ActOnSteps)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("EditMessage").WithSummary("Edit after rendering; withdraws an approval not yet sent");

        api.MapPost("/messages/{id:long}/approve", (long id, MessageApprovalBody? body, ClaimsPrincipal user, Messages messages) =>
                TypedResults.Ok(messages.Approve(id, user.Actor(), body?.ExpectedVersion)))
            .RequireAuthorization(Permissions.ActOnSteps) // and Messages checks the commander or a playbook-named approver
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveMessage").WithSummary("Approve a message; an email is queued for each recipient");

        api.MapPost("/messages/{id:long}/published", (long id, ClaimsPrincipal user, Messages messages) => TypedResults.Ok(messages.MarkPublished(id, user.Actor())))
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("MarkMessagePublished").WithSummary("Record that a message went out on a channel Crisis does not send itself");
    }
}

public sealed record DraftBody
{
    [Required(ErrorMessage = "'templateId' is required")]
    public string? TemplateId { get; init; }

    public string? Language { get; init; }
    public IReadOnlyList<string>? Recipients { get; init; }

    /// <summary>Variable name to text.</summary>
    public IReadOnlyDictionary<string, string?>? Variables { get; init; }

    public string? StepId { get; init; }

    public DraftRequest ToRequest() => new(TemplateId!, Language ?? "en", Recipients ?? [],
        (Variables ?? new Dictionary<string, string?>()).ToDictionary(variable => variable.Key, variable => variable.Value ?? ""), StepId);
}

public sealed record MessageEditBody
{
    [Required(ErrorMessage = "'subject' is required")]
    public string? Subject { get; init; }

    [Required(ErrorMessage = "'body' is required")]
    public string? Body { get; init; }

    public IReadOnlyList<string>? Recipients { get; init; }
    public int? ExpectedVersion { get; init; }
}

public sealed record MessageApprovalBody(int? ExpectedVersion = null);

/// <summary>A template as the library lists it: what it is for, what it asks for, and whether it can be used.</summary>
public sealed record TemplateSummary(
    string Id, string Language, string Title, string Audience, string Channel, int Version, IReadOnlyList<TemplateVariable> Variables,
    bool Usable, IReadOnlyList<DiagnosticView> Diagnostics)
{
    public static TemplateSummary From(TemplateParseResult result) => new(
        result.Template.Id, result.Template.Language, result.Template.Title, result.Template.Audience, result.Template.Channel,
        result.Template.Version, result.Template.Variables, !result.HasErrors, DiagnosticView.All(result.Diagnostics));
}
