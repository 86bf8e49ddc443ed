using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Organisation;

public sealed class RegulatorDirectoryTests : IDisposable
{
    private static readonly Actor Admin = new("admin", "admin");
    private static readonly Regulator Guangzhou = new(RegulatorPurposes.Recall, "Guangzhou Administration for Market Regulation", "city", "online", "https://recall.gz.example");
    private readonly TestDatabase _test = new();

    public RegulatorDirectoryTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _test.AddShippedPlaybook("data-breach.md");
        _test.AddShippedPlaybook("food-safety.md");
    }

    public void Dispose() => _test.Dispose();

    private RegulatorDirectory Directory => _test.Get<RegulatorDirectory>();

    private string Open(string playbook) =>
        _test.Get<OpenIncident>().Execute(new OpenIncidentRequest(playbook, "Cracked bottles", 1), new Actor("mei"));

    private MessageView DraftReport(string key, string language) =>
        _test.Get<Messages>().Draft(key, new DraftRequest("regulator-report", language, [], new Dictionary<string, string>()), new Actor("mei"));

    [Fact]
    public void Nothing_is_shipped_every_purpose_starts_blank_and_what_the_admin_saves_is_read_back_a_blank_entry_removing_it()
    {
        Assert.Equal(RegulatorPurposes.All, Directory.All().Select(regulator => regulator.Purpose));
        Assert.All(Directory.All(), regulator => Assert.True(regulator.IsBlank));

        var cac = new Regulator(RegulatorPurposes.DataBreach, "广东省互联网信息办公室", "provincial", "email", "report@gdcac.example");
        Directory.Save([Guangzhou, cac], Admin);
        Assert.Equal(Guangzhou, Directory.For(RegulatorPurposes.Recall));
        Assert.Equal(cac, Directory.For(RegulatorPurposes.DataBreach));
        Assert.True(Directory.For(RegulatorPurposes.FoodSafety).IsBlank);

        Directory.Save([new Regulator(RegulatorPurposes.Recall)], Admin);
        Assert.True(Directory.For(RegulatorPurposes.Recall).IsBlank);
        Assert.Equal(cac, Directory.For(RegulatorPurposes.DataBreach)); // a purpose the save leaves out is kept
    }

    [Fact]
    public void A_contact_must_be_what_its_channel_says_and_each_wrong_field_is_named_by_purpose_and_nothing_is_stored()
    {
        var refusal = Assert.Throws<RuleViolationException>(() => Directory.Save(
        [
            Guangzhou with { Contact = "recall.gz.example" },
            new Regulator(RegulatorPurposes.FoodSafety, "", "county", "email", "not an address"),
            new Regulator(RegulatorPurposes.Cosmetics, "NMPA", "national", "phone", "call us"),
            new Regulator(RegulatorPurposes.Complaints, "12315", "tsar", "fax", "12315"),
        ], Admin));

        var problems = new[] { refusal }.Concat(refusal.AlsoWrong).ToDictionary(problem => problem.Field!, problem => problem.TextKey);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["recall.Contact"] = RefusalTexts.WebAddress,
            ["food-safety.Name"] = RefusalTexts.Required, ["food-safety.Contact"] = RefusalTexts.EmailAddress,
            ["cosmetics.Contact"] = RefusalTexts.PhoneNumber,
            ["complaints.Level"] = RefusalTexts.Required, ["complaints.Channel"] = RefusalTexts.Required,
        }, problems);
        Assert.All(Directory.All(), regulator => Assert.True(regulator.IsBlank));

        Assert.Empty(RegulatorDirectory.Problems([
            new Regulator(RegulatorPurposes.Complaints, "12315", "national", "phone", "12315"),
            new Regulator(RegulatorPurposes.Cosmetics, "Guangdong MPA", "provincial", "in-person", "Guangzhou, 753 Dongfeng East Road"),
        ]));
    }

    [Fact]
    public void The_report_template_addresses_the_regulator_of_the_incidents_kind_and_a_missing_one_blocks_approval_until_the_directory_has_it()
    {
        var recall = Open("product-recall");
        var waiting = DraftReport(recall, "en");
        Assert.Contains("To: [[regulator.name]]", waiting.Markdown);
        Assert.Contains("regulator.name", waiting.MissingVariables);

        Directory.Save([Guangzhou, new Regulator(RegulatorPurposes.DataBreach, "Guangdong Cyberspace Administration", "provincial", "email", "report@gdcac.example")], Admin);

        Assert.DoesNotContain("regulator.name", _test.Get<Messages>().Get(waiting.Id).MissingVariables); // the waiting draft is filled in
        Assert.Contains("To: Guangzhou Administration for Market Regulation", _test.Get<Messages>().Get(waiting.Id).Markdown);
        Assert.Contains("To: Guangdong Cyberspace Administration", DraftReport(Open("data-breach"), "en").Markdown);

        var values = Directory.TemplateValues("recall", "zh-CN");
        Assert.Equal(("地市级", "网上报送系统"), (values["level"], values["channel"]));
        Assert.All(Directory.TemplateValues("supply-disruption", "en").Values, value => Assert.Equal("", value));
    }

    [Fact]
    public void Steps_that_report_to_a_regulator_keep_its_purpose_on_the_checklist()
    {
        var key = Open("product-recall");
        var steps = _test.Get<IncidentQueries>().Get(key).AllSteps.ToDictionary(step => step.Id);
        Assert.Equal(RegulatorPurposes.Recall, steps["report-to-samr"].Regulator);
        Assert.Equal(RegulatorPurposes.Recall, steps["submit-recall-plan"].Regulator);
        Assert.Equal(RegulatorPurposes.FoodSafety, _test.Get<IncidentQueries>().Get(Open("food-safety")).AllSteps.Single(step => step.Id == "notify-destruction").Regulator);
        Assert.Null(steps["confirm-defect"].Regulator);
    }

    [Fact]
    public void A_regulator_token_names_a_purpose_of_the_directory()
    {
        const string Playbook = "---\nid: t\ntitle: T\nversion: 1\nroles:\n  legal: Legal\n---\n\n## Report\n\n";
        var good = PlaybookParser.Parse(Playbook + "- [ ] Report the defect @legal regulator:recall\n", "t.md");
        Assert.False(good.HasErrors);
        Assert.Equal("recall", good.Playbook.Phases[0].Steps[0].Regulator);

        var bad = PlaybookParser.Parse(Playbook + "- [ ] Report the defect @legal regulator:provincial\n", "t.md");
        var error = Assert.Single(bad.Errors);
        Assert.Equal("not-a-regulator", error.Code);
        Assert.Contains("recall, food-safety, cosmetics, data-breach, complaints", error.Message);
    }
}
