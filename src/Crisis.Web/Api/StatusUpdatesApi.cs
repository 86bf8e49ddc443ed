using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.StatusUpdates;

namespace Crisis.Web.Api;

/// <summary>Stakeholder status updates and who is emailed them (docs/status-updates.md).</summary>
public static class StatusUpdatesApi
{
    public static void MapStatusUpdatesApi(this RouteGroupBuilder api)
    {
        var incident = api.MapGroup("/incidents/{key}");

        incident.MapGet("/status-updates", (string key, StatusUpdateBook updates) => TypedResults.Ok(new StatusUpdateList(updates.List(key), updates.NextDue(key))))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListStatusUpdates").WithSummary("The incident's status updates, newest first, and when the next one is due");

        incident.MapPost("/status-updates", (string key, StatusUpdateBody body, ClaimsPrincipal user, StatusUpdateBook updates) =>
                TypedResults.Created($"/api/incidents/{key}/status-updates", updates.Post(key, new StatusUpdatePost(body.Body, body.NextUpdateAt), user.Actor(),
                    user.Can(Permissions.ManageIncidents))))
            .RequireAuthorization(Permissions.PostStatusUpdates).WithIdempotencyKey()
            .WithName("PostStatusUpdate")
            .WithSummary("Post a status update: Markdown body, and when the next one comes")
            .WithDescription("Commanders and admins, or the person holding the incident's commander or communications role, whatever their account's role short of viewer (403 otherwise). "
                + "nextUpdateAt is an ISO 8601 date and time still to come and at most 7 days ahead (400 otherwise). Emailed to subscribers and told in chat.");

        incident.MapGet("/status-subscriptions", (string key, StatusSubscriptions subscriptions) => TypedResults.Ok(subscriptions.ForIncident(key)))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListIncidentStatusSubscriptions").WithSummary("The people subscribed to this incident's status updates by name");

        incident.MapPost("/status-subscriptions", (string key, SubscriptionBody body, ClaimsPrincipal user, StatusSubscriptions subscriptions) =>
            {
                subscriptions.Subscribe(key, body.PersonId!.Value, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManagePeople)
            .WithName("SubscribeToIncidentStatus").WithSummary("Subscribe a person from the directory to this incident's status updates")
            .WithDescription("The person needs an email address, and the incident must not be closed (400 otherwise). Subscribing twice changes nothing.");

        incident.MapPut("/status-subscriptions/me", (string key, ClaimsPrincipal user, StatusSubscriptions subscriptions) =>
            {
                subscriptions.SubscribeSelf(key, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.Read)
            .WithName("SubscribeMeToIncidentStatus").WithSummary("Subscribe yourself to this incident's status updates")
            .WithDescription("Any reader, as the person in the directory with the account's email (400 without one, or once the incident is closed). Subscribing twice changes nothing.");

        incident.MapDelete("/status-subscriptions/me", (string key, ClaimsPrincipal user, StatusSubscriptions subscriptions) =>
            {
                subscriptions.UnsubscribeSelf(key, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.Read)
            .WithName("UnsubscribeMeFromIncidentStatus").WithSummary("Stop your own emails of this incident's status updates (a standing subscription stays)");

        api.MapGet("/status-subscriptions", (StatusSubscriptions subscriptions) => TypedResults.Ok(subscriptions.Standing()))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListStandingStatusSubscriptions").WithSummary("Standing subscriptions: every incident of a severity and/or a category");

        api.MapPost("/status-subscriptions", (StandingSubscriptionBody body, ClaimsPrincipal user, StatusSubscriptions subscriptions) =>
            {
                var id = subscriptions.SubscribeStanding(body.PersonId!.Value, body.Severity, body.Category, user.Actor());
                return TypedResults.Created($"/api/status-subscriptions/{id}", new StandingSubscriptionAdded(id));
            })
            .RequireAuthorization(Permissions.ManagePeople)
            .WithName("AddStandingStatusSubscription").WithSummary("Subscribe a person to every incident of a severity (1-4) and/or a playbook category");

        api.MapDelete("/status-subscriptions/{id:long}", (long id, StatusSubscriptions subscriptions) =>
            {
                subscriptions.Remove(id);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManagePeople)
            .WithName("RemoveStatusSubscription").WithSummary("End a subscription, standing or to one incident (404 for an id that names none)");
    }
}

public sealed record StatusUpdateList(IReadOnlyList<StatusUpdate> Updates, DateTimeOffset? NextDue);

public sealed record StatusUpdateBody
{
    [Required(ErrorMessage = "'body' is the update's Markdown")]
    public string? Body { get; init; }
    public DateTimeOffset? NextUpdateAt { get; init; }
}

public record SubscriptionBody
{
    [Required(ErrorMessage = "'personId' is the id of a person in the directory"), Range(1, long.MaxValue)]
    public long? PersonId { get; init; }
}

public sealed record StandingSubscriptionBody : SubscriptionBody
{
    public int? Severity { get; init; }
    public string? Category { get; init; }
}

public sealed record StandingSubscriptionAdded(long Id);
