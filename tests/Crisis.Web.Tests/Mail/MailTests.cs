using Crisis.Core.Incidents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;

namespace Crisis.Web.Tests.Mail;

[Collection(nameof(MailServer))]
public class MailTests(MailServer server)
{
    /// <summary>Every field of the recall notice filled in, so a draft from it can be approved and sent.</summary>
    internal static readonly Dictionary<string, string> RecallVariables = new()
    {
        ["product"] = "Anti-colic bottle 260 ml", ["batches"] = "2611", ["hazard"] = "The base can crack when sterilised.",
        ["how_to_identify"] = "The batch number is printed on the base.", ["remedy"] = "A full refund to your original payment method.",
        ["model"] = "AB-260", ["quantity"] = "12,400 units", ["scope"] = "Tmall and JD, mainland China", ["recall_start"] = "5 November 2026",
        ["recall_end"] = "4 May 2027", ["maker"] = "Aurora Baby Products Co., Ltd.", ["maker_address"] = "88 Example Road, Shanghai", ["filing_number"] = "SH-2026-0417",
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> Draft(string key, string language, params string[] recipients) =>
        await Json(await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/messages",
            new { templateId = "recall-customer-notice", language, recipients, variables = RecallVariables }));

    private async Task<JsonElement> WaitForMessage(long id, Func<JsonElement, bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var message = await Json(await server.Client(Roles.Viewer).GetAsync($"/api/messages/{id}"));
            if (condition(message)) return message;
        }
        throw new TimeoutException($"message {id} never {what}");
    }

    [Fact]
    public async Task An_approved_notice_arrives_with_its_subject_body_and_recipient_in_each_language()
    {
        var key = await server.OpenRecallAsync();
        foreach (var (language, subject, phrase, signature) in new[]
        {
            ("en", "Recall notice: stop using Anti-colic bottle 260 ml, model AB-260 (batches 2611)", "Please stop using the product now",
                $"Aurora Baby\nManufacturer: Aurora Baby Products Co., Ltd., 88 Example Road, Shanghai"),
            ("zh-CN", "召回通知：请立即停止使用Anti-colic bottle 260 ml（型号AB-260，批次2611）", "请您立即停止使用该产品",
                $"Aurora Baby\n生产者：Aurora Baby Products Co., Ltd.（地址：88 Example Road, Shanghai）"),
        })
        {
            var recipient = $"parent.{language}@example.com";
            var draft = await Draft(key, language, recipient);
            Assert.Equal("draft", draft.GetProperty("status").GetString());
            Assert.Empty(draft.GetProperty("missingVariables").EnumerateArray());
            Assert.Contains("400-820-0000", draft.GetProperty("text").GetString());
            var id = draft.GetProperty("id").GetInt64();

            using var refused = await server.Client(Roles.Responder).PostAsync($"/api/messages/{id}/approve", null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            await Json(await server.Client(Roles.Commander).PostAsync($"/api/messages/{id}/approve", null));

            var sent = await WaitForMessage(id, m => m.GetProperty("status").GetString() == MessageStatus.Sent, "was sent");
            Assert.Contains("queued as", sent.GetProperty("deliveries")[0].GetProperty("serverReply").GetString(), StringComparison.OrdinalIgnoreCase);
            var email = Assert.Single(await server.MailDev.EmailsAsync(), e => e.GetProperty("to")[0].GetProperty("address").GetString() == recipient);
            Assert.Equal(subject, email.GetProperty("subject").GetString());
            Assert.Contains(phrase, email.GetProperty("text").GetString());
            Assert.EndsWith(signature, email.GetProperty("text").GetString()!.TrimEnd());
            Assert.Contains("<strong>", email.GetProperty("html").GetString());
            Assert.Equal("care@aurora.example", email.GetProperty("from")[0].GetProperty("address").GetString());
        }
        var kinds = (await Json(await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/timeline"))).EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(2, kinds.Count(k => k == EventKinds.MessageSent));
    }

    [Fact]
    public async Task Viewers_may_not_draft_and_templates_are_listed_for_everyone()
    {
        var key = await server.OpenRecallAsync();
        using var refused = await server.Client(Roles.Viewer).PostAsJsonAsync($"/api/incidents/{key}/messages", new { templateId = "recall-customer-notice" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var templates = await Json(await server.Client(Roles.Viewer).GetAsync("/api/templates"));
        Assert.Equal(Directory.GetFiles(Path.Combine(CrisisServer.RepositoryFolder, "templates"), "*.md").Length, templates.GetArrayLength());
        Assert.All(templates.EnumerateArray(), t => Assert.True(t.GetProperty("usable").GetBoolean()));
    }

    [Fact]
    public async Task While_the_mail_server_is_down_the_email_stays_queued_and_is_delivered_exactly_once_when_it_returns()
    {
        var key = await server.OpenRecallAsync();
        var id = (await Draft(key, "en", "waiting.parent@example.com")).GetProperty("id").GetInt64();
        await server.MailDev.StopAsync();
        try
        {
            await Json(await server.Client(Roles.Commander).PostAsync($"/api/messages/{id}/approve", null));
            var failedOnce = await WaitForMessage(id, m => m.GetProperty("deliveries")[0].GetProperty("attempts").GetInt32() >= 1
                && m.GetProperty("deliveries")[0].GetProperty("lastError").ValueKind == JsonValueKind.String, "failed an attempt");
            var delivery = failedOnce.GetProperty("deliveries")[0];
            Assert.Equal(("queued", "queued"), (failedOnce.GetProperty("status").GetString(), delivery.GetProperty("status").GetString()));
            Assert.Contains("cannot reach the SMTP server", delivery.GetProperty("lastError").GetString());
        }
        finally
        {
            await server.MailDev.StartAsync();
        }
        server.Time.Advance(Outbox.Backoff(1)); // the retry falls due
        var sent = await WaitForMessage(id, m => m.GetProperty("status").GetString() == MessageStatus.Sent, "was sent after the server returned");
        Assert.Equal(2, sent.GetProperty("deliveries")[0].GetProperty("attempts").GetInt32());

        await Task.Delay(TimeSpan.FromSeconds(2)); // several more worker polls: nothing may be sent again
        Assert.Single(await server.MailDev.EmailsAsync(), e => e.GetProperty("to")[0].GetProperty("address").GetString() == "waiting.parent@example.com");
    }
}
