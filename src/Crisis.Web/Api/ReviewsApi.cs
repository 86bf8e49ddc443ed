using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Crisis.Pdf;

namespace Crisis.Web.Api;

/// <summary>The impact log, the post-incident review and the incident's reports.</summary>
public static class ReviewsApi
{
    public static void MapReviewsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents/{key}");

        incidents.MapGet("/impact", (string key, ImpactLog impact) => impact.Read(key)).RequireAuthorization(Permissions.Read);
        incidents.MapPost("/impact", async (string key, HttpRequest request, ClaimsPrincipal user, ImpactLog impact) =>
        {
            var entry = impact.Record(key, (await request.ReadJsonObject()).As<ImpactFigures>(), user.Actor());
            return Results.Created($"/api/incidents/{key}/impact", entry);
        }).RequireAuthorization(Permissions.ActOnSteps);

        incidents.MapGet("/review", (string key, PostIncidentReviews reviews) => reviews.Require(key))
            .RequireAuthorization(Permissions.Read);
        incidents.MapGet("/review/metrics", (string key, IncidentReports reports) => reports.ReviewData(key).Metrics)
            .RequireAuthorization(Permissions.Read);
        incidents.MapPost("/review", (string key, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                Results.Created($"/api/incidents/{key}/review", reviews.Open(key, user.Actor())))
            .RequireAuthorization(Permissions.ManageIncidents);
        incidents.MapPost("/review/content", async (string key, HttpRequest request, ClaimsPrincipal user, PostIncidentReviews reviews) =>
        {
            var body = await request.ReadJsonObject();
            var current = reviews.Require(key);
            // Fields left out keep what the review says now, so a client can send just the part it changes.
            var merged = JsonSerializer.SerializeToNode(current.Content, JsonSerializerOptions.Web)!.AsObject();
            foreach (var (name, value) in body)
                merged[name] = value?.DeepClone();
            return reviews.Edit(key, merged.As<ReviewContent>("expectedVersion"), ExpectedVersion(body), user.Actor());
        }).RequireAuthorization(Permissions.ActOnSteps);
        incidents.MapPost("/review/submit", async (string key, HttpRequest request, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                reviews.SubmitForReview(key, ExpectedVersion(await request.ReadJsonObject()), user.Actor()))
            .RequireAuthorization(Permissions.ActOnSteps);
        incidents.MapPost("/review/return", async (string key, HttpRequest request, ClaimsPrincipal user, PostIncidentReviews reviews) =>
        {
            var body = await request.ReadJsonObject();
            return reviews.ReturnToDraft(key, ExpectedVersion(body), user.Actor(), body.OptionalString("reason") ?? "");
        }).RequireAuthorization(Permissions.ManageIncidents);
        incidents.MapPost("/review/publish", async (string key, HttpRequest request, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                reviews.Publish(key, ExpectedVersion(await request.ReadJsonObject()), user.Actor()))
            .RequireAuthorization(Permissions.ManageIncidents);
        incidents.MapPost("/review/actions", async (string key, HttpRequest request, ClaimsPrincipal user, PostIncidentReviews reviews) =>
        {
            var body = await request.ReadJsonObject();
            return reviews.AddAction(key, body.As<ActionItem>("expectedVersion"), ExpectedVersion(body), user.Actor());
        }).RequireAuthorization(Permissions.ActOnSteps);
        incidents.MapPost("/review/actions/{id:long}", async (string key, long id, HttpRequest request, ClaimsPrincipal user, PostIncidentReviews reviews) =>
        {
            var body = await request.ReadJsonObject();
            return reviews.UpdateAction(key, id, body.As<ActionItem>("expectedVersion"), ExpectedVersion(body), user.Actor());
        }).RequireAuthorization(Permissions.ActOnSteps);

        foreach (var file in new[] { "review.pdf", "checklist.pdf", "review.md" })
        {
            incidents.MapGet("/" + file, (string key, string? lang, string? paper, IncidentReports reports) =>
                    Download(reports.Export(key, file, Language(lang), Paper(paper))))
                .RequireAuthorization(Permissions.Read);
        }
    }

    public static IResult Download(ReportFile file) => Results.File(file.Content, file.ContentType, file.FileName);

    /// <summary><c>?paper=</c>: A4 (the default) or Letter.</summary>
    public static PageFormat Paper(string? paper)
    {
        try
        {
            return PageFormat.Named(paper ?? "A4");
        }
        catch (ArgumentException exception)
        {
            throw new BadRequestException(exception.Message);
        }
    }

    /// <summary>The reader's choice: <c>?lang=</c>, else the language they use the site in.</summary>
    public static string Language(string? lang) => lang switch
    {
        null or "" => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en",
        "en" or "zh-CN" => lang,
        _ => throw new BadRequestException($"'lang' must be \"en\" or \"zh-CN\", not \"{lang}\""),
    };

    private static int ExpectedVersion(System.Text.Json.Nodes.JsonObject body) =>
        (int?)body.OptionalLong("expectedVersion") ?? throw new BadRequestException("'expectedVersion' is required: the review version you are changing");
}
