using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Crisis.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Crisis.Web.Api;

/// <summary>A request parameter that cannot be understood.</summary>
public sealed class BadRequestException(string message) : DomainException(message);

/// <summary>
/// Every refusal the API gives is a problem detail that says what is wrong: the domain's exceptions, a body or parameter
/// the framework could not bind, a body that fails its declared rules, and a font the server lacks. This is the only
/// place in the API that catches them.
/// </summary>
public sealed class ApiProblems(IOptions<JsonOptions> options, Crisis.Core.Storage.Database database) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!context.Request.Path.StartsWithSegments(ApiSetup.Prefix)) return false;
        var body = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (Problem(exception, context, body) is not { } problem) return false;
        var extensions = new Dictionary<string, object?>();
        // The field a refusal is about, as the request named it, so a client can show the problem beside it.
        if (exception is DomainException { Field: { } field }) extensions["field"] = field;
        // Open steps that stop a resolve come with the list, so a client can show them and ask for a reason.
        if (exception is Core.Incidents.OpenStepsException open) extensions["openSteps"] = open.Steps;
        await TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: TitleFor(problem.Status), extensions: extensions).ExecuteAsync(context);
        return true;
    }

    private (int Status, string Detail)? Problem(Exception exception, HttpContext context, IAcceptsMetadata? body) => exception switch
    {
        BadRequestException or RuleViolationException => (StatusCodes.Status400BadRequest, exception.Message),
        NotFoundException => (StatusCodes.Status404NotFound, exception.Message),
        Core.Intake.SignatureRefusedException => (StatusCodes.Status401Unauthorized, exception.Message),
        ForbiddenException => (StatusCodes.Status403Forbidden, exception.Message),
        ConflictException or Core.Incidents.OpenStepsException => (StatusCodes.Status409Conflict, exception.Message),
        Core.Evidence.FileTooLargeException => (StatusCodes.Status413PayloadTooLarge, exception.Message),
        Core.Evidence.UnsupportedFileException => (StatusCodes.Status415UnsupportedMediaType, exception.Message),
        Pdf.Text.MissingFontException => (StatusCodes.Status500InternalServerError, exception.Message),
        // The disk or the file refused the write (full, read-only, no permission): the request was fine and may be sent
        // again once an admin has fixed the storage; what is stored can still be read.
        _ when database.Health.Failed(exception) =>
            (StatusCodes.Status503ServiceUnavailable, $"the server cannot save changes now: {Crisis.Core.Storage.StorageFailure.Of(exception)!.Reason}. Reading still works; send this again once an admin has fixed the storage"),
        BadHttpRequestException { InnerException: JsonException json } bad =>
            (bad.StatusCode, RequestBodyErrors.Describe(json, body?.RequestType, options.Value.SerializerOptions)),
        BadHttpRequestException bad when body is { IsOptional: false, RequestType: { } type } && !HasBody(context) =>
            (bad.StatusCode, RequiredFields(type)),
        // A body that is there yet bound to nothing was JSON null (these bodies take no other parameter that could fail).
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when body is { IsOptional: false, RequestType: not null } =>
            (bad.StatusCode, RequestBodyErrors.NotAnObject),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        _ => null,
    };

    private static bool HasBody(HttpContext context) => context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    /// <summary>
    /// A body of JSON null binds as no body at all. Where the body may be left out, it is refused here as it always was:
    /// null is no more an object than [1, 2] is. (Where the body is required, the framework refuses it before any filter.)
    /// </summary>
    public static ValueTask<object?> RefuseNullBody(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: true, RequestType: { } body }
        && HasBody(invocation.HttpContext) && !invocation.Arguments.Any(body.IsInstanceOfType)
            ? throw new BadRequestException(RequestBodyErrors.NotAnObject)
            : next(invocation);

    /// <summary>No body at all answers as an empty object does: with what the body must hold.</summary>
    private static string RequiredFields(Type body) =>
        string.Join("; ", body.GetProperties().Select(property => property.GetCustomAttribute<RequiredAttribute>()?.ErrorMessage).OfType<string>()) is { Length: > 0 } fields
            ? fields
            : "the request body is missing";

    /// <summary>
    /// The problem details the framework writes itself read like ours. A body that breaks its declared rules
    /// (<c>[Required]</c> and the like) gets our title and its messages as the detail, keeping the per-field
    /// <c>errors</c> map under the fields' JSON names; a body that is not JSON is told what to send.
    /// </summary>
    public static void Explain(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails validation)
        {
            validation.Title = TitleFor(StatusCodes.Status400BadRequest);
            validation.Detail = string.Join("; ", validation.Errors.SelectMany(field => field.Value));
            validation.Errors = validation.Errors.ToDictionary(field => JsonNamingPolicy.CamelCase.ConvertName(field.Key), field => field.Value);
        }
        // The framework's own 415 (a body that is not JSON) has no detail; a refused upload comes with its reason.
        else if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && string.IsNullOrEmpty(context.ProblemDetails.Detail))
        {
            context.ProblemDetails.Detail = "the request body must be JSON, sent with 'Content-Type: application/json'";
        }
    }

    private static string TitleFor(int status) => status switch
    {
        400 => "The request is not valid",
        401 => "The signature was refused",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        500 => "The server cannot do this until it is fixed",
        503 => "Changes cannot be saved right now",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
