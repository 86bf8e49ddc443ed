using Crisis.Core.Evidence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Evidence;

/// <summary>
/// The evidence page's forms may carry a file up to the configured limit, and a little over it to be refused in words.
/// Set as soon as the page is routed: its antiforgery check reads the whole form before any handler or page filter
/// runs, under the server's default limit (about 28.6 MB), which the configured limit may exceed.
/// </summary>
public static class EvidenceUploadLimit
{
    public const string EvidencePage = "/Incidents/Evidence";

    public static Task Apply(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == EvidencePage
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 2 * context.RequestServices.GetRequiredService<EvidenceSettings>().MaxFileBytes + 1024 * 1024;
        }
        return next(context);
    }
}
