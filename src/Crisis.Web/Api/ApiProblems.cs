using System.Text.Json;
using System.Text.Json.Nodes;
using Crisis.Core;

namespace Crisis.Web.Api;

/// <summary>A request body or parameter that cannot be understood.</summary>
public sealed class BadRequestException(string message) : DomainException(message);

/// <summary>Turns the domain's exceptions into problem-details responses that say what is wrong.</summary>
public static class ApiProblems
{
    public static RouteGroupBuilder WithProblemDetails(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception exception) when (StatusFor(exception) is { } status)
            {
                return Results.Problem(detail: exception.Message, statusCode: status, title: TitleFor(status));
            }
        });
        return group;
    }

    private static int? StatusFor(Exception exception) => exception switch
    {
        BadRequestException or RuleViolationException => StatusCodes.Status400BadRequest,
        NotFoundException => StatusCodes.Status404NotFound,
        ForbiddenException => StatusCodes.Status403Forbidden,
        ConflictException => StatusCodes.Status409Conflict,
        Pdf.Text.MissingFontException => StatusCodes.Status500InternalServerError,
        _ => null,
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "The request is not valid",
        403 => "Not allowed",
        404 => "Not found",
        500 => "The server cannot do this until it is fixed",
        _ => "Conflict",
    };

    /// <summary>Reads the body as a JSON object; an empty body is an empty object.</summary>
    public static async Task<JsonObject> ReadJsonObject(this HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new BadRequestException("the request body must be a JSON object");
        }
        catch (JsonException exception)
        {
            throw new BadRequestException($"the request body is not valid JSON: {exception.Message}");
        }
    }

    private static readonly JsonSerializerOptions StrictJson = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>The body as <typeparamref name="T"/>; unknown or mistyped fields are a 400 that names them.</summary>
    public static T As<T>(this JsonObject body, params string[] alsoAllowed)
    {
        var copy = body.DeepClone().AsObject();
        foreach (var name in alsoAllowed)
            copy.Remove(name);
        try
        {
            return copy.Deserialize<T>(StrictJson) ?? throw new BadRequestException("the request body is empty");
        }
        catch (JsonException exception)
        {
            throw new BadRequestException($"the request body does not fit: {exception.Message}");
        }
    }

    public static string RequiredString(this JsonObject body, string name) =>
        body.OptionalString(name) is { Length: > 0 } value ? value : throw new BadRequestException($"'{name}' is required");

    public static string? OptionalString(this JsonObject body, string name)
    {
        var node = body[name];
        if (node is null) return null;
        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new BadRequestException($"'{name}' must be a string");
    }

    public static long? OptionalLong(this JsonObject body, string name)
    {
        var node = body[name];
        if (node is null) return null;
        return node is JsonValue value && value.TryGetValue<long>(out var number)
            ? number
            : throw new BadRequestException($"'{name}' must be a whole number");
    }

    public static IReadOnlyList<string>? OptionalStrings(this JsonObject body, string name)
    {
        var node = body[name];
        if (node is null) return null;
        if (node is JsonArray array && array.All(item => item is JsonValue value && value.TryGetValue<string>(out _)))
        {
            return array.Select(item => item!.GetValue<string>()).ToList();
        }
        throw new BadRequestException($"'{name}' must be a list of strings");
    }

    /// <summary>A JSON value of type <typeparamref name="T"/> (a number, true or false), or null when absent; a 400 when it is something else.</summary>
    public static T? Optional<T>(this JsonObject body, string name) where T : struct
    {
        if (body[name] is not { } node) return null;
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            throw new BadRequestException($"'{name}' must be {(typeof(T) == typeof(bool) ? "true or false" : "a number")}");
        }
    }

    /// <summary>Severity as 1 or "SEV1".</summary>
    public static int RequiredSeverity(this JsonObject body)
    {
        var node = body["severity"] ?? throw new BadRequestException("'severity' is required (1 for SEV1, the worst)");
        if (node is JsonValue value)
        {
            if (value.TryGetValue<int>(out var number)) return number;
            if (value.TryGetValue<string>(out var text) && text.StartsWith("SEV", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(text.AsSpan(3), out var parsed))
            {
                return parsed;
            }
        }
        throw new BadRequestException("'severity' must be a number such as 1 or a name such as \"SEV1\"");
    }
}
