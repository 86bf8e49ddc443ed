using System.Text.Json;
using System.Text.Json.Serialization;
using Crisis.Core.Cases;
using Crisis.Core.Intake;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Crisis.Web.Api;

/// <summary>
/// <c>POST /api/intake/{source}</c>: the signed webhook monitoring and ticketing tools send cases or an alert to. It takes
/// no token: the call is let in by its signature (<see cref="WebhookGate"/>), read only after that, and refused beyond
/// <see cref="MostBytes"/>. See docs/cases.md, "Webhook intake", for a signed curl call.
/// </summary>
public static class IntakeApi
{
    /// <summary>A thousand cases of full summaries fit; a body this size is read into memory at most once per call.</summary>
    public const int MostBytes = 2 * 1024 * 1024;

    public static void MapIntakeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/intake/{source}", async (string source, HttpContext http, WebhookGate gate, WebhookIntake intake, IOptions<JsonOptions> json) =>
            {
                var body = await ReadBody(http.Request);
                var call = gate.Verify(source, http.Request.Headers[WebhookGate.TimestampHeader], http.Request.Headers[WebhookGate.SignatureHeader], body);
                var sent = Parse(body, json.Value.SerializerOptions);
                if (sent.SentAt != call.SentAt)
                    throw new BadRequestException($"'sentAt' must be in the body and the same as the {WebhookGate.TimestampHeader} header, {call.SentAt}: the signature covers it there");
                return (sent.Cases, sent.Alert) switch
                {
                    ({ } cases, null) => TypedResults.Ok(new IntakeAnswer(intake.TakeCases(call.Source, cases.Select(@case => @case.ToNewCase()).ToList()), null)),
                    (null, { } alert) => TypedResults.Ok(new IntakeAnswer(null, intake.TakeAlert(call.Source, alert))),
                    _ => throw new BadRequestException("send either 'cases' (a list of cases) or 'alert' (one monitoring alert), not both"),
                };
            })
            .AllowAnonymous()
            .Accepts<IntakeBody>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Header(WebhookGate.TimestampHeader, "When the call was signed, in Unix seconds; the body's sentAt repeats it. Refused more than 5 minutes off the server's clock."));
                operation.Parameters.Add(Header(WebhookGate.SignatureHeader, "sha256= and the hex HMAC-SHA256 of the body's exact bytes, keyed with the source's secret. A signature is taken once."));
                return Task.CompletedTask;
            })
            .WithName("Intake")
            .WithSummary("A monitoring or ticketing tool sends cases or an alert, signed with its source's secret (no token)")
            .WithDescription("Cases need externalId, their id in the source: a call sent again adds nothing twice. A case without a channel takes the "
                + "source's. Answers 401 for a missing, wrong, stale or replayed signature, 403 for a disabled source, 404 for an unknown one, 413 beyond 2 MB.");
    }

    private static OpenApiParameter Header(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    /// <summary>The body's exact bytes, which the signature covers, refused past <see cref="MostBytes"/> without reading on.</summary>
    private static async Task<byte[]> ReadBody(HttpRequest request)
    {
        var tooLarge = $"the body is larger than the {MostBytes / (1024 * 1024)} MB a call may send: send the cases in several calls";
        if (request.ContentLength > MostBytes) throw new BadHttpRequestException(tooLarge, StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MostBytes) throw new BadHttpRequestException(tooLarge, StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IntakeBody Parse(byte[] body, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<IntakeBody>(body, options) ?? throw new BadRequestException(RequestBodyErrors.NotAnObject);
        }
        catch (JsonException exception)
        {
            throw new BadRequestException(RequestBodyErrors.Describe(exception, typeof(IntakeBody), options));
        }
    }
}

/// <summary>A webhook call: <see cref="SentAt"/> and either cases or one alert.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IntakeBody
{
    /// <summary>When the call was signed, in Unix seconds: the same number as the X-Crisis-Timestamp header.</summary>
    public long? SentAt { get; init; }

    public IReadOnlyList<IntakeCase>? Cases { get; init; }

    public IntakeAlert? Alert { get; init; }
}

/// <summary>A complaint a tool sends: what a case holds, with its id in the source.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IntakeCase
{
    /// <summary>Required: the case's id in the source, so that a call sent again adds nothing twice.</summary>
    public string? ExternalId { get; init; }
    /// <summary>Where the customer complained; the source's channel when left out.</summary>
    public string? Channel { get; init; }
    public string? Category { get; init; }
    public string? Summary { get; init; }
    public string? OrderId { get; init; }
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    public string? CustomerRef { get; init; }
    public string? CustomerPhone { get; init; }
    public string? CustomerAddress { get; init; }
    /// <summary>When the customer complained (ISO 8601); the time of the call when left out.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>Where the tool's team left it, for a ticket worked there already; new when left out.</summary>
    public string? Status { get; init; }
    /// <summary>When a resolved or closed ticket was resolved (ISO 8601).</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    public NewCase ToNewCase() => new()
    {
        ExternalId = ExternalId, Channel = Channel, Category = Category, Summary = Summary, OrderId = OrderId, Sku = Sku, Batch = Batch,
        CustomerRef = CustomerRef, CustomerPhone = CustomerPhone, CustomerAddress = CustomerAddress, ReceivedAt = ReceivedAt, Status = Status,
        ResolvedAt = ResolvedAt,
    };
}

/// <summary>What a call stored: each case's id here (and whether it is new), or the alert's.</summary>
public sealed record IntakeAnswer(IReadOnlyList<IntakeCaseReceipt>? Cases, IntakeAlertReceipt? Alert);
