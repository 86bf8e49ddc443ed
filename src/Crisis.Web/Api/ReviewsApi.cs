using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Crisis.Pdf;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crisis.Web.Api;

/// <summary>The impact log, the post-incident review and the incident's reports.</summary>
public static class ReviewsApi
{
    public static void MapReviewsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents/{key}");

        incidents.MapGet("/impact", (string key, ImpactLog impact) => TypedResults.Ok(impact.Read(key)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetImpactLog").WithSummary("Impact entries (who, when, figures) and the current value of each measure");
        incidents.MapPost("/impact", (string key, ImpactFigures? body, ClaimsPrincipal user, ImpactLog impact) =>
                TypedResults.Created($"/api/incidents/{key}/impact", impact.Record(key, body ?? new ImpactFigures(), user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("RecordImpact").WithSummary("Record what is known now; leave out what is not (unknown fields are refused)");
        incidents.MapGet("/cases/summary", (string key, IncidentCases cases) => TypedResults.Ok(cases.Summary(key, CultureInfo.CurrentUICulture)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetIncidentCaseSummary")
            .WithSummary("The linked complaint cases summed: count, open, by channel, distinct orders and customers, and cases per day");
        incidents.MapPost("/impact/from-cases", (string key, ClaimsPrincipal user, IncidentCases cases) =>
                TypedResults.Created($"/api/incidents/{key}/impact", cases.RecordImpact(key, user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("RecordImpactFromCases")
            .WithSummary("Record the linked complaint cases' figures as an impact entry (complaints by channel group, orders, customers); 400 when none are linked");

        incidents.MapGet("/review", (string key, PostIncidentReviews reviews) => TypedResults.Ok(reviews.Require(key)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetReview").WithSummary("The post-incident review: content, actions, status and version");
        incidents.MapGet("/review/metrics", (string key, IncidentReports reports) => TypedResults.Ok(reports.ReviewData(key).Metrics))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetReviewMetrics").WithSummary("Metrics taken from the incident's record");
        incidents.MapPost("/review", (string key, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Created($"/api/incidents/{key}/review", reviews.Open(key, user.Actor())))
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("OpenReview").WithSummary("Open the review of a resolved incident");

        // Every change to the review names the version it was made against; a stale one is a conflict.
        var changes = incidents.MapGroup("/review").ProducesProblem(StatusCodes.Status409Conflict);
        changes.MapPost("/content", (string key, ReviewChange<ReviewContent> body, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Ok(reviews.Edit(key, body.Over(reviews.Require(key).Content), body.ExpectedVersion!.Value, user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("EditReview").WithSummary("Save the narrative (Markdown); fields left out keep what the review says now, a field sent as null is emptied");
        changes.MapPost("/submit", (string key, ReviewChange body, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Ok(reviews.SubmitForReview(key, body.ExpectedVersion!.Value, user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("SubmitReview").WithSummary("Submit the draft for the commander's review");
        changes.MapPost("/return", (string key, ReviewReturnBody body, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Ok(reviews.ReturnToDraft(key, body.ExpectedVersion!.Value, user.Actor(), body.Reason ?? "")))
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("ReturnReview").WithSummary("Send the review back to draft, with a reason");
        changes.MapPost("/publish", (string key, ReviewChange body, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Ok(reviews.Publish(key, body.ExpectedVersion!.Value, user.Actor())))
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("PublishReview").WithSummary("Publish the review");
        changes.MapPost("/actions", (string key, ReviewChange<ActionItem> body, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Ok(reviews.AddAction(key, body.Sent, body.ExpectedVersion!.Value, user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("AddReviewAction").WithSummary("Add an action item");
        changes.MapPost("/actions/{id:long}", (string key, long id, ReviewChange<ActionItem> body, ClaimsPrincipal user, PostIncidentReviews reviews) =>
                TypedResults.Ok(reviews.UpdateAction(key, id, body.Sent, body.ExpectedVersion!.Value, user.Actor())))
            .RequireAuthorization(Permissions.ActOnSteps)
            .WithName("UpdateReviewAction").WithSummary("Change an action item, also after the review is published");

        foreach (var (file, name, contentType) in new[]
                 {
                     ("review.pdf", "DownloadReviewPdf", "application/pdf"),
                     ("checklist.pdf", "DownloadChecklistPdf", "application/pdf"),
                     ("review.md", "DownloadReviewMarkdown", "text/markdown"),
                 })
        {
            incidents.MapGet("/" + file, (string key, string? lang, string? paper, IncidentReports reports) =>
                    Download(reports.Export(key, file, Language(lang), Paper(paper))))
                .RequireAuthorization(Permissions.Read)
                .Produces<Stream>(StatusCodes.Status200OK, contentType)
                .WithName(name).WithSummary($"The incident's {file} in ?lang=en|zh-CN (the reader's language by default), on ?paper=A4|Letter");
        }
    }

    public static FileContentHttpResult Download(ReportFile file) => TypedResults.File(file.Content, file.ContentType, file.FileName);

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
}

/// <summary>A change to the review, made against the version the caller read; a stale version is a conflict.</summary>
public record ReviewChange
{
    public const string VersionRequired = "'expectedVersion' is required: the review version you are changing";

    [Required(ErrorMessage = VersionRequired)]
    public int? ExpectedVersion { get; init; }
}

public sealed record ReviewReturnBody : ReviewChange
{
    public string? Reason { get; init; }
}

/// <summary>
/// A change that sends fields of Core's <typeparamref name="T"/> beside <c>expectedVersion</c>. The fields are kept as
/// sent, so that one sent as null (which empties it) can be told from one left out (which keeps what the review says).
/// </summary>
[JsonConverter(typeof(ReviewChangeJson))]
public sealed record ReviewChange<T> : ReviewChange
{
    private readonly IReadOnlyDictionary<string, JsonElement> _fields;
    private readonly JsonSerializerOptions _options;

    internal ReviewChange(T sent, IReadOnlyDictionary<string, JsonElement> fields, JsonSerializerOptions options)
    {
        Sent = sent;
        _fields = fields;
        _options = options;
    }

    /// <summary>The fields as sent; one left out is as a new <typeparamref name="T"/> has it.</summary>
    public T Sent { get; }

    /// <summary>The fields sent laid over <paramref name="current"/>, as a JSON merge does.</summary>
    public T Over(T current)
    {
        var merged = JsonSerializer.SerializeToNode(current, _options)!.AsObject();
        foreach (var (name, value) in _fields)
            merged[name] = JsonSerializer.SerializeToNode(value, _options);
        return merged.Deserialize<T>(_options)!;
    }
}

/// <summary>
/// Reads a <see cref="ReviewChange{T}"/> and refuses at binding, in the words of <see cref="RequestBodyErrors"/>, what
/// typed binding refuses: a field <c>T</c> does not have, a value of the wrong type, no <c>expectedVersion</c>.
/// </summary>
public sealed class ReviewChangeJson : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ReviewChange<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()), options)!;

    private sealed class Converter<T>(JsonSerializerOptions options) : JsonConverter<ReviewChange<T>>
    {
        private readonly JsonSerializerOptions _strict = new(options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        public override ReviewChange<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(ref reader, options)!;
            var version = Bind<ReviewChange>(body, options).ExpectedVersion;
            var fields = body.Where(field => !field.Key.Equals("expectedVersion", StringComparison.OrdinalIgnoreCase)).ToDictionary();
            var sent = Bind<T>(fields, _strict);
            return new ReviewChange<T>(sent, fields, options) { ExpectedVersion = version ?? throw new InvalidFieldException(ReviewChange.VersionRequired) };
        }

        private static TBody Bind<TBody>(Dictionary<string, JsonElement> fields, JsonSerializerOptions options)
        {
            try
            {
                return JsonSerializer.SerializeToElement(fields, options).Deserialize<TBody>(options)!;
            }
            catch (JsonException exception)
            {
                throw new InvalidFieldException(RequestBodyErrors.Describe(exception, typeof(TBody), options));
            }
        }

        public override void Write(Utf8JsonWriter writer, ReviewChange<T> value, JsonSerializerOptions options) =>
            throw new NotSupportedException("a review change is only ever read, from a request");
    }
}
