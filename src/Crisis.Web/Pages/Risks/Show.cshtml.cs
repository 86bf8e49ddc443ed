using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Risks;

namespace Crisis.Web.Pages.Risks;

/// <summary>One risk: what it is, what guards against it, its readiness and everything that readiness is computed from, and its history.</summary>
public sealed class ShowModel(RiskRegister register, AccountNames accounts, ScenarioLibrary scenarios) : StatusMessagePageModel
{
    public RiskView Risk { get; private set; } = null!;

    /// <summary>The history, newest first, as sentences.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Sentence)> History { get; private set; } = [];

    /// <summary>The linked scenarios' titles in the reader's language (else English); null for one no scenario file has any more.</summary>
    public IReadOnlyList<string?> ScenarioTitles { get; private set; } = [];

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool MayEdit => User.Can(Permissions.ManageRisks);

    public void OnGet(long id)
    {
        var culture = CultureInfo.CurrentUICulture;
        Risk = register.Get(id, culture);
        Zone = PageHelpers.ReaderZone(HttpContext);
        var titles = RiskFormModel.Titles(scenarios.All().Select(result => (result.Scenario.Id, result.Scenario.Language, result.Scenario.Title)), culture.Name)
            .ToDictionary(choice => choice.Id, choice => choice.Title);
        ScenarioTitles = Risk.Scenarios.Select(id => titles.GetValueOrDefault(id)).ToList();
        var names = accounts.All();
        History = register.History(id).Reverse()
            .Select(entry => (entry.At, RiskWords.Event(entry, EventStory.ActorName(entry.Actor, new StoryNames { People = names }, culture), culture))).ToList();
    }
}
