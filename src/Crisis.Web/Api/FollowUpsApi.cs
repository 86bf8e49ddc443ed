using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.FollowUps;
using Crisis.Core.Reviews;

namespace Crisis.Web.Api;

/// <summary>The follow-ups of every review and exercise in one list: read by every role, changed and closed by those who act on incidents.</summary>
public static class FollowUpsApi
{
    public static void MapFollowUpsApi(this RouteGroupBuilder api)
    {
        var followUps = api.MapGroup("/follow-ups");

        followUps.MapGet("/", (string? status, long? owner, bool? overdue, string? source, string? playbook, FollowUpBook book) =>
                TypedResults.Ok(book.List(new FollowUpFilter { Status = status, OwnerPersonId = owner, OverdueOnly = overdue == true, Source = source, Playbook = playbook })))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListFollowUps").WithSummary("The action items of every review and exercise, those still to do first, soonest due first")
            .WithDescription($"Every filter narrows the list: status ({string.Join(", ", ActionStatus.All)}, or {FollowUpFilter.StillToDo} for open and in "
                + $"progress), owner (a person's id in the people directory), overdue=true, source ({string.Join(", ", FollowUpSources.All)}), playbook (its id). "
                + "isOverdue is counted in days of the organisation's time zone.");

        followUps.MapGet("/{id:long}", (long id, FollowUpBook book) => TypedResults.Ok(book.Get(id)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetFollowUp").WithSummary("One follow-up, with what was done once closed");

        followUps.MapPatch("/{id:long}", (long id, FollowUpChange body, ClaimsPrincipal user, FollowUpBook book) => TypedResults.Ok(book.Change(id, body, user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("ChangeFollowUp").WithSummary("Change a follow-up's status, owner, due date or risk; close it saying what was done; fields left out stay")
            .WithDescription($"status {ActionStatus.Done} or {ActionStatus.WontDo} closes it: done needs a note (Markdown) or a link (https://…), "
                + $"{ActionStatus.WontDo} a note saying why; playbookVersion names the version of the playbook it asks to change that carries the change. "
                + $"status {ActionStatus.Open} or {ActionStatus.InProgress} reopens a closed one. ownerPersonId is a person's id in the people directory, "
                + "dueDate a day (yyyy-MM-dd). Every change is on the incident's timeline.");
    }
}
