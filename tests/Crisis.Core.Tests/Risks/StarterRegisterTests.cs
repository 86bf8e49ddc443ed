using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Risks;

namespace Crisis.Core.Tests.Risks;

/// <summary>The shipped starter register: complete, the same in both languages, pointing only at what ships, and loaded once.</summary>
public sealed class StarterRegisterTests
{
    private static readonly StarterRegister Shipped = new(Path.Combine(ShippedPlaybooks.Folder, "risks"));

    private static IReadOnlyList<StarterRisk> Parse(string language)
    {
        var path = Shipped.PathFor(language);
        var (risks, problems) = StarterRegister.Parse(File.ReadAllText(path), path);
        Assert.Empty(problems);
        return risks;
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void Every_shipped_playbook_category_has_a_risk_and_every_playbook_and_scenario_it_links_ships(string language)
    {
        var risks = Parse(language);
        var playbooks = new PlaybookLibrary(ShippedPlaybooks.Folder).All().Select(result => result.Playbook).ToList();
        var scenarios = new ScenarioLibrary(Path.Combine(ShippedPlaybooks.Folder, "exercises"), new PlaybookLibrary(ShippedPlaybooks.Folder),
            new Core.Communications.TemplateLibrary(ShippedPlaybooks.FindRepositoryFolder("templates"))).All().Select(result => result.Scenario.Id).ToHashSet();

        Assert.Subset(risks.Select(risk => risk.Fields.Category!).ToHashSet(), playbooks.Select(playbook => playbook.Category).ToHashSet());
        // Every playbook a risk links ships, and every shipped playbook answers a risk.
        Assert.Subset(playbooks.Select(playbook => playbook.Id).ToHashSet(), risks.SelectMany(risk => risk.Fields.Playbooks!).ToHashSet());
        Assert.Subset(risks.SelectMany(risk => risk.Fields.Playbooks!).ToHashSet(), playbooks.Select(playbook => playbook.Id).ToHashSet());
        Assert.Subset(scenarios, risks.SelectMany(risk => risk.Fields.Scenarios!).ToHashSet());
        Assert.All(risks, risk =>
        {
            Assert.NotEmpty(risk.Fields.Playbooks!);
            Assert.NotEmpty(risk.Fields.Controls!);
            Assert.True(risk.Fields.Description!.Length > 60, $"{risk.Key}: the description is too short to be real");
        });
    }

    [Fact]
    public void The_chinese_register_has_the_same_risks_rated_and_linked_the_same_in_its_own_words()
    {
        var english = Parse("en");
        var chinese = Parse("zh-CN");
        static object Shape(StarterRisk risk) => (risk.Key, risk.Fields.Category, risk.Fields.Likelihood, risk.Fields.Impact,
            string.Join(",", risk.Fields.Playbooks!), string.Join(",", risk.Fields.Scenarios!));
        Assert.Equal(english.Select(Shape), chinese.Select(Shape));
        Assert.All(chinese, risk => Assert.Contains(risk.Fields.Title!, title => title >= '\u4e00' && title <= '\u9fff'));
        Assert.Equal(14, english.Count);
    }

    [Fact]
    public void A_register_file_with_mistakes_names_each_with_its_line()
    {
        var (risks, problems) = StarterRegister.Parse("""
            # Register

            ## Good id:good category:recall likelihood:2 impact:3

            It happens.

            ## No id category:recall likelihood:7 impact:3

            Nothing.
            """, "register.md");
        Assert.Equal(["good"], risks.Select(risk => risk.Key));
        Assert.Equal(["register.md:7: the risk needs an id:, a lowercase slug such as id:product-recall", "register.md:7: likelihood: must be a number from 1 to 5"],
            problems.Select(problem => problem.ToString()));
    }

    [Fact]
    public void Loading_adds_each_risk_once_in_the_readers_language_and_then_they_are_the_brands_own()
    {
        using var test = new TestDatabase();
        foreach (var file in Directory.GetFiles(ShippedPlaybooks.Folder, "*.md")) File.Copy(file, Path.Combine(test.PlaybookFolder, Path.GetFileName(file)));
        foreach (var folder in new[] { "exercises", "risks" })
        {
            var copy = Directory.CreateDirectory(Path.Combine(test.PlaybookFolder, folder)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(ShippedPlaybooks.Folder, folder), "*.md")) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        var register = test.Get<RiskRegister>();
        var mei = new Actor("mei");

        Assert.Equal(14, register.LoadStarter(test.Get<StarterRegister>(), "zh-CN", mei));
        Assert.Equal(0, register.LoadStarter(test.Get<StarterRegister>(), "en", mei));

        var risks = register.List();
        Assert.Equal(14, risks.Count);
        var recall = risks.Single(risk => risk.StarterKey == "product-recall");
        Assert.Equal(("产品存在缺陷或安全隐患，必须召回", 3, 5), (recall.Title, recall.Likelihood, recall.Impact));
        Assert.Equal(new DateOnly(2027, 2, 2), recall.ReviewDate);
        Assert.Equal(ReadinessLevels.NotReady, recall.Readiness.Level);
        Assert.Equal([new RiskGap(RiskGapKinds.NotExercised, "product-recall")], recall.Readiness.Gaps);

        var edited = register.Change(recall.Id, new RiskFields { Likelihood = 2 }, mei);
        Assert.Equal((2, 5), (edited.Likelihood, edited.Impact));
        Assert.Equal([RiskEventKinds.Loaded, RiskEventKinds.Changed], register.History(recall.Id).Select(entry => entry.Kind));
    }
}
