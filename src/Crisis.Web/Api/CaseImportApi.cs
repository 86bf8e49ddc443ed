using System.Globalization;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Cases.Import;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Api;

/// <summary>
/// <c>POST /api/cases/import</c>: a platform's or 12315's export (CSV or XLSX) as complaint cases, through the mapping
/// sent with it or the one remembered for its source. The good rows are imported and the bad ones answered by row and
/// column, with the reason in the request's language.
/// </summary>
public static class CaseImportApi
{
    /// <summary>Above this the server stops reading (413): twice the file limit, so a file a little too large still gets its own answer.</summary>
    private const long MaxRequestBytes = 2L * CaseImport.MaxFileBytes;

    public static void MapCaseImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/cases/import", Import)
            .RequireAuthorization(Permissions.WorkCases)
            // Bearer tokens only reach the API, and a browser never sends one by itself: there is no cross-site form to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes)
            .Accepts<CaseImportForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("ImportCases")
            .WithSummary("Import a CSV (UTF-8 or GB18030) or XLSX export as cases: multipart fields 'file', 'source' and, unless the source's " +
                "mapping is remembered, 'mapping' (JSON). Good rows are imported, bad ones listed by row and column; a row seen before is not added twice");
    }

    /// <summary>
    /// The form is read here rather than bound: a body that is not a readable multipart form (cut short, or another
    /// content type) is then refused saying what to send, where binding answers a bare 400.
    /// </summary>
    private static async Task<Results<Ok<CaseImportAnswer>, ProblemHttpResult>> Import(HttpRequest request, ClaimsPrincipal user, CaseImport import)
    {
        var form = await MultipartForms.ReadAsync(request,
            "send a multipart form (multipart/form-data) with the fields file, source and, unless the source's mapping is remembered, mapping");
        var file = form.Files["file"] ?? throw new BadRequestException("send the export as the multipart field 'file'");
        var source = form["source"].ToString();
        var mapping = form["mapping"].ToString();
        if (file.Length > CaseImport.MaxFileBytes)
        {
            return TypedResults.Problem($"the file is {file.Length / 1048576.0:0.0} MB; the limit is {CaseImport.MaxFileBytes / 1048576} MB: split the export",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large");
        }
        var name = CaseImport.SourceName(source);
        using var content = new MemoryStream();
        await file.CopyToAsync(content);
        var read = CaseFiles.Read(file.FileName, content.ToArray());
        var used = import.MappingFor(name, read, mapping.Length > 0 ? CaseImportMapping.FromJson(mapping) : null);
        var result = import.Import(name, read, used, user.Actor());
        return TypedResults.Ok(new CaseImportAnswer(name, result.Rows, result.Imported, result.AlreadyThere, result.RefusedRows,
            result.Problems.Select(problem => new RefusedCell(problem.Row, problem.Column, problem.Field, problem.Reason(CultureInfo.CurrentUICulture))).ToList(),
            used));
    }
}

/// <summary>The form <c>POST /api/cases/import</c> takes, as the API document describes it: the export, its source's name, and the mapping as JSON.</summary>
public sealed record CaseImportForm(IFormFile File, string Source, string? Mapping);

/// <summary>What an import did; <see cref="Refused"/> names each wrong cell, its reason in the request's language.</summary>
public sealed record CaseImportAnswer(string Source, int Rows, int Imported, int AlreadyThere, int RefusedRows, IReadOnlyList<RefusedCell> Refused, CaseImportMapping Mapping);

/// <summary>One refused field of one row: its row number in the file (the header is row 1) and the file's column, if a column gave it.</summary>
public sealed record RefusedCell(int Row, string? Column, string Field, string Reason);
