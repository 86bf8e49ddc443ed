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
        if (incident.Language == language || library.Find(incident.PlaybookId, language) is not { HasErrors: false, Playbook: var twin } || twin.Language != language)
            return incident;
        var roles = twin.Roles.ToDictionary(role => role.Key, role => role.Name);
        var steps = twin.Phases.SelectMany(phase => phase.Steps).SelectMany(step => step.SubSteps.Prepend(step))
            .DistinctBy(step => step.Id).ToDictionary(step => step.Id, step => step.Text);
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
}
