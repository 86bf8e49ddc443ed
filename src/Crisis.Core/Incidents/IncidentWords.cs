using System.Globalization;
using Crisis.Core.Communications;
using Crisis.Core.Localization;

namespace Crisis.Core.Incidents;

/// <summary>
/// An incident's identifiers in the words people read on pages, in emails and in reports: a role key as the role's
/// title, a step id as the step's text, a template id (or an exercise expectation's <c>tpl:</c> target) as the
/// template's title. An identifier the incident does not know is made readable rather than shown as a key.
/// </summary>
public sealed class IncidentWords(IncidentDetails incident, TemplateLibrary templates, string language)
{
    private const string TemplatePrefix = "tpl:";

    public string Role(string key) => incident.Roles.FirstOrDefault(role => role.Key == key)?.Name ?? Readable(key);

    public string Roles(IEnumerable<string> keys) => SharedTexts.List(keys.Select(Role), CultureInfo.GetCultureInfo(language));

    public string Step(string id) => incident.AllSteps.FirstOrDefault(step => step.Id == id)?.Text ?? Readable(id);

    public string Template(string id) => templates.Title(id, language) ?? Readable(id);

    /// <summary>What an exercise expects or waits for: a step, or a message drafted from a template.</summary>
    public string Target(string target) =>
        target.StartsWith(TemplatePrefix, StringComparison.Ordinal) ? Template(target[TemplatePrefix.Length..]) : Step(target);

    /// <summary>"data_types" or "pause-listings" as "Data types" or "Pause listings": for a name nothing gives a title to.</summary>
    public static string Readable(string identifier)
    {
        var words = identifier.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? identifier : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
