using System.Net;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Intake;
using Crisis.Core.Signals;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// The signal pages, the admin's intake sources and rules, and opening an incident from a signal, on a server of their
/// own: the rules changed here would change what every other test's cases raise.
/// </summary>
public sealed class SignalPageTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private SignalSummary Cluster(string category = CaseCategories.Safety, int count = 5)
    {
        var batch = $"P{Guid.NewGuid():N}"[..8];
        server.Service<CaseBook>().LogMany([.. Enumerable.Range(0, count).Select(i => new NewCase
        {
            Channel = CaseChannels.Douyin, Category = category, Batch = batch, Summary = $"Teat tore after a week ({i})",
        })], CaseSources.Form, new Actor("agent-user", Roles.Agent));
        server.Service<EarlyWarning>().EvaluateAll();
        return server.Service<SignalQueue>().List().Single(signal => signal.Fired[0].Value == batch);
    }

    private static string Text(string html) => VisibleWordsTests.VisibleText(html);

    [Theory]
    [InlineData("en", "Cluster of safety complaints about batch", "5 safety complaints about batch", "Product recall", "Signals")]
    [InlineData("zh-CN", "安全类投诉集中", "收到 5 起安全类投诉", "产品召回", "预警")]
    public async Task The_queue_and_a_signal_tell_what_fired_in_the_readers_words_with_its_cases_chart_and_history(string language, string title, string fired,
        string playbook, string nav)
    {
        var signal = Cluster();
        using var viewer = await Browser.SignedInAs(server, Roles.Viewer, language);
        var queue = Text(await viewer.Html("/signals"));
        Assert.Contains(title, queue);
        Assert.Contains(fired, queue);
        Assert.Contains(playbook, queue);
        Assert.Matches($@"(?m)^{nav}$\n^\d+$", Text(await viewer.Html("/")));

        var html = await viewer.Html($"/signals/{signal.Id}");
        var page = Text(html);
        Assert.Contains(fired, page);
        Assert.Equal(14, Regex.Matches(html, "<rect ").Count);
        Assert.Contains($"href=\"/cases/", html);
        Assert.Contains(language == "en" ? "Crisis raised the signal with 5 cases." : "Crisis 系统 发出预警，涉及 5 个工单。", page);
        Assert.DoesNotContain("cluster", page);
        Assert.DoesNotContain("product-recall", page);
        // A viewer reads; only those who work cases or open incidents are offered the triage.
        Assert.DoesNotContain("handler=Acknowledge", html);
        Assert.DoesNotContain("signal=", html);
    }

    [Fact]
    public async Task An_agent_acknowledges_and_dismisses_with_a_reason_but_is_not_offered_an_incident_and_a_viewer_may_not_post()
    {
        var signal = Cluster();
        var page = $"/signals/{signal.Id}";
        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        var html = await agent.Html(page);
        Assert.Contains("handler=Acknowledge", html);
        Assert.DoesNotContain("/incidents/open?signal=", html);

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        using (var refused = await viewer.PostForm(page, $"{page}?handler=Acknowledge", new() { ["version"] = "1" }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var forged = await agent.PostWithoutToken($"{page}?handler=Acknowledge", new() { ["version"] = "1" }))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using (var acknowledged = await agent.PostForm(page, $"{page}?handler=Acknowledge", new() { ["version"] = "1" }))
            Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        using (var noReason = await agent.PostForm(page, $"{page}?handler=Dismiss", new() { ["version"] = "2", ["reason"] = " " }))
            Assert.Equal(HttpStatusCode.Redirect, noReason.StatusCode);
        Assert.Contains("Reason: This is required.", Text(await agent.Html(page)));
        using (var dismissed = await agent.PostForm(page, $"{page}?handler=Dismiss", new() { ["version"] = "2", ["reason"] = "Courier crushed one pallet" }))
            Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);

        var after = Text(await agent.Html(page));
        Assert.Contains("Dismissed: Courier crushed one pallet", after);
        Assert.Contains("agent-user dismissed the signal: Courier crushed one pallet", after);
        Assert.Contains($"/signals/{signal.Id}\"", await agent.Html("/signals?status=dismissed"));
        Assert.DoesNotContain($"/signals/{signal.Id}\"", await agent.Html("/signals"));
    }

    [Fact]
    public async Task A_commander_opens_an_incident_from_a_signal_with_its_suggestion_filled_in_and_its_cases_come_with_it()
    {
        var signal = Cluster();
        using var commander = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        var form = await commander.Html($"/incidents/open?signal={signal.Id}");
        Assert.Contains("<option value=\"product-recall\" selected=\"selected\">", form);
        Assert.Contains("<option value=\"2\" selected=\"selected\">二级</option>", form);
        var title = Regex.Match(form, "<input id=\"title\" name=\"title\" value=\"([^\"]*)\"").Groups[1].Value;
        Assert.Matches("^批次 P\\w+ 安全类投诉集中$", title);
        Assert.Contains("事件将关联预警的 5 个工单", Text(form));

        using var opened = await commander.PostForm($"/incidents/open?signal={signal.Id}", "/incidents/open", new()
        {
            ["signal"] = signal.Id.ToString(), ["playbook"] = "product-recall", ["language"] = "zh-CN", ["severity"] = "2", ["title"] = title,
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var key = opened.Headers.Location!.OriginalString.Split('/')[^1];
        Assert.Equal(5, server.Service<CaseBook>().Count(new CaseFilter { IncidentKey = key }));
        var incidentPage = Text(await commander.Html($"/incidents/{key}"));
        Assert.True(incidentPage.Contains("根据预警创建了事件：24小时内，批次", StringComparison.Ordinal), incidentPage);
        var signalPage = await commander.Html($"/signals/{signal.Id}");
        Assert.Contains($"已根据此预警创建事件 <a href=\"/incidents/{key}\">{key}</a>。", signalPage);
    }

    [Fact]
    public async Task An_admin_adds_an_intake_source_sees_its_secret_once_and_others_cannot_reach_the_page()
    {
        const string Page = "/admin/intake-sources";
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using var created = await admin.PostForm(Page, $"{Page}?handler=Create", new() { ["name"] = "brand-watch", ["channel"] = CaseChannels.Red });
        var html = await created.Content.ReadAsStringAsync();
        var secret = Regex.Match(html, "<code class=\"secret\">(whsec_[0-9a-f]{64})</code>").Groups[1].Value;
        Assert.NotEmpty(secret);
        Assert.Contains("/api/intake/brand-watch", html);
        Assert.DoesNotContain(secret, await admin.Html(Page));
        Assert.Equal("brand-watch", Assert.Single(server.Service<IntakeSources>().List(), source => source.Name == "brand-watch").Name);

        using var again = await admin.PostForm(Page, $"{Page}?handler=Create", new() { ["name"] = "brand-watch", ["channel"] = CaseChannels.Red });
        Assert.Contains("There is already a source named brand-watch", await again.Content.ReadAsStringAsync());
        using var badName = await admin.PostForm(Page, $"{Page}?handler=Create", new() { ["name"] = "Brand Watch!", ["channel"] = CaseChannels.Red });
        Assert.Matches("id=\"source-name\"[^>]*aria-invalid=\"true\"", await badName.Content.ReadAsStringAsync());

        foreach (var role in new[] { Roles.Commander, Roles.Agent })
        {
            using var other = await Browser.SignedInAs(server, role);
            using var response = await other.Get(Page);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_admin_tunes_a_rule_a_wrong_value_is_named_beside_its_field_and_the_next_cases_are_read_the_new_way()
    {
        const string Page = "/admin/signal-rules";
        var rule = server.Service<SignalRules>().All().First(r => r is { Kind: SignalRuleKinds.Cluster, Category: CaseCategories.Quality, Scope: ClusterScopes.Batch });
        var fields = new Dictionary<string, string>
        {
            ["version-of"] = rule.Id.ToString(), ["version"] = rule.Version.ToString(), ["enabled"] = "true", ["scope"] = ClusterScopes.Batch,
            ["category"] = CaseCategories.Quality, ["threshold"] = "0", ["windowHours"] = "72", ["severity"] = "3", ["playbookId"] = "product-recall",
        };
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using var refused = await admin.PostForm(Page, $"{Page}?handler=Save&id={rule.Id}", new(fields));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches($"id=\"rule-{rule.Id}-threshold\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("Enter a number from 1 to 1,000,000.", Text(html));

        fields["threshold"] = "3";
        using var saved = await admin.PostForm(Page, $"{Page}?handler=Save&id={rule.Id}", new(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("3 or more quality complaints about one batch within 3 days", Text(await admin.Html(Page)));
        Assert.Equal(3, Cluster(CaseCategories.Quality, count: 3).CaseCount);
    }
}
