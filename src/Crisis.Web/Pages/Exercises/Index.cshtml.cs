using Crisis.Core.Exercises;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Exercises;

/// <summary>Exercises run so far (those the user steers), the scenario library, and starting one: scenario, clock, and a person for each role.</summary>
public sealed class IndexModel(ScenarioLibrary scenarios, PlaybookLibrary playbooks, PeopleDirectory people, ExerciseRuns exercises) : StatusMessagePageModel
{
    public IReadOnlyList<ScenarioParseResult> Scenarios { get; private set; } = [];
    public IReadOnlyList<ExerciseView> Exercises { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];
    public ScenarioParseResult? Chosen { get; private set; }
    public IReadOnlyList<PlaybookRole> Roles { get; private set; } = [];

    /// <summary>The clock and the people chosen in a start form that was refused, to show it again as it was sent.</summary>
    public string? Clock { get; private set; }
    public IReadOnlyDictionary<string, long?> Participants { get; private set; } = new Dictionary<string, long?>();

    /// <summary>The exercise incident's roles are its participants: a refusal about one is shown beside that choice.</summary>
    private static readonly Dictionary<string, string> FormNames = new() { ["roles"] = "participants" };

    public void OnGet(string? scenario, string? language)
    {
        Scenarios = scenarios.All();
        Exercises = exercises.List(System.Globalization.CultureInfo.CurrentUICulture.Name).Where(exercise => exercise.IsSteeredBy(User.Actor())).ToList();
        People = people.List();
        Chosen = Scenarios.FirstOrDefault(result => result.Scenario.Id == scenario && result.Scenario.Language == (language ?? "en"));
        if (Chosen is not null)
            Roles = playbooks.RolesIn(Chosen.Scenario.PlaybookId, playbooks.Find(Chosen.Scenario.PlaybookId, Chosen.Scenario.Language)?.Playbook.Roles ?? [],
                System.Globalization.CultureInfo.CurrentUICulture.Name);
    }

    /// <summary>The scenario's playbook by its title in the scenario's language; its id only when the library does not have it (the scenario then shows an error).</summary>
    public string PlaybookTitle(Scenario scenario) => playbooks.Find(scenario.PlaybookId, scenario.Language)?.Playbook.Title ?? scenario.PlaybookId;

    public IActionResult OnPost(string scenario, string? language, string clock, double? rate, Dictionary<string, long?> participants)
    {
        var chosen = participants.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value!.Value);
        (long Id, string Key) started = default;
        if (PageAction.TryFormChange(this, () => started = exercises.Start(new StartExercise(scenario, chosen, clock, rate ?? 1, language ?? "en"), User.Actor()), FormNames))
            return RedirectToPage("/Exercises/Show", new { id = started.Id });
        OnGet(scenario, language);
        (Clock, Participants) = (clock, participants);
        return Page();
    }
}
