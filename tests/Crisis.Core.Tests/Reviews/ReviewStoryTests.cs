using System.Text.RegularExpressions;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Pdf.Tests;
using Crisis.Reports;

namespace Crisis.Core.Tests.Reviews;

/// <summary>The review PDF read back: a story in sentences in the report's language, never the raw log.</summary>
public class ReviewStoryTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private readonly TestDatabase _test = new();
    private readonly string _key;

    public ReviewStoryTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _test.AddShippedPlaybook("product-recall.zh-CN.md");
        var people = _test.Get<PeopleDirectory>();
        var mei = people.Add(new NewPerson("Mei Chen", "mei@example.com", Roles: ["commander"]));
        var zhang = people.Add(new NewPerson("Zhang Min", "zhang@example.com", Roles: ["quality"]));
        var sophie = people.Add(new NewPerson("Sophie Martin", "sophie@example.com", Roles: ["comms"]));
        _key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles, batch 2611", 2,
            new Dictionary<string, long> { ["commander"] = mei.Id, ["quality"] = zhang.Id, ["comms"] = sophie.Id }), Commander);
        var steps = _test.Get<StepActions>();
        _test.Time.Advance(TimeSpan.FromMinutes(20));
        _test.Get<IncidentLifecycle>().SetSeverity(_key, 1, Commander);
        _test.Time.Advance(TimeSpan.FromHours(3));
        steps.Complete(_key, "confirm-defect", new Actor("zhang"));                 // due after 2 h: late
        steps.Skip(_key, "start-monitoring", new Actor("sophie"), "Agency already monitors the platforms");
        _test.Get<ImpactLog>().Record(_key, new ImpactFigures { OrdersAffected = 1204, Batches = "2611" }, Commander);
        _test.Get<Messages>().Draft(_key, new DraftRequest("delay-notice", "en", ["li.na@example.com"], new Dictionary<string, string> { ["product"] = "Bottle" }), Commander);
        _test.Get<IncidentLifecycle>().SetStatus(_key, IncidentStatus.Contained, Commander, "Listings down everywhere");
    }

    public void Dispose() => _test.Dispose();

    private string Body(string language)
    {
        var pages = PdfFiles.PageTexts(_test.Get<IncidentReports>().Pdf(_key, ReportKinds.Review, language));
        var appendix = pages.FindIndex(page => page.Contains(ReportTexts.For(language).ChecklistAppendix));
        return string.Join("\n", pages.Take(appendix));
    }

    private string Whole(string language) => PdfFiles.Text(_test.Get<IncidentReports>().Pdf(_key, ReportKinds.Review, language));

    [Fact]
    public void The_story_is_told_in_sentences_without_raw_kinds_flags_or_hashes()
    {
        var body = Body("en");
        Assert.Contains("Mei Chen raised the severity from SEV2 to SEV1.", body);
        Assert.Contains("Mei Chen declared the incident contained.", body);
        Assert.Contains("Mei Chen opened the incident at SEV2 with the playbook \"Product recall\".", body);
        Assert.Contains("Mei Chen recorded the impact: Orders affected 1,204", body);
        Assert.DoesNotContain("isExercise", body);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
        var hashFragment = new Regex("[0-9a-f]{12}");
        var whole = Whole("en");
        Assert.DoesNotMatch(hashFragment, body);
        foreach (var kind in EventKinds.All)
            Assert.DoesNotContain(kind, whole);
        Assert.DoesNotContain("severity_", whole);
        Assert.DoesNotContain("isExercise", whole);
    }

    [Fact]
    public void Dates_and_identifiers_are_never_broken_across_lines()
    {
        // No zone is configured: English keeps UTC, Chinese is written in Beijing time. The zone in words may go to the next
        // line (in the timeline's narrow column it does, and PdfPig reads it after the rest of the row), and PdfPig parts the
        // Chinese and Latin runs of "（北京时间，UTC+8）" with a space; the date and time stay together.
        foreach (var (language, zone, zoneIfAny) in new[] { ("en", " UTC", " UTC"), ("zh-CN", @"\s?（北京时间，\s?UTC\+8）", @"(?:\s?（北京时间，\s?UTC\+8）)?") })
        {
            var whole = Whole(language);
            // A date is printed whole with its time and zone; a word cut at a line end would leave "2026-11-02 09:" or the zone alone.
            Assert.DoesNotMatch(new Regex(@"\d{4}-\d{2}-\d{2}(?! \d{2}:\d{2}" + zoneIfAny + ")"), whole);
            Assert.DoesNotMatch(new Regex(@"(?<!\d{4}-\d{2}-\d{2} )\d{2}:\d{2}" + zone), whole);
        }
    }

    [Fact]
    public void The_chinese_report_uses_the_chinese_playbook_phase_and_role_names_and_no_english_keys()
    {
        var whole = Whole("zh-CN");
        Assert.Contains("《产品召回》", whole);
        Assert.Contains("评估", whole);          // phase "Assess"
        Assert.Contains("总指挥", whole);         // role "Incident commander"
        Assert.Contains("质量负责人", whole);
        Assert.Contains("确认缺陷", whole);       // the step, from the zh-CN twin
        Assert.DoesNotContain("Product recall", whole);
        Assert.DoesNotContain("Quality lead", whole);
        Assert.DoesNotContain("customers", whole);
        Assert.DoesNotContain("email", whole, StringComparison.Ordinal);
        Assert.Contains("客户", whole);
    }

    [Fact]
    public void Events_a_commander_marks_and_key_updates_join_the_story_and_unmarking_takes_them_out()
    {
        var keyEvents = _test.Get<KeyEvents>();
        var completed = _test.Get<Timeline>().Read(_key).Single(e => e.Kind == EventKinds.StepCompleted).Seq;
        Assert.DoesNotContain("Zhang Min completed", Body("en"));

        Assert.True(keyEvents.Mark(_key, completed, true, Commander));
        Assert.False(keyEvents.Mark(_key, completed, true, Commander));
        keyEvents.AddUpdate(_key, "Every listing is down; the regulator has been called.", Commander);
        var body = Body("en");
        Assert.Contains("Zhang Min completed \"Confirm the defect", body);
        Assert.Contains("Key update from Mei Chen: Every listing is down; the regulator has been called.", body);

        Assert.True(keyEvents.Mark(_key, completed, false, Commander));
        Assert.DoesNotContain("Zhang Min completed", Body("en"));
        Assert.Throws<NotFoundException>(() => keyEvents.Mark(_key, 9999, true, Commander));
        Assert.Throws<RuleViolationException>(() => keyEvents.AddUpdate(_key, "  ", Commander));
        Assert.True(_test.Get<Timeline>().Verify(_key).IsIntact);
    }

    [Fact]
    public void The_body_sums_up_the_checklist_per_phase_and_names_the_late_steps()
    {
        var body = Body("en");
        Assert.Contains("Checklist outcome by phase", body);
        Assert.Matches(new Regex(@"Assess 1 0 \d+ ""Confirm the defect"), body);
        Assert.Matches(new Regex(@"Tell customers and the public 0 1 \d+"), body);
        Assert.DoesNotContain("To do", body);
        var whole = Whole("en");
        Assert.Contains("Appendix: the full checklist", whole);
        Assert.Contains("To do", whole);
        Assert.Contains("Sophie Martin skipped \"Start monitoring", whole);
        Assert.Contains("Agency already monitors the platforms", whole);
    }
}
