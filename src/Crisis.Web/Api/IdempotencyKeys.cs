using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crisis.Core.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Crisis.Web.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header on a creating endpoint: a client that is unsure its request arrived (a timeout, a
/// retry) sends it again with the same key and gets the first answer (status, Location and body) instead of a second
/// incident or draft. Keys are the caller's own, kept 24 hours (<see cref="SubmissionLedger.Lifetime"/>); the same key
/// with a different request is refused (422). The key is spent in the change's own transaction, so a refused request
/// (400, 404, 409) spends nothing and may be corrected and sent again under the same key.
/// </summary>
public sealed class IdempotencyKeyFilter(SubmissionLedger ledger, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(HeaderName, out var keys)) return await next(context);
        if (keys is not [var key] || !IsWellFormed(key))
            return TypedResults.Problem($"{HeaderName} must be one value of 1 to 255 visible ASCII characters, such as a UUID", statusCode: StatusCodes.Status400BadRequest);
        var claim = new SubmissionClaim("api", http.User.Identity?.Name ?? "", key!, await Fingerprint(http.Request));
        if (ledger.Find(claim) is null)
        {
            using (ledger.Expect(claim))
            {
                try
                {
                    var result = await next(context);
                    if (claim.Claimed) Store(claim, result);
                    return result;
                }
                catch (RepeatedSubmissionException)
                {
                    // A concurrent request with this key committed first: this one's change was rolled back.
                }
                catch (Exception) when (claim.Claimed)
                {
                    // The change was saved, then the request failed: repeats are told so at once rather than that it
                    // is still running, for as long as the key is kept, and must not make the change a second time.
                    ledger.Answer(claim, StatusCodes.Status500InternalServerError, location: null, JsonSerializer.Serialize(FailedAfterSaving(http), json.Value.SerializerOptions));
                    throw;
                }
            }
        }
        return await Replay(claim, http);
    }

    private async Task<IResult> Replay(SubmissionClaim claim, HttpContext http)
    {
        var first = await ledger.AnswerOf(claim, http.RequestAborted);
        if (first is not null && first.Fingerprint != claim.Fingerprint)
            return TypedResults.Problem($"this {HeaderName} was used with a different request; send a new key for a new request",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        if (first is not { Status: { } status })
            return TypedResults.Problem($"the first request with this {HeaderName} is still being processed; send it again in a moment",
                statusCode: StatusCodes.Status409Conflict);
        http.Response.Headers[ReplayedHeaderName] = "true";
        if (first.Location is { } location) http.Response.Headers.Location = location;
        var contentType = status >= StatusCodes.Status400BadRequest ? "application/problem+json; charset=utf-8" : "application/json; charset=utf-8";
        return TypedResults.Content(first.Body ?? "", contentType, Encoding.UTF8, (int)status);
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails FailedAfterSaving(HttpContext http) => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "The request failed after its change was saved",
        Detail = $"the first request with this {HeaderName} made its change, then failed before answering; look up what it made (GET {http.Request.Path}) instead of sending it again",
    };

    /// <summary>The answer as the endpoint gives it: the typed results these endpoints return carry status, value and location.</summary>
    private void Store(SubmissionClaim claim, object? result)
    {
        // An endpoint that answers one of several results (201 for a new case, 200 for one sent before) wraps the one it chose.
        if (result is INestedHttpResult chosen) result = chosen.Result;
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var value = (result as IValueHttpResult)?.Value;
        var body = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
        // Created<T> and Accepted<T> have a Location but share no interface for it.
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        ledger.Answer(claim, status, location, body);
    }

    private static bool IsWellFormed(string? key) => key is { Length: >= 1 and <= 255 } && key.All(c => c is > ' ' and <= '~');

    /// <summary>What was asked: method, path and the body's JSON (spacing aside; raw bytes if it is not JSON). The body was buffered for this (ApiSetup).</summary>
    private static async Task<string> Fingerprint(HttpRequest request)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        try
        {
            body = JsonNode.Parse(body)?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        return $"{request.Method} {request.Path} {hash}";
    }
}

public static class IdempotencyKeys
{
    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint: see <see cref="IdempotencyKeyFilter"/>.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<IdempotencyKeyFilter>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Keeps a keyed request's body readable after binding, to compare a repeat with the first.</summary>
    public static void BufferKeyedBodies(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(IdempotencyKeyFilter.HeaderName)) context.Request.EnableBuffering();
    }
}
