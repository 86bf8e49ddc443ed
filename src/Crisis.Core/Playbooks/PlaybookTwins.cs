using Crisis.Core.Incidents;

namespace Crisis.Core.Playbooks;

/// <summary>
/// A playbook's twin in another language (product-recall.md and product-recall.zh-CN.md share the id, the role keys
/// and the step ids, and keep each step in the same phase). Reports written in the twin's language use its names.
/// </summary>
public static class PlaybookTwins
{
    /// <summary>
    /// The incident with its playbook title, phase titles, role names and step texts from the playbook's twin in
    /// <paramref name="language"/>, where the library has one; anything the twin lacks keeps the incident's own name.
    /// </summary>
    public static IncidentDetails InLanguage(this PlaybookLibrary library, IncidentDetails incident, string language)
    {
        if (SameLanguage(incident.Language, language) || library.Twin(incident.PlaybookId, language) is not { } twin)
            return incident;
        var roles = twin.Roles.ToDictionary(role => role.Key, role => role.Name);
        var steps = StepTexts(twin);
        var phaseOfStep = twin.Phases.SelectMany(phase => phase.Steps.SelectMany(step => step.SubSteps.Prepend(step)).Select(step => (step.Id, phase.Title)))
            .DistinctBy(pair => pair.Id).ToDictionary(pair => pair.Id, pair => pair.Title);
        return incident with
        {
            PlaybookTitle = twin.Title,
            Roles = incident.Roles.Select(role => role with { Name = roles.GetValueOrDefault(role.Key, role.Name) }).ToList(),
            Phases = incident.Phases.Select(phase => phase with
            {
                Title = phase.Steps.Select(step => phaseOfStep.GetValueOrDefault(step.Id)).FirstOrDefault(title => title is not null) ?? phase.Title,
                Steps = phase.Steps.Select(step => step with { Text = steps.GetValueOrDefault(step.Id, step.Text) }).ToList(),
            }).ToList(),
        };
    }

    /// <summary>
    /// Each exercise's step with its text from its playbook's twin in <paramref name="language"/>, where the library has
    /// one, as the exercise's incident page shows it; a real incident's steps stay in the language it was opened in.
    /// </summary>
    public static IReadOnlyList<OwnedStep> InLanguage(this PlaybookLibrary library, IReadOnlyList<OwnedStep> steps, string language)
    {
        var twinSteps = new Dictionary<string, IReadOnlyDictionary<string, string>?>();
        return steps.Select(step =>
        {
            if (!step.IsExercise || SameLanguage(step.Language, language)) return step;
            if (!twinSteps.TryGetValue(step.PlaybookId, out var texts))
                twinSteps[step.PlaybookId] = texts = library.Twin(step.PlaybookId, language) is { } twin ? StepTexts(twin) : null;
            return texts?.GetValueOrDefault(step.StepId) is { } text ? step with { Text = text } : step;
        }).ToList();
    }

    /// <summary>The playbook's roles named as its twin in <paramref name="language"/> names them, where the library has one.</summary>
    public static IReadOnlyList<PlaybookRole> RolesIn(this PlaybookLibrary library, string playbookId, IReadOnlyList<PlaybookRole> roles, string language) =>
        library.Twin(playbookId, language) is { } twin
            ? roles.Select(role => role with { Name = twin.Roles.FirstOrDefault(named => named.Key == role.Key)?.Name ?? role.Name }).ToList()
            : roles;

    /// <summary>A step's text as the playbook's twin in <paramref name="language"/> words it, where the library has one; else <paramref name="text"/>.</summary>
    public static string StepIn(this PlaybookLibrary library, string playbookId, string stepId, string text, string language) =>
        library.Twin(playbookId, language) is { } twin ? StepTexts(twin).GetValueOrDefault(stepId, text) : text;

    /// <summary>A role's title as the playbook's twin in <paramref name="language"/> names it, else as the library names the key.</summary>
    public static string RoleIn(this PlaybookLibrary library, string playbookId, string roleKey, string language) =>
        library.Twin(playbookId, language)?.Roles.FirstOrDefault(role => role.Key == roleKey)?.Name ?? library.RoleTitle(roleKey, language);

    /// <summary>Every step's and sub-step's text, by step id.</summary>
    private static Dictionary<string, string> StepTexts(Playbook playbook) =>
        playbook.Phases.SelectMany(phase => phase.Steps).SelectMany(step => step.SubSteps.Prepend(step))
            .DistinctBy(step => step.Id).ToDictionary(step => step.Id, step => step.Text);

    /// <summary>
    /// The playbook in <paramref name="language"/> ("zh-CN", or a reader's "zh" or "en-GB" alike), if the library has it
    /// without errors.
    /// </summary>
    private static Playbook? Twin(this PlaybookLibrary library, string playbookId, string language) =>
        library.All().FirstOrDefault(result => !result.HasErrors && result.Playbook.Id == playbookId && SameLanguage(result.Playbook.Language, language))?.Playbook;

    /// <summary>Whether the library has the playbook in <paramref name="language"/>, for an exercise's page to read it in.</summary>
    public static bool HasTwin(this PlaybookLibrary library, string playbookId, string language) => library.Twin(playbookId, language) is not null;

    /// <summary>Whether two languages are the same for reading ("zh-CN" and a reader's "zh", "en" and "en-GB").</summary>
    public static bool SameLanguage(string one, string other) =>
        string.Equals(one.Split('-')[0], other.Split('-')[0], StringComparison.OrdinalIgnoreCase);
}
