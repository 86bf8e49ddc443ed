using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Crisis.Web.Pages;

/// <summary>
/// A form the framework refuses to read (a NUL character in a value, an encoding it cannot decode) answers 400 with
/// the status page, not an empty 500. Error pages are re-executed with the failed request's method and body, so an
/// error page never reads the form: it would fail on the same form again and leave the reader a blank page.
/// </summary>
public static class UnreadableForms
{
    public static async Task Answer(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
            SetAside(context);
        try
        {
            await next(context);
        }
        catch (InvalidDataException exception) when (!context.Response.HasStarted && context.Request.HasFormContentType)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UnreadableForms))
                .LogWarning("{Method} {Path}: the form cannot be read: {Error}", context.Request.Method, context.Request.Path, exception.Message);
            SetAside(context);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    private static void SetAside(HttpContext context)
    {
        context.Request.ContentType = null;
        context.Request.ContentLength = 0;
        context.Request.Body = Stream.Null;
        context.Features.Set<IFormFeature>(null);
    }
}
