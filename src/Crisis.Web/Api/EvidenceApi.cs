using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Evidence;
using Crisis.Reports;
using Crisis.Web.Evidence;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Api;

/// <summary>Evidence attached to an incident, its legal hold and the evidence bundle (docs/evidence.md).</summary>
public static class EvidenceApi
{
    public static void MapEvidenceApi(this RouteGroupBuilder api)
    {
        var settings = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<EvidenceSettings>();
        // Above this the server stops reading (413 from the server): twice the file limit, so a file a little too large gets its own answer.
        var maxRequestBytes = 2 * settings.MaxFileBytes + 1024 * 1024;
        var incident = api.MapGroup("/incidents/{key}");

        incident.MapGet("/evidence", (string key, EvidenceBook evidence) => TypedResults.Ok(new EvidenceList(evidence.List(key), evidence.Hold(key), evidence.MaxFileBytes)))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListEvidence").WithSummary("The incident's evidence in the order attached, deleted files as tombstones, and its legal hold");

        incident.MapPost("/evidence", Attach)
            .RequireAuthorization(Permissions.AttachEvidence)
            // Bearer tokens only reach the API, and a browser never sends one by itself: there is no cross-site form to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: maxRequestBytes)
            .Accepts<EvidenceForm>("multipart/form-data")
            .Produces<EvidenceItem>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("AttachEvidence")
            .WithSummary("Attach a file as evidence: multipart field 'file', with 'title', 'description', 'source', 'collectedBy', 'collectedAt' (ISO 8601), " +
                "'attachedTo' (incident, step, message, case or review) and 'attachedRef' (the step's, message's or linked case's id), and 'removeLocation' (true to blank a photo's GPS position)")
            .WithDescription("The type is told from the content, not the name: photos, PDF, Office documents, emails (.eml) and plain text are taken; HTML, SVG, " +
                "programs and archives are refused (415). Above the size limit, 413. The file's SHA-256, size and type go on the timeline.");

        incident.MapGet("/evidence/{id:long}", (string key, long id, EvidenceBook evidence) => TypedResults.Ok(evidence.Get(key, id)))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetEvidence").WithSummary("One piece of evidence: its record, or its tombstone");

        incident.MapGet("/evidence/{id:long}/file", (string key, long id, EvidenceBook evidence, HttpContext context) => EvidenceDownloads.Original(evidence, key, id, context))
            .RequireAuthorization(Permissions.Read)
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithName("DownloadEvidence")
            .WithSummary("The file as attached, as a download; its SHA-256 is checked first and sent in Repr-Digest")
            .WithDescription("409 when the stored file no longer has the recorded hash (altered), 404 when it is missing, 410 when it was deleted.");

        incident.MapGet("/evidence/{id:long}/picture", (string key, long id, bool? thumbnail, EvidenceBook evidence, HttpContext context) =>
                EvidenceDownloads.Picture(evidence, key, id, thumbnail == true, context))
            .RequireAuthorization(Permissions.Read)
            .Produces<Stream>(StatusCodes.Status200OK, "image/jpeg")
            .WithName("EvidencePicture").WithSummary("An image's copy as pages show it: upright, scaled, a JPEG without metadata (thumbnail=true for 320 px)");

        incident.MapDelete("/evidence/{id:long}", (string key, long id, ReasonBody body, ClaimsPrincipal user, EvidenceBook evidence) =>
            {
                evidence.Delete(key, id, body.Reason, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManageIncidents)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteEvidence").WithSummary("Delete a file, with the reason; its record stays as a tombstone on the list and the timeline (409 under legal hold)");

        incident.MapPut("/evidence/{id:long}/in-review", (string key, long id, InReviewBody body, ClaimsPrincipal user, EvidenceBook evidence) =>
            {
                evidence.ShowInReview(key, id, body.Shown!.Value, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("ShowEvidenceInReview").WithSummary("Show an image in the review report (shown: true), or no longer");

        incident.MapPut("/legal-hold", (string key, ReasonBody body, ClaimsPrincipal user, EvidenceBook evidence) =>
            {
                evidence.PlaceHold(key, body.Reason, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("PlaceLegalHold").WithSummary("Put the incident under legal hold, with the reason: no evidence may be deleted and retention purges pass it by");

        incident.MapDelete("/legal-hold", (string key, ReasonBody body, ClaimsPrincipal user, EvidenceBook evidence) =>
            {
                evidence.LiftHold(key, body.Reason, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("LiftLegalHold").WithSummary("Lift the legal hold, with the reason");

        incident.MapGet("/evidence.zip", (string key, string? lang, EvidenceBundles bundles) =>
                TypedResults.File(bundles.Write(key, ReviewsApi.Language(lang)), "application/zip", EvidenceBundles.FileName(key)))
            .RequireAuthorization(Permissions.Read)
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .WithName("ExportEvidenceBundle")
            .WithSummary("Every file, the timeline as JSON and as a readable PDF, a manifest of hashes and the signed chain head, in one zip")
            .WithDescription("VERIFY.md inside says how someone outside the company checks it: sha256sum, openssl, or `crisis verify-evidence`.");
    }

    private static async Task<IResult> Attach(string key, HttpRequest request, ClaimsPrincipal user, EvidenceBook evidence)
    {
        var form = await MultipartForms.ReadAsync(request, "send a multipart form (multipart/form-data) with the file as the field 'file'");
        var file = form.Files["file"] ?? throw new BadRequestException("send the file as the multipart field 'file'");
        var added = evidence.Add(key, EvidenceForms.Read(file, form, evidence.MaxFileBytes), user.Actor());
        return TypedResults.Created($"/api/incidents/{key}/evidence/{added.Id}", added);
    }
}

public sealed record EvidenceList(IReadOnlyList<EvidenceItem> Items, LegalHold? LegalHold, long MaxFileBytes);

/// <summary>The form <c>POST /api/incidents/{key}/evidence</c> takes, as the API document describes it.</summary>
public sealed record EvidenceForm(IFormFile File, string? Title, string? Description, string? Source, string? CollectedBy, DateTimeOffset? CollectedAt,
    string? AttachedTo, string? AttachedRef, bool? RemoveLocation);

public sealed record ReasonBody
{
    [Required(ErrorMessage = "'reason' says why, for the timeline")]
    public string? Reason { get; init; }
}

public sealed record InReviewBody
{
    [Required(ErrorMessage = "'shown' is true to show the image in the review report, false to stop")]
    public bool? Shown { get; init; }
}
