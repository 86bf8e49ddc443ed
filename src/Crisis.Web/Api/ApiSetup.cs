using System.Net.Mime;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Crisis.Core.Incidents;
using Microsoft.Net.Http.Headers;

namespace Crisis.Web.Api;

/// <summary>The JSON API under /api, and the OpenAPI document that describes it at /openapi/v1.json.</summary>
public static class ApiSetup
{
    public const string Prefix = "/api";

    public static IServiceCollection AddCrisisApi(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblems.Explain);
        services.AddExceptionHandler<ApiProblems>();
        // A body or parameter that does not bind throws instead of answering a bare 400, so ApiProblems can say why.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.Converters.Add(new JsonStringEnumConverter());
            // A body is read as written: a number is not a string of digits, and a key comes once.
            json.NumberHandling = JsonNumberHandling.Strict;
            json.AllowDuplicateProperties = false;
            // Core's record is the impact body as it stands; a misspelt measure must not record nothing without a word.
            // Its figures may also come as strings of digits ("3"), as the API has always taken them; other bodies never did.
            json.TypeInfoResolver = json.TypeInfoResolver!.WithAddedModifier(info =>
            {
                // A change sends only what changes, so a misspelt field would change nothing without a word.
                if (info.Type == typeof(Core.FollowUps.FollowUpChange) || info.Type == typeof(Core.Risks.RiskFields)) info.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
                if (info.Type != typeof(ImpactFigures)) return;
                info.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
                info.NumberHandling = JsonNumberHandling.AllowReadingFromString;
            });
        });
        services.AddOpenApi(ApiDocument.Configure);
        return services;
    }

    /// <summary>
    /// API answers are problem details, whether an exception, the status-code pages or validation made them; a body is
    /// read as JSON whatever it is labelled.
    /// </summary>
    public static void UseCrisisApi(this IApplicationBuilder api)
    {
        api.UseExceptionHandler();
        api.UseStatusCodePages();
        api.Use(ReadBodyAsJson);
    }

    /// <summary>
    /// The API has always read a body as JSON: <c>curl -d</c> labels it form-urlencoded, and scripts often send no content
    /// type or text/plain. Such a body is relabelled before binding, which takes only JSON; multipart is left for uploads.
    /// </summary>
    private static Task ReadBodyAsJson(HttpContext context, RequestDelegate next)
    {
        if (IsLabelledLoosely(context.Request.ContentType)) context.Request.ContentType = MediaTypeNames.Application.Json;
        IdempotencyKeys.BufferKeyedBodies(context);
        return next(context);
    }

    private static bool IsLabelledLoosely(string? contentType) =>
        string.IsNullOrEmpty(contentType)
        || MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals(MediaTypeNames.Application.FormUrlEncoded, StringComparison.OrdinalIgnoreCase)
                || media.Type.Equals("text", StringComparison.OrdinalIgnoreCase));

    public static void MapCrisisApi(this WebApplication app)
    {
        // Anonymous: the document holds no data, only the API's shape (as the README does), and an integrator
        // generating a client fetches it with a build tool that has no browser session.
        app.MapOpenApi().AllowAnonymous();

        var api = app.MapGroup(Prefix)
            .AddEndpointFilter(ApiProblems.RefuseNullBody)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPlaybooksApi();
        api.MapIncidentsApi();
        api.MapPeopleApi();
        api.MapMessagesApi();
        api.MapReviewsApi();
        api.MapExercisesApi();
        api.MapCasesApi();
        api.MapCaseImportApi();
        api.MapIntakeApi();
        api.MapSignalsApi();
        api.MapInsightsApi();
        api.MapRisksApi();
        api.MapFollowUpsApi();
        api.MapChatApi();
        api.MapStatusUpdatesApi();
        api.MapEvidenceApi();
    }
}
