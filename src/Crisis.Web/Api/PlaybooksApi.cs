using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Playbooks;

namespace Crisis.Web.Api;

public static class PlaybooksApi
{
    public static void MapPlaybooksApi(this RouteGroupBuilder api)
    {
        var playbooks = api.MapGroup("/playbooks").RequireAuthorization(Permissions.Read);

        playbooks.MapGet("/", (PlaybookLibrary library) => TypedResults.Ok(library.All().Select(PlaybookSummary.From).ToList()))
            .WithName("ListPlaybooks").WithSummary("The playbook library, every language, with each file's lint result");

        playbooks.MapGet("/{id}", (string id, string? language, PlaybookLibrary library) =>
        {
            var result = library.Find(id, language ?? "en") ?? throw new Core.NotFoundException($"no playbook with id '{id}'");
            return TypedResults.Ok(new PlaybookDetail(result.Playbook, !result.HasErrors, DiagnosticView.All(result.Diagnostics)));
        }).WithName("GetPlaybook").WithSummary("One playbook in one language (English unless ?language=) with its phases, steps and diagnostics");
    }
}

/// <summary>A playbook as the library lists it.</summary>
public sealed record PlaybookSummary(
    string Id, string Title, string Category, int Version, string Language, string? Summary, IReadOnlyList<int> Severities,
    int Phases, int Steps, DateTime LastChanged, bool Usable, int Errors, int Warnings)
{
    public static PlaybookSummary From(PlaybookParseResult result) => new(
        result.Playbook.Id, result.Playbook.Title, result.Playbook.Category, result.Playbook.Version, result.Playbook.Language,
        result.Playbook.Summary, result.Playbook.Severities, result.Playbook.Phases.Count, result.Playbook.StepCount,
        File.GetLastWriteTimeUtc(result.Path), !result.HasErrors, result.Errors.Count(), result.Warnings.Count());
}

public sealed record PlaybookDetail(Playbook Playbook, bool Usable, IReadOnlyList<DiagnosticView> Diagnostics);

/// <summary>
/// A problem found in a playbook or template, as the API shows it: <see cref="Code"/> names the kind of problem for
/// programs, the same in every language; <see cref="Message"/> is for people, in the request's language (the language
/// cookie, else Accept-Language), as pages show it.
/// </summary>
public sealed record DiagnosticView(int Line, int Column, string Severity, string? Code, string Message)
{
    public static IReadOnlyList<DiagnosticView> All(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => new DiagnosticView(d.Line, d.Column, d.IsError ? "error" : "warning", d.Code, d.MessageIn(CultureInfo.CurrentUICulture))).ToList();
}
