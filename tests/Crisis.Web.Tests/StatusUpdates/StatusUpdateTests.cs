using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.StatusUpdates;
using Crisis.Web.Tests.Mail;
using Crisis.Web.Tests.Pages;

namespace Crisis.Web.Tests.StatusUpdates;

[Collection(nameof(MailServer))]
public class StatusUpdateTests(MailServer server)
{
    private static string To(JsonElement email) => email.GetProperty("to")[0].GetProperty("address").GetString()!;
    private static string Subject(JsonElement email) => email.GetProperty("subject").GetString()!;
    private static string Text(JsonElement email) => email.GetProperty("text").GetString()!;

    /// <summary>A recall whose communications lead is the responder account's person (responder@example.com).</summary>
    private async Task<string> OpenRecall()
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Cracked bottles, batch 2611", severity = 1, roles = new Dictionary<string, long> { ["comms"] = server.Quality.Id } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    [Fact]
    public async Task The_communications_lead_posts_an_update_that_reaches_each_subscriber_by_email_in_their_language_and_viewers_read_it()
    {
        var people = server.Service<PeopleDirectory>();
        var chair = people.Add(new NewPerson("Zhou Hua", "chair.status@aurora.example", Language: "zh-CN"));
        var director = people.Add(new NewPerson("Anna Berg", "anna.status@aurora.example", Language: "en"));
        var key = await OpenRecall();
        var commander = server.Client(Roles.Commander);
        foreach (var person in new[] { chair, director })
            Assert.Equal(HttpStatusCode.NoContent, (await commander.PostAsJsonAsync($"/api/incidents/{key}/status-subscriptions", new { personId = person.Id })).StatusCode);

        var body = new { body = "**Listings paused** on Tmall, JD and Pinduoduo; 340 units back so far.", nextUpdateAt = server.Time.GetUtcNow().AddHours(1) };
        using var refused = await server.Client(Roles.Viewer).PostAsJsonAsync($"/api/incidents/{key}/status-updates", body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var posted = await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/status-updates", body);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var zh = Assert.Single(await server.MailDev.WaitForEmailsAsync(e => To(e) == "chair.status@aurora.example", 1));
        Assert.Equal($"[{key}] 状态通报：Cracked bottles, batch 2611", Subject(zh));
        Assert.Contains("340 units back so far", Text(zh));
        Assert.Contains("下次通报时间：", Text(zh));
        Assert.Contains($"https://crisis.aurora.example/incidents/{key}/status", Text(zh));
        var en = Assert.Single(await server.MailDev.WaitForEmailsAsync(e => To(e) == "anna.status@aurora.example", 1));
        Assert.Equal($"[{key}] Status update: Cracked bottles, batch 2611", Subject(en));
        Assert.Contains("Next update by", Text(en));

        var list = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/status-updates");
        var update = Assert.Single(list.GetProperty("updates").EnumerateArray());
        Assert.Equal(body.body, update.GetProperty("body").GetString());
        Assert.Equal(body.nextUpdateAt, list.GetProperty("nextDue").GetDateTimeOffset());
        Assert.Equal(2, (await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/status-subscriptions")).GetArrayLength());
    }

    [Fact]
    public async Task A_viewer_reads_the_status_page_in_chinese_and_is_offered_no_form()
    {
        var key = await OpenRecall();
        (await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "平台商品链接已全部暂停销售。" })).EnsureSuccessStatusCode();

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer, "zh-CN");
        var page = await viewer.Html($"/incidents/{key}/status");
        Assert.Contains("平台商品链接已全部暂停销售。", page);
        Assert.Contains("目前的影响", page);
        Assert.Contains("下次通报", page);
        Assert.DoesNotContain("发布状态通报", page);
        Assert.DoesNotContain("status_update.posted", page);
    }

    [Fact]
    public async Task A_commander_keeps_the_standing_subscriptions_in_words_and_a_viewer_may_not_open_the_list()
    {
        var board = server.Service<PeopleDirectory>().Add(new NewPerson("Li Wei (board)", "li.board@aurora.example", Language: "zh-CN"));
        using var commander = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        using var added = await commander.PostForm("/admin/status-subscriptions", "/admin/status-subscriptions?handler=Add",
            new() { ["personId"] = board.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["severity"] = "1", ["category"] = "recall" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var page = await commander.Html("/admin/status-subscriptions");
        Assert.Contains("Li Wei (board)：一级 · 产品召回的每个事件", System.Net.WebUtility.HtmlDecode(page));
        Assert.Contains(server.Service<StatusSubscriptions>().Standing(), s => s.PersonId == board.Id && s.Severity == 1 && s.Category == "recall");

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        using var refused = await viewer.Get("/admin/status-subscriptions");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        // Refusals in the reader's language: the form sent with its defaults (any severity, any category), a person
        // without an email, a subscription removed meanwhile.
        var noEmail = server.Service<PeopleDirectory>().Add(new NewPerson("Zhou Min (no email)"));
        async Task<string> Refused(string form, string handler, Dictionary<string, string> fields)
        {
            using var response = await commander.PostForm(form, $"{form}?handler={handler}", fields);
            return System.Net.WebUtility.HtmlDecode(await commander.Html(response.Headers.Location!.OriginalString));
        }
        var id = board.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("请选择严重级别、类别，或两者都选。", await Refused("/admin/status-subscriptions", "Add", new() { ["personId"] = id, ["severity"] = "", ["category"] = "" }));
        Assert.Contains("人员：Zhou Min (no email) ", await Refused("/admin/status-subscriptions", "Add",
            new() { ["personId"] = noEmail.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["severity"] = "1" }));
        Assert.Contains("该订阅已不存在", await Refused("/admin/status-subscriptions", "Remove", new() { ["id"] = "999999" }));
    }

    private static async Task<string> Refusal(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task A_refused_post_keeps_what_was_typed_and_the_time_chosen_and_the_box_says_its_limit()
    {
        var key = await OpenRecall();
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var page = await commander.Html($"/incidents/{key}/status");
        Assert.Contains($"maxlength=\"{StatusUpdateBook.BodyLimit}\"", page);

        var typed = "Batch 2611 recalled; typed by the commander. " + new string('x', StatusUpdateBook.BodyLimit);
        using var tooLong = await commander.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=Update", new() { ["body"] = typed, ["nextInMinutes"] = "120" });
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        var refused = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains(typed, refused);
        Assert.Contains("<option value=\"120\" selected=\"selected\">", refused);
        Assert.Contains("role=\"alert\"", refused);
        Assert.DoesNotContain("What happened", refused);

        foreach (var unoffered in new[] { "2147483647", "-30", "45", "" })
        {
            using var response = await commander.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=Update", new() { ["body"] = "Kept as typed.", ["nextInMinutes"] = unoffered });
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Choose one of the times offered.", html);
            Assert.Contains("Kept as typed.", html);
        }
        Assert.Empty(server.Service<StatusUpdateBook>().List(key));

        using var posted = await commander.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=Update", new() { ["body"] = "Posted.", ["nextInMinutes"] = "0" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Null(Assert.Single(server.Service<StatusUpdateBook>().List(key)).NextUpdateAt);
    }

    [Fact]
    public async Task Whoever_holds_the_communications_role_posts_whatever_their_account_role_and_a_viewer_account_only_reads()
    {
        var people = server.Service<PeopleDirectory>();
        var agentPerson = people.Add(new NewPerson("Liu Yang (service)", "agent@example.com"));
        using var opened = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Leaking caps", severity = 2, roles = new Dictionary<string, long> { ["comms"] = agentPerson.Id } });
        var key = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var other = await OpenRecall();

        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        Assert.Contains("id=\"status-body\"", await agent.Html($"/incidents/{key}/status"));
        Assert.DoesNotContain("id=\"status-body\"", await agent.Html($"/incidents/{other}/status"));
        using var posted = await server.Client(Roles.Agent).PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Customer service hears of no new harm." });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        using var notTheirs = await server.Client(Roles.Agent).PostAsJsonAsync($"/api/incidents/{other}/status-updates", new { body = "Not my incident." });
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);

        var viewerPerson = people.Add(new NewPerson("Board reader", "viewer@example.com"));
        using var assigned = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Loose lids", severity = 3, roles = new Dictionary<string, long> { ["comms"] = viewerPerson.Id } });
        var viewersKey = (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var viewerPost = await server.Client(Roles.Viewer).PostAsJsonAsync($"/api/incidents/{viewersKey}/status-updates", new { body = "A viewer account reads." });
        Assert.Equal(HttpStatusCode.Forbidden, viewerPost.StatusCode);
    }

    [Fact]
    public async Task The_api_takes_a_next_update_only_from_now_to_seven_days_ahead_and_says_so_in_words()
    {
        var key = await OpenRecall();
        var commander = server.Client(Roles.Commander);
        using var far = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Update.", nextUpdateAt = "9999-12-31T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        Assert.Contains("at most 7 days ahead", await Refusal(far));
        using var past = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Update.", nextUpdateAt = server.Time.GetUtcNow().AddMinutes(-5) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        using var words = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Update.", nextUpdateAt = "tomorrow morning" });
        Assert.Equal(HttpStatusCode.BadRequest, words.StatusCode);
        var said = await Refusal(words);
        Assert.Contains("ISO 8601 date and time", said);
        Assert.DoesNotContain("DateTimeOffset", said);
        Assert.Empty(server.Service<StatusUpdateBook>().List(key));
    }

    [Fact]
    public async Task The_draft_is_in_the_incidents_language_whatever_the_readers_and_claims_no_recall_work_on_another_kind()
    {
        using var opened = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "奶瓶破裂", severity = 1, language = "zh-CN" });
        var key = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var commander = await Browser.SignedInAs(server, Roles.Commander, "en");
        var page = System.Net.WebUtility.HtmlDecode(await commander.Html($"/incidents/{key}/status"));
        Assert.Contains("发生了什么", page);
        Assert.DoesNotContain("What happened", page);

        using var breach = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "data-breach", title = "Order export left public", severity = 1 });
        var breachKey = (await breach.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var draft = System.Net.WebUtility.HtmlDecode(await commander.Html($"/incidents/{breachKey}/status"));
        foreach (var recall in new[] { "affected product", "Affected listings", "no receipt", "market regulator", "no figures recorded" })
            Assert.DoesNotContain(recall, draft);
    }

    [Fact]
    public async Task The_status_page_shows_times_in_the_readers_zone_and_names_it_as_the_emails_do()
    {
        var key = await OpenRecall();
        var next = server.Time.GetUtcNow().AddHours(2);
        (await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Update.", nextUpdateAt = next })).EnsureSuccessStatusCode();

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer, "zh-CN");
        var page = System.Net.WebUtility.HtmlDecode(await viewer.Html($"/incidents/{key}/status"));
        var zone = server.Service<OrganisationSettings>().TimeZoneFor(SharedTexts.Chinese);
        Assert.Contains(SharedTexts.LocalTime(next, zone), page);
        Assert.Contains(SharedTexts.IsUtc(zone) ? "时间为 UTC。" : $"时间为{SharedTexts.ZoneName(zone, SharedTexts.Chinese)}（", page);
    }

    [Fact]
    public async Task Subscriptions_need_an_email_an_incident_still_open_and_a_known_id_and_are_made_once()
    {
        var commander = server.Client(Roles.Commander);
        var noEmail = server.Service<PeopleDirectory>().Add(new NewPerson("Chen Gang (no email)"));
        var key = await OpenRecall();
        using var byName = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-subscriptions", new { personId = noEmail.Id });
        Assert.Equal(HttpStatusCode.BadRequest, byName.StatusCode);
        Assert.Contains("has no email address", await Refusal(byName));
        using var standingNoEmail = await commander.PostAsJsonAsync("/api/status-subscriptions", new { personId = noEmail.Id, severity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, standingNoEmail.StatusCode);

        var board = server.Service<PeopleDirectory>().Add(new NewPerson("Gao Lei (board)", "gao.board@aurora.example"));
        var ids = new List<long>();
        foreach (var category in new[] { "recall", "recall", "  recall  " })
        {
            using var added = await commander.PostAsJsonAsync("/api/status-subscriptions", new { personId = board.Id, severity = 2, category });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            ids.Add((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        Assert.Single(ids.Distinct());
        Assert.Single(server.Service<StatusSubscriptions>().Standing(), s => s.PersonId == board.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await commander.DeleteAsync($"/api/status-subscriptions/{ids[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commander.DeleteAsync($"/api/status-subscriptions/{ids[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commander.DeleteAsync("/api/status-subscriptions/99999")).StatusCode);

        server.Service<IncidentLifecycle>().SetStatus(key, IncidentStatus.Closed, new Actor("commander-user", Roles.Commander), "Done",
            new OpenStepsAcknowledgement("The rest runs as business as usual"));
        using var closed = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-subscriptions", new { personId = board.Id });
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
        Assert.Contains("is closed", await Refusal(closed));
        Assert.Empty(server.Service<StatusSubscriptions>().ForIncident(key));

        // The closed incident's page offers no subscribing, and its Remove reaches no other subscription (a standing one here).
        var standing = server.Service<StatusSubscriptions>().SubscribeStanding(board.Id, 1, null, new Actor("commander-user", Roles.Commander));
        using var page = await Browser.SignedInAs(server, Roles.Commander);
        var html = await page.Html($"/incidents/{key}/status");
        Assert.DoesNotContain("handler=Subscribe", html);
        using var elsewhere = await page.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=Unsubscribe",
            new() { ["id"] = standing.ToString(CultureInfo.InvariantCulture) });
        Assert.Contains(server.Service<StatusSubscriptions>().Standing(), s => s.Id == standing);
    }

    [Fact]
    public async Task A_subscriber_stored_without_an_email_is_listed_as_out_of_reach_in_the_readers_language()
    {
        var key = await OpenRecall();
        var unreachable = server.Service<PeopleDirectory>().Add(new NewPerson("Sun Li (email gone)"));
        server.Service<Core.Storage.Database>().InTransaction((connection, transaction) => Dapper.SqlMapper.Execute(connection,
            """
            INSERT INTO status_subscriptions (person_id, incident_id, created_by, created_at)
            SELECT @person, id, 'an earlier version', '2026-01-01T00:00:00Z' FROM incidents WHERE key = @key;
            INSERT INTO status_subscriptions (person_id, severity, created_by, created_at) VALUES (@person, 1, 'an earlier version', '2026-01-01T00:00:00Z');
            """, new { person = unreachable.Id, key }, transaction));

        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Matches(@"Sun Li \(email gone\)\s*<span class=""unreachable"">\(no email address now: updates cannot reach them\)</span>", await commander.Html($"/incidents/{key}/status"));
        using var chinese = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        Assert.Contains("（现在没有电子邮箱：通报无法送达）", await chinese.Html("/admin/status-subscriptions"));
    }

    [Fact]
    public async Task An_update_with_unreadable_stored_times_leaves_the_status_page_the_api_and_the_reminders_working()
    {
        var key = await OpenRecall();
        var commander = server.Client(Roles.Commander);
        using var posted = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Listings paused on every platform." });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        server.Service<Core.Storage.Database>().InTransaction((connection, transaction) => Dapper.SqlMapper.Execute(connection,
            "UPDATE status_updates SET posted_at = 'yesterday', next_update_at = 'soon' WHERE incident_id = (SELECT id FROM incidents WHERE key = @key)",
            new { key }, transaction));

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        Assert.Contains("Listings paused on every platform.", await viewer.Html($"/incidents/{key}/status"));
        using var api = await commander.GetAsync($"/api/incidents/{key}/status-updates");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        server.Service<StatusReminders>().Remind(); // reads every open incident: the damaged one must not stop it
    }

    [Fact]
    public async Task A_viewer_subscribes_themselves_on_the_status_page_or_by_the_api_and_stops_again()
    {
        var key = await OpenRecall();
        server.Service<Core.Accounts.Accounts>().AddUser("guest-viewer", Roles.Viewer, "a long password", "guest@elsewhere.example"); // no person has its email
        using var stranger = await Browser.SignedInAsUser(server, "guest-viewer", "a long password", "zh-CN");
        Assert.Contains("请管理员为你的账号设置与人员名录中相同的邮箱", await stranger.Html($"/incidents/{key}/status"));

        var people = server.Service<PeopleDirectory>();
        var me = people.List().Where(person => string.Equals(person.Email, "viewer@example.com", StringComparison.OrdinalIgnoreCase)).MinBy(person => person.Id)
            ?? people.Add(new NewPerson("Wen Jing (board)", "VIEWER@example.com")); // another test may have added the viewer already
        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        var page = await viewer.Html($"/incidents/{key}/status");
        Assert.Contains("Email me every update", page);
        using var subscribed = await viewer.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=SubscribeMe", []);
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        Assert.Contains(server.Service<StatusSubscriptions>().ForIncident(key), s => s.PersonId == me.Id);
        Assert.Contains("Stop emailing me the updates", await viewer.Html($"/incidents/{key}/status"));
        using var stopped = await viewer.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=UnsubscribeMe", []);
        Assert.DoesNotContain(server.Service<StatusSubscriptions>().ForIncident(key), s => s.PersonId == me.Id);

        var api = server.Client(Roles.Viewer);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/incidents/{key}/status-subscriptions/me", null)).StatusCode);
        Assert.Contains(server.Service<StatusSubscriptions>().ForIncident(key), s => s.PersonId == me.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/incidents/{key}/status-subscriptions/me")).StatusCode);
        Assert.Empty(server.Service<StatusSubscriptions>().ForIncident(key));
        var standing = server.Service<StatusSubscriptions>().SubscribeStanding(me.Id, 1, "recall", new Core.Incidents.Actor("commander-user", Roles.Commander));
        var covered = await viewer.Html($"/incidents/{key}/status");
        Assert.Contains("a standing subscription of yours covers it", covered);
        Assert.DoesNotContain("Email me every update", covered);
        server.Service<StatusSubscriptions>().Remove(standing);

        using var unknown = await stranger.PostForm($"/incidents/{key}/status", $"/incidents/{key}/status?handler=SubscribeMe", []);
        Assert.Contains("你的账号没有与人员名录中任何人相同的邮箱地址", await stranger.Html(unknown.Headers.Location!.OriginalString));
    }
}
