using Crisis.Core.Playbooks;
using Crisis.Core.Playbooks.Import;

namespace Crisis.Web.Cli;

/// <summary>What <c>crisis import</c> tells the person importing: each inferred deadline and owner with where it came from, then the warnings.</summary>
internal static class ImportReport
{
    public static void Write(ImportDraft draft, PlaybookParseResult native, string file, TextWriter writer)
    {
        var steps = draft.AllSteps.ToList();
        writer.WriteLine($"{file}: {draft.Phases.Count} phases, {steps.Count} steps, imported as '{native.Playbook.Id}' ({native.Playbook.Language}, {native.Playbook.Category})");
        foreach (var step in steps.Where(step => step.DueInferred))
        {
            writer.WriteLine($"{file}:{step.DueLine}: inferred due:{step.Due} from \"{step.DuePhrase}\" for '{Shorten(step.Text)}'");
        }
        foreach (var step in steps.Where(step => step.OwnerPhrase is not null))
        {
            writer.WriteLine(step.Role is { } role
                ? $"{file}:{step.OwnerLine}: inferred @{role} from \"{step.OwnerPhrase}\" for '{Shorten(step.Text)}'"
                : $"{file}:{step.OwnerLine}: no role for \"{step.OwnerPhrase}\" (step '{Shorten(step.Text)}'): add it to Crisis:Import:OwnerSynonyms or write @role");
        }
        foreach (var diagnostic in draft.Parsed.Diagnostics) writer.WriteLine(diagnostic);
        // The converted playbook's warnings repeat the source's (steps without owners); its errors would be a conversion bug.
        foreach (var diagnostic in native.Errors) writer.WriteLine(diagnostic);
        writer.WriteLine($"{steps.Count(step => step.DueInferred)} deadlines and {steps.Count(step => step.RoleInferred)} owners inferred: check them; " +
            $"{draft.Parsed.Diagnostics.Count(d => !d.IsError)} warnings; the converted playbook has {native.Errors.Count()} errors");
    }

    private static string Shorten(string text) => text.Length <= 50 ? text : text[..50] + "…";
}
