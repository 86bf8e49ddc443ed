using System.Globalization;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;
using Crisis.Core.Text;

namespace Crisis.Core.Communications;

/// <summary>The templates in one folder, one file per template and language, re-read when a file changes.</summary>
public sealed class TemplateLibrary(string folder)
{
    private readonly FileCache<TemplateParseResult> _files = new(TemplateParser.ParseFile);

    public string Folder { get; } = Path.GetFullPath(folder);

    public IReadOnlyList<TemplateParseResult> All() => CrossCheck(_files.Read(Folder));

    /// <summary>Every template id in the folder, including templates with errors: those exist, their errors are reported on them.</summary>
    public IReadOnlySet<string> Ids() => All().Select(r => r.Template.Id).ToHashSet();

    /// <summary>The template in the language asked for, else English.</summary>
    public MessageTemplate Get(string id, string language)
    {
        var matches = All().Where(r => r.Template.Id == id && !r.HasErrors).Select(r => r.Template).ToList();
        return matches.FirstOrDefault(t => t.Language == language)
            ?? matches.FirstOrDefault(t => t.Language == "en")
            ?? throw new NotFoundException($"no usable template with id '{id}'");
    }

    /// <summary>The title of a template in the language asked for, else in English; null for an unknown id.</summary>
    public string? Title(string id, string language)
    {
        var titles = All().Where(r => r.Template.Id == id).Select(r => r.Template).ToList();
        return (titles.FirstOrDefault(t => t.Language == language) ?? titles.FirstOrDefault(t => t.Language == "en") ?? titles.FirstOrDefault())?.Title;
    }

    /// <summary>
    /// The template's variables as a reader of <paramref name="language"/> is asked for them: each one's label and what to
    /// fill in from the template's twin in that language where the twin declares it, else as the template has them. A
    /// Chinese reader drafting the English notice reads Chinese labels; the message stays English.
    /// </summary>
    public IReadOnlyList<TemplateVariable> VariablesIn(MessageTemplate template, string language)
    {
        var twin = All().Select(r => r.Template).FirstOrDefault(t => t.Id == template.Id && t.Language == language);
        return template.Variables.Select(variable => twin?.Variables.FirstOrDefault(translated => translated.Name == variable.Name) ?? variable).ToList();
    }

    /// <summary>What people read for variables of a template (a missing one, say): each declared variable's label; a built-in
    /// value by its name (brand.hotline as the organisation setting "Customer hotline", incident.commander as "Incident commander"); a name the template no longer
    /// declares as it is written.</summary>
    public IReadOnlyList<string> Labels(string id, string language, IEnumerable<string> names)
    {
        var variables = All().Where(r => r.Template.Id == id).OrderByDescending(r => r.Template.Language == language)
            .SelectMany(r => r.Template.Variables).ToList();
        var culture = CultureInfo.GetCultureInfo(language);
        return names.Select(name => variables.FirstOrDefault(variable => variable.Name == name)?.Label
            ?? BuiltInLabel(name, culture)
            ?? name).ToList();
    }

    /// <summary>A built-in value by the words people know it by: brand.hotline as "Customer hotline", incident.commander as
    /// "Incident commander".</summary>
    private static string? BuiltInLabel(string name, CultureInfo culture)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && TemplateModel.BuiltInNames.Contains(name[..dot]) ? SharedTexts.Find($"{name[..dot]}-field:{name[(dot + 1)..]}", culture) : null;
    }

    /// <summary>Duplicate id and language is an error; a template missing in one of the languages is a warning.</summary>
    public static IReadOnlyList<TemplateParseResult> CrossCheck(IReadOnlyList<TemplateParseResult> results)
    {
        var seen = new Dictionary<(string, string), string>();
        var languagesById = results.GroupBy(r => r.Template.Id).ToDictionary(g => g.Key, g => g.Select(r => r.Template.Language).ToHashSet());
        return results.Select(result =>
        {
            var extra = new List<Diagnostic>();
            var template = result.Template;
            if (!seen.TryAdd((template.Id, template.Language), result.Path))
            {
                extra.Add(Diagnostic.Of(result.Path, 1, 1, DiagnosticSeverity.Error, "diagnostic:template-id-taken", template.Id, template.Language, seen[(template.Id, template.Language)]));
            }
            foreach (var language in Languages.All.Where(l => !languagesById[template.Id].Contains(l)))
            {
                extra.Add(Diagnostic.Of(result.Path, 1, 1, DiagnosticSeverity.Warning, "diagnostic:template-language-missing", template.Id, language, $"{template.Id}.{language}.md"));
            }
            return extra.Count == 0 ? result : result with { Diagnostics = [.. extra, .. result.Diagnostics] };
        }).ToList();
    }
}
