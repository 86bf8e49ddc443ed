using System.Globalization;
using Crisis.Core.Exercises;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Risks;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Risks;

/// <summary>
/// The form a risk is written in, new or changed (<c>_RiskForm</c>): the scale as choices in words, the owner from the
/// people directory, and the playbooks and scenarios to link as boxes to tick. A refused form comes back as it was typed.
/// </summary>
public abstract class RiskFormModel(PeopleDirectory people, PlaybookLibrary playbooks, ScenarioLibrary scenarios) : StatusMessagePageModel
{
    /// <summary>The owner choice that gives the risk to nobody.</summary>
    public const string NoOwner = "0";

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public int? Likelihood { get; set; }
    [BindProperty] public int? Impact { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Controls { get; set; }
    [BindProperty] public string OwnerPersonId { get; set; } = NoOwner;
    [BindProperty] public string? ReviewDate { get; set; }
    [BindProperty] public List<string> Playbooks { get; set; } = [];
    [BindProperty] public List<string> Scenarios { get; set; } = [];

    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The playbooks to link, by id, titled in the reader's language.</summary>
    public IReadOnlyList<(string Id, string Title)> PlaybookChoices { get; private set; } = [];

    public IReadOnlyList<(string Id, string Title)> ScenarioChoices { get; private set; } = [];

    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string>
    {
        ["title"] = "Title", ["likelihood"] = "Likelihood", ["impact"] = "Impact", ["reviewDate"] = "Review by",
    };

    protected void LoadChoices()
    {
        var language = CultureInfo.CurrentUICulture.Name;
        People = people.List();
        PlaybookChoices = Titles(playbooks.All().Select(result => result.Playbook).Where(playbook => playbook.Title.Length > 0)
            .Select(playbook => (playbook.Id, playbook.Language, playbook.Title)), language);
        ScenarioChoices = Titles(scenarios.All().Select(result => result.Scenario).Where(scenario => scenario.Title.Length > 0)
            .Select(scenario => (scenario.Id, scenario.Language, scenario.Title)), language);
    }

    /// <summary>One choice an id, titled in <paramref name="language"/> where a translation has it, else in English.</summary>
    internal static IReadOnlyList<(string Id, string Title)> Titles(IEnumerable<(string Id, string Language, string Title)> files, string language) =>
        files.GroupBy(file => file.Id)
            .Select(group => (group.Key, group.OrderByDescending(file => file.Language == language).ThenByDescending(file => file.Language == "en").First().Title))
            .OrderBy(choice => choice.Title, StringComparer.Create(CultureInfo.CurrentUICulture, ignoreCase: true)).ToList();

    protected void Show(RiskView risk)
    {
        (Title, Category, Likelihood, Impact, Description, Controls) = (risk.Title, risk.Category, risk.Likelihood, risk.Impact, risk.Description, risk.Controls);
        OwnerPersonId = risk.OwnerPersonId?.ToString(CultureInfo.InvariantCulture) ?? NoOwner;
        ReviewDate = risk.ReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (Playbooks, Scenarios) = ([.. risk.Playbooks], [.. risk.Scenarios]);
    }

    /// <summary>The form as the register takes it: every field given, so a change sets exactly what the form shows.</summary>
    protected RiskFields Fields(long? expectedVersion = null) => new()
    {
        Title = Title ?? "", Category = Category ?? "", Likelihood = Likelihood ?? 0, Impact = Impact ?? 0, Description = Description ?? "",
        Controls = Controls ?? "", ReviewDate = ReviewDate ?? "", Playbooks = Playbooks, Scenarios = Scenarios, ExpectedVersion = expectedVersion,
        OwnerPersonId = long.TryParse(OwnerPersonId, NumberStyles.None, CultureInfo.InvariantCulture, out var owner) ? owner : 0,
    };
}
