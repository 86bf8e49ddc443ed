using Crisis.Core.Communications;
using Crisis.Core.Playbooks;
using Crisis.Core.Text;

namespace Crisis.Core.Exercises;

/// <summary>The scenarios in playbooks/exercises/, each checked against the playbooks and templates it names.</summary>
public sealed class ScenarioLibrary
{
    private readonly FileCache<ScenarioParseResult> _files;

    public ScenarioLibrary(string folder, PlaybookLibrary playbooks, TemplateLibrary templates)
    {
        Folder = Path.GetFullPath(folder);
        _files = new(path => ScenarioParser.ParseFile(path, Context(playbooks, templates)));
    }

    public string Folder { get; }

    public IReadOnlyList<ScenarioParseResult> All() => _files.Read(Folder);

    /// <summary>A scenario an exercise can be started from, in the language asked for or else English: it exists and has no errors.</summary>
    public Scenario GetUsable(string id, string language = "en")
    {
        var matches = All().Where(result => result.Scenario.Id == id).ToList();
        var found = matches.FirstOrDefault(result => result.Scenario.Language == language) ?? matches.FirstOrDefault(result => result.Scenario.Language == "en")
            ?? matches.FirstOrDefault() ?? throw new NotFoundException($"no exercise scenario with id '{id}'");
        if (found.HasErrors)
            throw new RuleViolationException($"scenario '{id}' has errors and cannot be run until they are fixed: {found.Errors.First()}");
        return found.Scenario;
    }

    public static ScenarioContext Context(PlaybookLibrary playbooks, TemplateLibrary templates) =>
        new((id, language) => playbooks.Find(id, language)?.Playbook, templates.Ids());
}
