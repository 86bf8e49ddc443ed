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
        if (found.Errors.FirstOrDefault() is { } error)
            throw new RuleViolationException($"scenario '{id}' has errors and cannot be run until they are fixed: {error}")
                { TextKey = RefusalTexts.ScenarioErrors, TextArguments = [found.Scenario.Title is { Length: > 0 } title ? title : id, error.Wording] };
        return found.Scenario;
    }

    /// <summary>
    /// The scenario's twins in other languages that can stand in for its words: the same id, usable, and inject for
    /// inject the same times, roles and expectations (the injects' ids differ: Chinese titles give none to slug).
    /// </summary>
    public IReadOnlyList<Scenario> Twins(Scenario scenario) =>
        All().Where(result => result.Scenario.Id == scenario.Id && result.Scenario.Language != scenario.Language && !result.HasErrors)
            .Select(result => result.Scenario)
            .Where(twin => twin.Injects.Count == scenario.Injects.Count && twin.Injects.Zip(scenario.Injects).All(pair => SameShape(pair.First, pair.Second)))
            .ToList();

    private static bool SameShape(Inject twin, Inject inject) =>
        twin.Offset == inject.Offset && twin.Roles.SequenceEqual(inject.Roles) && twin.Condition == inject.Condition
        && twin.Expectations.Select(expectation => (expectation.Target, expectation.Within)).SequenceEqual(inject.Expectations.Select(expectation => (expectation.Target, expectation.Within)));

    public static ScenarioContext Context(PlaybookLibrary playbooks, TemplateLibrary templates) =>
        new((id, language) => playbooks.Find(id, language)?.Playbook, templates.Ids());
}
