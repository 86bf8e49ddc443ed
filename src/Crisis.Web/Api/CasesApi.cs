using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crisis.Web.Api;

/// <summary>Complaint cases: logged, listed page by page, worked one by one or many at once. Phones and addresses come masked but from a reveal.</summary>
public static class CasesApi
{
    public static void MapCasesApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases");

        cases.MapGet("/", (string? channel, string? category, string? status, string? clockState, string? sku, string? batch, long? ownerId,
                string? incident, bool? open, long? before, int? limit, CaseBook book) =>
                TypedResults.Ok(book.List(new CaseFilter
                {
                    Channel = channel, Category = category, Status = status, ClockState = clockState, Sku = sku, Batch = batch, OwnerId = ownerId,
                    IncidentKey = incident, OpenOnly = open == true, Before = before, Limit = limit ?? new CaseFilter().Limit,
                })))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListCases").WithSummary("Cases, newest first, a page at a time; nextBefore asks for the next page (as ?before=)")
            .WithDescription($"Every filter narrows the list: channel, category, status, clockState ({string.Join(", ", CaseClockStates.All)}), sku, batch, "
                + "ownerId, incident (its key), open=true for every status but resolved and closed. limit is 1 to 500 (50 if left out). "
                + "Customers' phones and addresses are masked.");

        cases.MapPost("/", Results<Created<CaseView>, Ok<CaseView>> (NewCase body, ClaimsPrincipal user, CaseBook book) =>
        {
            var logged = book.Log(body, CaseSources.Api, user.Actor());
            var view = book.Get(logged.Id);
            return logged.IsNew ? TypedResults.Created($"/api/cases/{logged.Id}", view) : TypedResults.Ok(view);
        }).RequireAuthorization(Permissions.WorkCases).WithIdempotencyKey()
            .WithName("LogCase").WithSummary("Log a complaint; answers 200 with the case it made before when externalId repeats one already sent")
            .WithDescription($"channel ({string.Join(", ", CaseChannels.All)}), category ({string.Join(", ", CaseCategories.All)}) and summary are required; "
                + "receivedAt (when the customer complained, which starts the clocks) defaults to now; "
                + $"status ({string.Join(", ", CaseStatuses.All)}; new when left out) and resolvedAt (after receivedAt, not in the future) are for a complaint "
                + "the sender has worked already: a resolvedAt alone makes it resolved.");

        cases.MapGet("/{id:long}", (long id, CaseBook book) => TypedResults.Ok(book.Get(id)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetCase").WithSummary("One case, the customer's phone and address masked");

        cases.MapPatch("/{id:long}", (long id, CaseChanges body, ClaimsPrincipal user, CaseBook book) => TypedResults.Ok(book.Change(id, body, user.Actor())))
            .RequireAuthorization(Permissions.WorkCases)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ChangeCase").WithSummary("Change a case's fields or status; fields left out stay, an empty text clears an optional one")
            .WithDescription($"status is one of {string.Join(", ", CaseStatuses.All)}: leaving new answers the customer, resolved and closed stop "
                + "the clocks. expectedVersion, when given, must be the case's version or the answer is 409.");

        cases.MapPost("/{id:long}/notes", (long id, CaseNoteBody body, ClaimsPrincipal user, CaseBook book) =>
        {
            book.Note(id, body.Text, user.Actor());
            return TypedResults.Created($"/api/cases/{id}/history", book.History(id)[^1]);
        }).RequireAuthorization(Permissions.WorkCases)
            .WithName("AddCaseNote").WithSummary("Add a note (Markdown) to the case's history");

        cases.MapPost("/{id:long}/reveal", (long id, ClaimsPrincipal user, CaseBook book) => TypedResults.Ok(book.Reveal(id, user.Actor())))
            .RequireAuthorization(Permissions.RevealCustomerContact)
            .WithName("RevealCaseContact").WithSummary("The case with the customer's full phone and address; the case's history records who looked");

        cases.MapGet("/{id:long}/history", (long id, CaseBook book) => TypedResults.Ok(book.History(id)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetCaseHistory").WithSummary("What happened to the case, oldest first: kind, who, when and what changed (never a phone or address)");

        cases.MapPost("/assign", (CaseAssignBody body, ClaimsPrincipal user, CaseBook book) =>
                TypedResults.Ok(new CasesChanged(book.Assign(body.Ids!, body.PersonId, user.Actor()))))
            .RequireAuthorization(Permissions.WorkCases)
            .WithName("AssignCases").WithSummary("Give cases to a person from the people directory, or to nobody with personId null; answers how many changed");

        cases.MapPost("/link", (CaseLinkBody body, ClaimsPrincipal user, CaseBook book) =>
                TypedResults.Ok(new CasesChanged(book.Link(body.Ids!, body.IncidentKey, user.Actor()))))
            .RequireAuthorization(Permissions.WorkCases)
            .WithName("LinkCases").WithSummary("Link cases to an incident by its key, or unlink them with incidentKey null; answers how many changed");
    }
}

public sealed record CaseNoteBody
{
    [Required(ErrorMessage = "'text' is required")]
    public string? Text { get; init; }
}

public sealed record CaseAssignBody
{
    [Required(ErrorMessage = "'ids' is required: the cases to assign")]
    public IReadOnlyList<long>? Ids { get; init; }

    /// <summary>The person from the people directory; null gives the cases back to nobody.</summary>
    public long? PersonId { get; init; }
}

public sealed record CaseLinkBody
{
    [Required(ErrorMessage = "'ids' is required: the cases to link")]
    public IReadOnlyList<long>? Ids { get; init; }

    /// <summary>The incident's key (INC-2026-0001); null unlinks the cases.</summary>
    public string? IncidentKey { get; init; }
}

/// <summary>How many of the cases a bulk change changed: those already so are left as they were.</summary>
public sealed record CasesChanged(int Changed);
