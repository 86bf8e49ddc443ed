using Crisis.Core.Accounts;
using Crisis.Core.Playbooks;

namespace Crisis.Web.Api;

public static class PlaybooksApi
{
    public static void MapPlaybooksApi(this RouteGroupBuilder api)
    {
        var playbooks = api.MapGroup("/playbooks").RequireAuthorization(Permissions.Read);

        playbooks.MapGet("/", (PlaybookLibrary library) => library.All().Select(result => new
        {
            result.Playbook.Id,
            result.Playbook.Title,
            result.Playbook.Category,
            result.Playbook.Version,
            result.Playbook.Language,
            result.Playbook.Summary,
            result.Playbook.Severities,
            Phases = result.Playbook.Phases.Count,
            Steps = result.Playbook.StepCount,
            LastChanged = File.GetLastWriteTimeUtc(result.Path),
            Usable = !result.HasErrors,
            Errors = result.Errors.Count(),
            Warnings = result.Warnings.Count(),
        }));

        playbooks.MapGet("/{id}", (string id, string? language, PlaybookLibrary library) =>
        {
            var result = library.Find(id, language ?? "en") ?? throw new Core.NotFoundException($"no playbook with id '{id}'");
            return new
            {
                result.Playbook,
                Usable = !result.HasErrors,
                Diagnostics = result.Diagnostics.Select(d => new { d.Line, d.Column, Severity = d.IsError ? "error" : "warning", d.Message }),
            };
        });
    }
}
