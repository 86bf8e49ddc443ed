using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Reports;
using UglyToad.PdfPig;

namespace Crisis.Core.Tests.Organisation;

public sealed class OrganisationSettingsTests : IDisposable
{
    private static readonly Actor Admin = new("admin", "admin");
    private readonly TestDatabase _test = new();

    public OrganisationSettingsTests() => _test.AddShippedPlaybook("product-recall.md");

    public void Dispose() => _test.Dispose();

    private OrganisationSettings Settings => _test.Get<OrganisationSettings>();

    /// <summary>The recall opened at 09:00 UTC on 2 November, which is 17:00 in Shanghai.</summary>
    private string OpenRecall() => _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles", 1), new Actor("mei"));

    [Fact]
    public void Configuration_is_the_fallback_and_what_the_admin_saves_wins_field_by_field()
    {
        Assert.Equal(("Aurora Baby", "400-820-0000", "UTC"), (Settings.Current().BrandName, Settings.Current().Hotline, Settings.Current().TimeZone));

        Settings.Save(new OrganisationValues { BrandName = "Aurora", BrandNameChinese = "极光母婴", TimeZone = "Asia/Shanghai" }, Admin);

        Assert.Equal(("Aurora", "400-820-0000", "care@aurora.example"), (Settings.Brand("en").Name, Settings.Brand("en").Hotline, Settings.Brand("en").Email));
        Assert.Equal("极光母婴", Settings.Brand("zh-CN").Name);
        Assert.Equal("Asia/Shanghai", Settings.TimeZone().Id);

        Settings.Save(new OrganisationValues(), Admin);
        Assert.Equal(("Aurora Baby", "UTC"), (Settings.Current().BrandName, Settings.Current().TimeZone));
    }

    [Fact]
    public void Values_that_cannot_be_stored_are_named_by_field()
    {
        var problems = OrganisationSettings.Problems(new OrganisationValues
        {
            Email = "not an address", Website = "aurora.example", TimeZone = "Mars/Olympus", Hotline = "400\n820",
        });
        Assert.Equal(["Email", "Hotline", "TimeZone", "Website"], problems.Select(p => p.Field).Order());
        Assert.Throws<RuleViolationException>(() => Settings.Save(new OrganisationValues { Email = "nope" }, Admin));
        Assert.Empty(OrganisationSettings.Problems(new OrganisationValues { Email = "care@aurora.example", Website = "https://aurora.example", TimeZone = "Europe/Paris" }));
    }

    [Fact]
    public void Saving_is_refused_with_one_problem_per_wrong_field_named_and_worded_as_every_form_refuses()
    {
        var refusal = Assert.Throws<RuleViolationException>(() => Settings.Save(
            new OrganisationValues { Email = "care at aurora", Website = "aurora.example", Hotline = new string('4', 201), BrandName = "Aurora" }, Admin));

        var problems = new[] { refusal }.Concat(refusal.AlsoWrong).ToDictionary(problem => problem.Field!, problem => problem.TextKey);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Hotline"] = RefusalTexts.TooLong, ["Email"] = RefusalTexts.EmailAddress, ["Website"] = RefusalTexts.WebAddress,
        }, problems);
        Assert.Equal([201, 200], new[] { refusal }.Concat(refusal.AlsoWrong).Single(problem => problem.Field == "Hotline").TextArguments);
        Assert.Equal("Aurora Baby", Settings.Current().BrandName); // nothing of a refused form is stored
    }

    [Fact]
    public void Reports_print_times_in_the_organisation_zone_and_name_it()
    {
        var key = OpenRecall();
        var reports = _test.Get<IncidentReports>();
        Settings.Save(new OrganisationValues { TimeZone = "Asia/Shanghai" }, Admin);

        foreach (var kind in new[] { ReportKinds.Review, ReportKinds.Checklist })
        {
            using var english = PdfDocument.Open(reports.Pdf(key, kind, "en"));
            var cover = english.GetPage(1).Text;
            Assert.Contains("2026-11-02 17:00 (Beijing time, UTC+8)", cover);
            Assert.DoesNotContain("09:00 UTC", cover);

            using var chinese = PdfDocument.Open(reports.Pdf(key, kind, "zh-CN"));
            Assert.Contains("2026-11-02 17:00（北京时间，UTC+8）", chinese.GetPage(1).Text);
        }
        Assert.Contains("2026-11-02 17:00 (Beijing time, UTC+8)", reports.ReviewMarkdown(key, "en"));

        // A zone with summer time names the offset in force at each moment; a zone without a name of its own is named by its id.
        Settings.Save(new OrganisationValues { TimeZone = "Europe/Paris" }, Admin);
        Assert.Contains("2026-11-02 10:00 (Europe/Paris, UTC+1)", reports.ReviewMarkdown(key, "en"));
    }
}
