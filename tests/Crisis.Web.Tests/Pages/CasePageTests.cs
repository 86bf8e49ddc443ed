using System.Net;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.People;
using Crisis.Web.Pages.Cases;

namespace Crisis.Web.Tests.Pages;

[Collection(nameof(CrisisServer))]
public partial class CasePageTests(CrisisServer server)
{
    private static string Sku() => "P-" + Guid.NewGuid().ToString("N")[..8];

    private static Dictionary<string, string> Complaint(string sku) => new()
    {
        ["channel"] = CaseChannels.Hotline, ["category"] = CaseCategories.Safety, ["summary"] = "Bottle burst in the steriliser\nShe kept the pieces.",
        ["sku"] = sku, ["batch"] = "2611", ["customerRef"] = "Ms Zhou", ["customerPhone"] = "+86 186 0101 2233", ["customerAddress"] = "上海市浦东新区张江路 88 号",
        ["ownerId"] = CaseChoices.None, ["receivedAt"] = "",
    };

    private static string Visible(string html) => VisibleWordsTests.VisibleText(html);

    [Fact]
    public async Task An_agent_logs_a_case_on_the_form_and_finds_it_in_the_list_with_the_customers_phone_and_address_masked()
    {
        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        var form = await agent.Html("/cases/new");
        Assert.Contains("type=\"radio\" name=\"channel\" value=\"hotline\"", form);
        Assert.Contains("Received (UTC)", Visible(form)); // no brand zone configured: the form names the zone it takes
        Assert.Contains($"value=\"{server.Time.GetUtcNow():yyyy-MM-dd'T'HH:mm}\"", form);

        var sku = Sku();
        var fields = Complaint(sku);
        var received = server.Time.GetUtcNow().AddMinutes(-30);
        received = new DateTimeOffset(received.Year, received.Month, received.Day, received.Hour, received.Minute, 0, TimeSpan.Zero); // the field takes minutes
        fields["receivedAt"] = received.ToString("yyyy-MM-dd'T'HH:mm");
        using var logged = await agent.PostForm("/cases/new", "/cases/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        var path = logged.Headers.Location!.OriginalString;
        Assert.Matches(@"^/cases/\d+$", path);

        var page = Visible(await agent.Html(path));
        Assert.Contains("Case logged.", page);
        Assert.Contains("Bottle burst in the steriliser", page);
        Assert.Contains("186****2233", page);
        Assert.Contains("上海市****", page);
        Assert.DoesNotContain("0101 2233", page);
        Assert.Contains("agent-user logged the case on the form.", page);
        var view = server.Service<CaseBook>().Get(long.Parse(path.Split('/')[^1]));
        Assert.Equal(received, view.ReceivedAt);
        Assert.Equal(view.ReceivedAt.AddHours(4), view.ResponseDueAt); // the hotline's clock, from when she called

        var list = await agent.Html($"/cases?sku={sku}");
        Assert.Contains($"href=\"{path}\"", list);
        Assert.Contains("186****2233", list);
        Assert.DoesNotContain("0101 2233", list);
        Assert.DoesNotContain("张江路", list);
        Assert.Contains("Cases found: 1", Visible(list));
    }

    [Fact]
    public async Task A_case_form_with_nothing_chosen_comes_back_with_each_problem_beside_its_field_and_what_was_typed()
    {
        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        var fields = Complaint(Sku());
        fields.Remove("channel");
        fields["category"] = "";
        fields["summary"] = " ";
        using var refused = await agent.PostForm("/cases/new", "/cases/new", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Matches("<fieldset name=\"channel\"[^>]*aria-invalid=\"true\"", html);
        Assert.Matches("<fieldset name=\"category\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("id=\"case-summary-problem\">This is required.</p>", html);
        Assert.Single(Regex.Matches(html, "id=\"channel-problem\""));
        Assert.Contains("186 0101 2233\"", html); // what was typed stays in the field

        fields["channel"] = CaseChannels.Hotline;
        fields["category"] = CaseCategories.Safety;
        fields["summary"] = "Bottle burst";
        fields["receivedAt"] = "yesterday";
        using var badTime = await agent.PostForm("/cases/new", "/cases/new", fields);
        Assert.Contains("id=\"case-received-problem\">Enter a date and time, such as", await badTime.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_reveal_on_the_case_page_shows_the_full_contact_for_that_answer_only_and_the_history_names_who_looked()
    {
        var id = server.LogCase();
        var path = $"/cases/{id}";
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        Assert.DoesNotContain("Show full phone and address", await responder.Html(path));
        using var forbidden = await responder.PostForm(path, path + "?handler=Reveal", new());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        Assert.Contains("Show full phone and address", await agent.Html(path));
        using var revealed = await agent.PostForm(path, path + "?handler=Reveal", new());
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var shown = Visible(await revealed.Content.ReadAsStringAsync());
        Assert.Contains("138 0013 5678", shown);
        Assert.Contains("广东省广州市天河区体育西路 1 号", shown);
        Assert.Contains("agent-user viewed the customer's full phone number and address.", shown);

        var again = Visible(await agent.Html(path));
        Assert.DoesNotContain("138 0013 5678", again);
        Assert.Contains("138****5678", again);
        Assert.Equal([CaseEventKinds.Created, CaseEventKinds.Revealed], server.Service<CaseBook>().History(id).Select(e => e.Kind));
    }

    [Fact]
    public async Task The_case_is_worked_on_its_page_and_its_history_reads_in_words_in_english_and_chinese()
    {
        var id = server.LogCase();
        var path = $"/cases/{id}";
        var key = await server.OpenRecallAsync();
        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        await agent.PostForm(path, path + "?handler=Status", new() { ["status"] = CaseStatuses.InProgress, ["version"] = "1" });
        await agent.PostForm(path, path + "?handler=Owner", new() { ["personId"] = $"{server.Quality.Id}" });
        await agent.PostForm(path, path + "?handler=Link", new() { ["incidentKey"] = key });
        await agent.PostForm(path, path + "?handler=Note", new() { ["text"] = "Called back: she keeps the bottle for us." });
        using var stale = await agent.PostForm(path, path + "?handler=Status", new() { ["status"] = CaseStatuses.Resolved, ["version"] = "1" });
        Assert.Contains("This changed since you loaded the page", Visible(await agent.Html(path)));
        using var empty = await agent.PostForm(path, path + "?handler=Note", new() { ["text"] = " " });
        Assert.Contains("Note: This is required.", Visible(await agent.Html(path)));

        var english = Visible(await agent.Html(path));
        Assert.Contains("agent-user changed the status from “New” to “In progress”.", english);
        Assert.Contains("agent-user gave the case to Zhang Min.", english);
        Assert.Contains($"agent-user linked the case to incident {key} “Cracked bottles”.", english);
        Assert.Contains("Called back: she keeps the bottle for us.", english);
        Assert.DoesNotContain("in-progress", english);
        Assert.DoesNotContain("personId", english);
        Assert.Equal(CaseStatuses.InProgress, server.Service<CaseBook>().Get(id).Status);

        using var chinese = await Browser.SignedInAs(server, Roles.Viewer, "zh-CN");
        var zh = Visible(await chinese.Html(path));
        Assert.Contains("agent-user 修改了状态（从“待处理”改为“跟进中”）。", zh);
        Assert.Contains("agent-user 将工单分配给 Zhang Min。", zh);
        Assert.Contains("跟进中", zh);
        Assert.DoesNotContain("更改负责人", zh); // a viewer reads the case and works none of it

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        using var refused = await viewer.PostForm(path, path + "?handler=Note", new() { ["text"] = "Not mine to add" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_commander_gives_ticked_cases_to_a_person_and_links_them_to_an_incident_from_the_list()
    {
        var sku = Sku();
        var complaint = new NewCase { Channel = CaseChannels.JD, Category = CaseCategories.Quality, Summary = "Cracked base", Sku = sku };
        var ids = new[] { server.LogCase(complaint), server.LogCase(complaint), server.LogCase(complaint) };
        var key = await server.OpenRecallAsync();
        var list = $"/cases?sku={sku}";
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var token = await commander.FormToken(list);

        using var assigned = await commander.PostWithToken(token, "/cases?handler=Assign", Ticked(ids[..2], ("personId", $"{server.Comms.Id}"), ("sku", sku)));
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Equal(list, assigned.Headers.Location!.OriginalString);
        using var linked = await commander.PostWithToken(await commander.FormToken(list), "/cases?handler=Link", Ticked(ids, ("incidentKey", key), ("sku", sku)));
        var after = Visible(await commander.Html(list));
        Assert.Contains($"Cases linked to {key}: 3.", after);
        var book = server.Service<CaseBook>();
        Assert.All(ids, id => Assert.Equal(key, book.Get(id).IncidentKey));
        Assert.Equal(["Sophie Martin", "Sophie Martin", null], ids.Select(id => book.Get(id).OwnerName));
        Assert.Equal(3, Regex.Matches(await commander.Html($"/cases?incident={key}"), "class=\"case-title\"").Count);

        using var nothingTicked = await commander.PostWithToken(await commander.FormToken(list), "/cases?handler=Assign", Ticked([], ("personId", $"{server.Comms.Id}"), ("sku", sku)));
        Assert.Contains("Tick at least one case first.", Visible(await commander.Html(list)));

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        Assert.DoesNotContain("type=\"checkbox\" name=\"ids\"", await viewer.Html(list));
        using var refused = await viewer.PostWithToken(await viewer.FormToken("/cases/" + ids[0]), "/cases?handler=Link", Ticked(ids, ("incidentKey", key)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_list_pages_older_cases_with_the_filters_kept()
    {
        var sku = Sku();
        var ids = Enumerable.Range(0, 52).Select(_ => server.LogCase(new NewCase { Channel = CaseChannels.Tmall, Category = CaseCategories.Delivery, Summary = "Late parcel", Sku = sku })).ToList();
        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        var first = await viewer.Html($"/cases?sku={sku}");
        Assert.Equal(50, Regex.Matches(first, "class=\"case-title\"").Count);
        var older = Regex.Match(first, "href=\"(/cases\\?[^\"]*before=[^\"]*)\"[^>]*>Older cases").Groups[1].Value;
        Assert.Contains($"sku={sku}", older);
        var second = await viewer.Html(System.Net.WebUtility.HtmlDecode(older));
        Assert.Equal([ids[1], ids[0]], Regex.Matches(second, "href=\"/cases/(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)));
        Assert.Contains("Newest cases", second);
        Assert.DoesNotContain("Older cases", second);
    }

    [Fact]
    public async Task An_admin_sets_the_clocks_the_retention_and_the_team_lead_and_each_wrong_value_is_shown_beside_its_field()
    {
        const string Page = "/admin/case-settings";
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        Assert.Contains("No team lead is set", Visible(await admin.Html(Page)));
        var lead = server.Service<PeopleDirectory>().Add(new NewPerson("Wang Fang", "wang.lead@example.com", Language: "zh-CN"));
        var fields = CaseChannels.All.SelectMany(channel => new[]
        {
            KeyValuePair.Create($"clocks[{channel}].response", CaseClocks.Defaults[channel].Response.TotalHours.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create($"clocks[{channel}].resolution", CaseClocks.Defaults[channel].Resolution.TotalHours.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }).ToDictionary();
        fields["clocks[douyin].response"] = "1.5";
        fields["clocks[jd].resolution"] = "6";
        fields["retentionDays"] = "0";
        fields["leadPersonId"] = $"{lead.Id}";

        using var refused = await admin.PostForm(Page, Page, new(fields));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Enter at least the first-response clock (12 hours) and at most 8760 hours.", html);
        Assert.Contains("Enter a number of days from 1 to 3650.", html);
        Assert.Contains("name=\"clocks[jd].resolution\" type=\"number\"", html);
        Assert.Matches("name=\"clocks\\[jd\\]\\.resolution\"[^>]*aria-invalid=\"true\"", html);

        fields["clocks[jd].resolution"] = "72";
        fields["retentionDays"] = "90";
        try
        {
            using var saved = await admin.PostForm(Page, Page, fields);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var settings = server.Service<CaseSettings>().Read();
            Assert.Equal(TimeSpan.FromMinutes(90), settings.Clocks.Single(clock => clock.Channel == CaseChannels.Douyin).Response);
            Assert.Equal((90, lead.Id), (settings.RetentionDays, settings.LeadPersonId));
            Assert.DoesNotContain("No team lead is set", Visible(await admin.Html(Page)));
        }
        finally
        {
            // Back to the shipped settings: the other tests on this server log Douyin cases with the shipped clock.
            server.Service<CaseSettings>().Save(new CaseSettingsValues(CaseChannels.All.Select(channel => CaseClocks.Defaults[channel]).ToList(),
                CaseSettings.DefaultRetentionDays, null), new Core.Incidents.Actor("admin", Roles.Admin));
        }
    }

    [Fact]
    public async Task A_person_added_on_the_people_page_is_written_to_in_the_language_chosen_there()
    {
        using var admin = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        var form = await admin.Html("/admin/people");
        Assert.Matches("<option value=\"zh-CN\" selected=\"selected\">中文</option>", form); // the admin's own language first
        using var added = await admin.PostForm("/admin/people", "/admin/people", new() { ["name"] = "Lin Xiao", ["email"] = "lin.page@example.com", ["language"] = "zh-CN" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("zh-CN", server.Service<PeopleDirectory>().List().Single(person => person.Email == "lin.page@example.com").Language);
    }

    private static Dictionary<string, string> Ticked(IEnumerable<long> ids, params (string Name, string Value)[] fields)
    {
        // A form posts a repeated field once per value: ids=1&ids=2, which FormUrlEncodedContent writes from indexed names too.
        var form = ids.Select((id, index) => KeyValuePair.Create($"ids[{index}]", $"{id}")).ToDictionary();
        foreach (var (name, value) in fields) form[name] = value;
        return form;
    }
}
