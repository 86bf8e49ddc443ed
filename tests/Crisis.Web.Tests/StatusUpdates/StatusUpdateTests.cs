using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
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
    }
}
