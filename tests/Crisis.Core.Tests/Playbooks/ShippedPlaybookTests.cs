using Crisis.Core.Communications;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>The playbooks we ship are product: clean, owned, timed, and enough of them.</summary>
public class ShippedPlaybookTests
{
    private static readonly IReadOnlyList<PlaybookParseResult> Shipped = new PlaybookLibrary(ShippedPlaybooks.Folder).All();

    [Fact]
    public void Every_shipped_playbook_is_free_of_errors_and_warnings()
    {
        Assert.NotEmpty(Shipped);
        Assert.All(Shipped, result => Assert.Empty(result.Diagnostics));
    }

    [Fact]
    public void They_cover_every_crisis_the_product_is_for_with_over_a_hundred_steps()
    {
        var english = Shipped.Where(r => r.Playbook.Language == "en").Select(r => r.Playbook).ToList();
        Assert.Subset(english.Select(p => p.Category).ToHashSet(), new HashSet<string>
        {
            "complaint-surge", "cosmetics", "counterfeit", "data-breach", "food-safety", "outage", "platform-penalty", "pricing-error",
            "recall", "regulatory", "reputation", "site-safety", "supply-disruption",
        });
        Assert.True(english.Sum(p => p.StepCount) >= 100, $"only {english.Sum(p => p.StepCount)} steps");
    }

    [Fact]
    public void Every_step_has_an_owner_and_a_deadline()
    {
        foreach (var playbook in Shipped.Select(r => r.Playbook))
        {
            foreach (var step in playbook.Phases.SelectMany(p => p.Steps))
            {
                Assert.True(step.Role is not null, $"{playbook.Id}/{step.Id} has no owner");
                Assert.True(step.Deadline is not null, $"{playbook.Id}/{step.Id} has no deadline");
            }
        }
    }

    [Fact]
    public void Every_playbook_ships_in_chinese_with_the_same_steps_owners_and_deadlines()
    {
        var english = Shipped.Where(r => r.Playbook.Language == "en").Select(r => r.Playbook).ToList();
        var chinese = Shipped.Where(r => r.Playbook.Language == "zh-CN").Select(r => r.Playbook).ToDictionary(p => p.Id);
        Assert.Equal(english.Select(p => p.Id).Order(), chinese.Keys.Order());
        foreach (var playbook in english)
        {
            var twin = chinese[playbook.Id];
            Assert.Equal(playbook.Roles.Select(r => r.Key), twin.Roles.Select(r => r.Key));
            Assert.Equal(playbook.Phases.Count, twin.Phases.Count);
            Assert.Equal(Shape(playbook), Shape(twin));
            Assert.Contains(twin.Phases.SelectMany(p => p.Steps), step => step.Text.Any(ch => ch is >= '\u4e00' and <= '\u9fff'));
        }

        static List<string> Shape(Playbook playbook) => playbook.Phases
            .SelectMany((phase, index) => phase.Steps.SelectMany(s => s.SubSteps.Prepend(s))
                .Select(s => $"{index}/{s.Id}/{string.Join('+', s.Roles)}/{s.Due}/{string.Join(',', s.Severities)}/{s.Template}/{s.RequiredByLaw}/{s.Source}/{s.Regulator}"))
            .ToList();
    }

    [Theory]
    [InlineData("product-recall", "stop-sale,notify-resellers,report-to-samr,submit-recall-plan,publish-recall-notice,warn-buyers")]
    [InlineData("food-safety", "report-food-incident,stop-sale,notify-resellers,cbec-appointed-business,"
        + "start-level-1-recall,level-1-recall-plan,level-1-recall-notice,start-level-2-recall,level-2-recall-plan,level-2-recall-notice,"
        + "start-level-3-recall,level-3-recall-plan,level-3-recall-notice,warn-buyers,finish-level-1-recall,level-1-recall-report,"
        + "finish-level-2-recall,level-2-recall-report,finish-level-3-recall,level-3-recall-report,notify-destruction")]
    [InlineData("cosmetics-safety", "report-reaction-major,report-reaction-serious,report-reaction-general,self-inspection-major,self-inspection-serious,"
        + "start-recall,notify-operators,warn-buyers,report-recall")]
    [InlineData("data-breach", "report-cii,report-cac,notify-pipl-regulator,report-network-data-flaw,report-police,notify-gdpr-authority,send-breach-notice")]
    [InlineData("complaint-surge", "keep-records,process-returns")]
    [InlineData("negative-publicity", "")]
    [InlineData("supply-disruption", "")]
    [InlineData("counterfeit-goods", "")]
    [InlineData("kol-livestream-incident", "process-returns")]
    [InlineData("price-error", "")]
    [InlineData("platform-penalty", "")]
    [InlineData("regulator-exposure", "cooperate-inspection,keep-sealed-goods")]
    [InlineData("site-safety-incident", "call-emergency,report-authority,protect-scene,update-casualties,work-injury-application")]
    [InlineData("sales-day-outage", "")]
    public void The_steps_the_law_requires_are_marked_and_only_those(string id, string required)
    {
        // Grounded in the design's domain facts: a regulator report, a duty to stop selling or to tell people, a legal deadline.
        foreach (var language in new[] { "en", "zh-CN" })
        {
            var playbook = Shipped.Single(r => r.Playbook.Id == id && r.Playbook.Language == language).Playbook;
            var marked = playbook.Phases.SelectMany(p => p.Steps).SelectMany(s => s.SubSteps.Prepend(s)).Where(s => s.RequiredByLaw).Select(s => s.Id);
            Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries), marked);
        }
    }

    [Fact]
    public void Every_source_a_shipped_playbook_names_is_described_in_docs_sources()
    {
        var described = File.ReadAllLines(Path.Combine(ShippedPlaybooks.FindRepositoryFolder("docs"), "sources.md"))
            .Where(line => line.StartsWith("## ", StringComparison.Ordinal)).Select(line => line[3..].Trim()).ToHashSet();
        var named = Shipped.SelectMany(result => result.Playbook.Sources.Select(source => (result.Playbook.Id, source.Key))).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, source => Assert.True(described.Contains(source.Key), $"{source.Id} names source '{source.Key}', which docs/sources.md does not describe"));
        // Every legal deadline in the categories that must cite their rules names one.
        Assert.All(Shipped.Select(r => r.Playbook).Where(p => PlaybookCategories.CiteTheirRules.Contains(p.Category)), playbook =>
            Assert.All(playbook.Phases.SelectMany(p => p.Steps).Where(step => step.RequiredByLaw && step.Due is not null), step =>
                Assert.True(step.Source is not null, $"{playbook.Id}/{step.Id} has a legal deadline without a source")));
    }

    [Theory]
    [InlineData("food-safety", "food-recall-plan,food-recall-notice,food-recall-platform-message,food-recall-sms,food-recall-report")]
    [InlineData("cosmetics-safety", "cosmetics-recall-report,recall-customer-notice,recall-platform-message,recall-sms")]
    public void Food_and_cosmetics_report_and_notify_with_templates_of_their_own_rules(string id, string own)
    {
        var consumerProductOnly = new[] { "regulator-report" }.Concat(id == "food-safety" ? ["recall-customer-notice", "recall-platform-message", "recall-sms"] : []);
        foreach (var language in new[] { "en", "zh-CN" })
        {
            var playbook = Shipped.Single(r => r.Playbook.Id == id && r.Playbook.Language == language).Playbook;
            var used = playbook.Phases.SelectMany(p => p.Steps).SelectMany(s => s.SubSteps.Prepend(s)).Select(s => s.Template).OfType<string>().ToHashSet();
            Assert.All(own.Split(','), template => Assert.Contains(template, used));
            Assert.All(consumerProductOnly, template => Assert.DoesNotContain(template, used));
        }

        if (id != "food-safety") return;
        var templates = new TemplateLibrary(ShippedPlaybooks.FindRepositoryFolder("templates"));
        foreach (var template in new[] { "food-recall-notice", "food-recall-platform-message", "food-recall-sms" })
        {
            Assert.Contains("停止食用", templates.Get(template, "zh-CN").Body);
            Assert.DoesNotContain("停止使用", templates.Get(template, "zh-CN").Body);
            Assert.Matches("(?i)(stop eating|do not eat)", templates.Get(template, "en").Body);
        }
    }

    [Fact]
    public void Severity_specific_steps_exist_where_they_matter()
    {
        Assert.All(Shipped.Select(r => r.Playbook), playbook =>
            Assert.Contains(playbook.Phases.SelectMany(p => p.Steps), step => step.Severities.Count > 0));
    }
}
