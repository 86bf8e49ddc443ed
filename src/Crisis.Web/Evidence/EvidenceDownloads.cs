using Crisis.Core;
using Crisis.Core.Evidence;

namespace Crisis.Web.Evidence;

/// <summary>
/// How evidence leaves the server, for the API and the pages alike. An original is only ever a download
/// (<c>Content-Disposition: attachment</c>, <c>nosniff</c>, a sandboxing CSP), under the type its content was found to
/// be, with its SHA-256 in <c>Repr-Digest</c>; it is checked against the recorded hash first, and refused, saying so,
/// when it was altered or is missing. Pictures shown in pages are Crisis's own JPEG copies.
/// </summary>
public static class EvidenceDownloads
{
    public static IResult Original(EvidenceBook evidence, string key, long id, HttpContext context) => Original(evidence.Open(key, id), key, context);

    /// <summary>The file as a download, or a problem saying why it is not given out (deleted, altered, missing).</summary>
    public static IResult Original(EvidenceFile file, string key, HttpContext context)
    {
        var item = file.Item;
        var id = item.Id;
        if (item.IsDeleted)
            return TypedResults.Problem($"evidence {id} of {key} was deleted on {item.DeletedAt:yyyy-MM-dd HH:mm} UTC by {item.DeletedBy}: {item.DeletedReason}",
                statusCode: StatusCodes.Status410Gone, title: "Deleted");
        if (file.State == FileState.Altered)
            return TypedResults.Problem($"the file of evidence {id} was altered after it was attached: its content no longer has the SHA-256 {item.Sha256} on the timeline, so it is not served. Restore it from a backup",
                statusCode: StatusCodes.Status409Conflict, title: "Altered");
        if (file.State == FileState.Missing)
            return TypedResults.Problem($"the file of evidence {id} (SHA-256 {item.Sha256}) is missing from the evidence folder. Restore it from a backup",
                statusCode: StatusCodes.Status404NotFound, title: "Missing");
        Harden(context.Response.Headers, item.Sha256);
        var contentType = item.Type == EvidenceTypes.Text ? "text/plain; charset=utf-8" : item.Type.MediaType;
        return TypedResults.File(file.Content!, contentType, item.DownloadName);
    }

    /// <summary>The picture pages show: Crisis's own JPEG of the image, never the original's bytes.</summary>
    public static IResult Picture(EvidenceBook evidence, string key, long id, bool thumbnail, HttpContext context)
    {
        var item = evidence.Get(key, id);
        if (evidence.Picture(item, thumbnail) is not { } picture) throw new NotFoundException($"evidence {id} of {key} has no picture");
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        return TypedResults.File(picture, "image/jpeg");
    }

    private static void Harden(IHeaderDictionary headers, string sha256)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        headers.CacheControl = "private, no-store";
        headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
    }
}
