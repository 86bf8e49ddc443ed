using Crisis.Core.Incidents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.People;

namespace Crisis.Web.Tests.Mail;

[Collection(nameof(MailServer))]
public class NotificationTests(MailServer server)
{
    private static string To(JsonElement email) => email.GetProperty("to")[0].GetProperty("address").GetString()!;
    private static string Subject(JsonElement email) => email.GetProperty("subject").GetString()!;
    private static string Text(JsonElement email) => email.GetProperty("text").GetString()!;

    private async Task<string> OpenRecall(Dictionary<string, long> roles, string language = "en")
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Cracked bottles", severity = 1, roles, language });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private Person AddPerson(string name, string email, params string[] roles) =>
        server.Services.GetRequiredService<PeopleDirectory>().Add(new NewPerson(name, email, null, roles));

    [Fact]
    public async Task People_given_a_role_or_a_step_are_emailed_with_their_steps_and_a_link()
    {
        var commander = AddPerson("Mei Chen", "mei.roles@aurora.example", "commander");
        var key = await OpenRecall(new() { ["quality"] = server.Quality.Id, ["commander"] = commander.Id });

        var quality = Assert.Single(await server.MailDev.WaitForEmailsAsync(e => Subject(e) == $"[{key}] You are Quality lead: Cracked bottles", 1));
        Assert.Equal("responder@example.com", To(quality));
        Assert.Contains($"commander-user made you Quality lead in {key}", Text(quality));
        Assert.Contains("Your open steps in this incident", Text(quality));
        Assert.Contains("Confirm the defect and list the affected SKUs, batches and barcodes (due", Text(quality));
        Assert.Matches(@"\(due \d{4}-\d\d-\d\d \d\d:\d\d UTC\)", Text(quality)); // no zone configured: English keeps UTC
        Assert.Contains($"https://crisis.aurora.example/incidents/{key}", Text(quality));
        Assert.Single(await server.MailDev.WaitForEmailsAsync(e => Subject(e) == $"[{key}] You are Incident commander: Cracked bottles" && To(e) == "mei.roles@aurora.example", 1));

        using var reassigned = await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/steps/count-units/reassign", new { personId = server.Comms.Id });
        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        var step = Assert.Single(await server.MailDev.WaitForEmailsAsync(e => Subject(e).StartsWith($"[{key}] A step for you:"), 1));
        Assert.Equal("sophie@example.com", To(step));
        Assert.Contains("Count units sold, in transit and in stock for each affected batch", Text(step));
        Assert.Contains($"https://crisis.aurora.example/incidents/{key}#step-count-units", Text(step));
    }

    [Fact]
    public async Task The_new_holder_of_a_handed_over_role_is_emailed_their_open_steps_in_the_incident_language()
    {
        var night = AddPerson("Wang Lei", "wang.lei@aurora.example", "quality");
        var key = await OpenRecall(new() { ["quality"] = server.Quality.Id }, "zh-CN");
        var responder = server.Client(Roles.Responder);
        (await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/complete", new { })).EnsureSuccessStatusCode();
        (await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/preserve-evidence/block", new { reason = "仓库 8 点才开门" })).EnsureSuccessStatusCode();

        using var handOff = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/roles", new { role = "quality", personId = night.Id });
        Assert.Equal(HttpStatusCode.OK, handOff.StatusCode);

        var email = Assert.Single(await server.MailDev.WaitForEmailsAsync(e => To(e) == "wang.lei@aurora.example", 1));
        var text = Text(email);
        Assert.Contains($"commander-user 在 {key}", text);
        Assert.Contains("从 Zhang Min 转交给您", text);
        Assert.Contains("您在此事件中负责的未完成步骤", text);
        Assert.Contains("在恢复生产前找到并消除工厂端的根本原因（截止", text); // an open quality step, now theirs
        Assert.Matches(@"\d\d:\d\d（北京时间，UTC\+8）", text); // no zone configured: a Chinese reader gets Beijing time, named
        Assert.DoesNotContain(" UTC", text);
        var leftWith = text.IndexOf("仍由 Zhang Min 负责", StringComparison.Ordinal);
        Assert.True(leftWith > 0, text);
        Assert.Contains("保全证据", text[leftWith..]); // blocked by the previous holder: it stays theirs
        Assert.DoesNotContain("确认缺陷", text); // done before the hand-off: not theirs
    }

    [Fact]
    public async Task An_overdue_step_reminds_its_owner_once_then_tells_the_commander_once()
    {
        var commander = AddPerson("Mei Chen", "mei.overdue@aurora.example", "commander");
        var key = await OpenRecall(new() { ["quality"] = server.Quality.Id, ["commander"] = commander.Id }, "zh-CN");
        bool Overdue(JsonElement e) => Subject(e).StartsWith($"【{key}】已逾期");
        bool Escalated(JsonElement e) => Subject(e).StartsWith($"【{key}】提醒后仍未完成");
        // The commander first rules out food and cosmetics, as the playbook asks within the hour.
        (await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/steps/route-to-own-playbook/complete", new { })).EnsureSuccessStatusCode();

        server.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // confirm-defect (quality) was due at +2h
        var reminder = Assert.Single(await server.MailDev.WaitForEmailsAsync(Overdue, 1));
        Assert.Equal("responder@example.com", To(reminder));
        Assert.Contains("确认缺陷", Text(reminder));
        // Steps whose role nobody holds go straight to the commander.
        var unowned = Assert.Single(await server.MailDev.WaitForEmailsAsync(Escalated, 1));
        Assert.Equal("mei.overdue@aurora.example", To(unowned));
        Assert.Contains("该角色无人担任", Text(unowned));

        server.Time.Advance(TimeSpan.FromMinutes(31)); // still open 30 minutes after the reminder
        var escalations = await server.MailDev.WaitForEmailsAsync(Escalated, 2);
        Assert.Equal(2, escalations.Count);
        Assert.Contains("Zhang Min", Text(escalations.Single(e => e.GetProperty("id").GetString() != unowned.GetProperty("id").GetString())));

        server.Time.Advance(TimeSpan.FromMinutes(40)); // nothing new falls due before +4h: no more emails for these steps
        Assert.Single(await server.MailDev.WaitForEmailsAsync(Overdue, 1));
        Assert.Equal(2, (await server.MailDev.WaitForEmailsAsync(Escalated, 2)).Count);

        var timeline = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/timeline");
        var notified = timeline.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == EventKinds.NotificationQueued)
            .Select(e => e.GetProperty("data").GetProperty("kind").GetString()).ToList();
        // A SEV1 also asks its commander for a status update each hour: that reminder is not about the steps.
        Assert.Equal(["reminder", "escalation", "escalation"], notified.Where(kind => kind != "status-update-due"));
    }
}
