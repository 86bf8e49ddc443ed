using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Pdf.Tests;

namespace Crisis.Web.Tests.Mail;

/// <summary>An accelerated exercise over the API against the real SMTP server: injects, safety, scores, after-action report.</summary>
[Collection(nameof(MailServer))]
public class ExerciseTests(MailServer server)
{
    private async Task<JsonElement> Send(string role, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await server.Client(role).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string To(JsonElement email) => email.GetProperty("to")[0].GetProperty("address").GetString()!;

    [Fact]
    public async Task An_accelerated_exercise_emails_only_its_players_and_scores_what_they_did()
    {
        var started = await Send(Roles.Trainer, HttpMethod.Post, "/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "accelerated", rate = 10,
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        }, HttpStatusCode.Created);
        var id = started.GetProperty("id").GetInt64();
        var key = started.GetProperty("incidentKey").GetString()!;
        await Send(Roles.Commander, HttpMethod.Post, "/api/exercises", new { scenarioId = "recall-before-singles-day", participants = new { } }, HttpStatusCode.Forbidden);

        var trainerView = await Send(Roles.Trainer, HttpMethod.Get, $"/api/exercises/{id}");
        Assert.Equal(9, trainerView.GetProperty("injects").GetArrayLength());
        Assert.Contains("Watch whether quality asks", trainerView.ToString());
        var playerView = await Send(Roles.Responder, HttpMethod.Get, $"/api/exercises/{id}");
        Assert.Equal(["First reports on RED"], playerView.GetProperty("injects").EnumerateArray().Select(inject => inject.GetProperty("title").GetString()));
        Assert.DoesNotContain("Watch whether", playerView.ToString());
        Assert.DoesNotContain("Journalist calls", playerView.ToString());

        // Two real minutes at ×10 reach T+20m: the journalist's email goes to the comms player, marked as a drill.
        server.Time.Advance(TimeSpan.FromMinutes(2));
        var press = Assert.Single(await server.MailDev.WaitForEmailsAsync(email => email.GetProperty("subject").GetString()!.Contains("Press enquiry"), 1));
        Assert.Equal(("[EXERCISE] Press enquiry: cracked baby bottles, deadline 18:00", "sophie@example.com"), (press.GetProperty("subject").GetString(), To(press)));
        Assert.StartsWith("EXERCISE: this is a drill", press.GetProperty("text").GetString());

        // Nobody outside the exercise can be emailed, whatever the template.
        var draft = await Send(Roles.Responder, HttpMethod.Post, $"/api/incidents/{key}/messages", new
        {
            templateId = "supplier-notice", language = "en", recipients = new[] { "buyer@tmall-customer.example" },
        }, HttpStatusCode.Created);
        Assert.StartsWith("[EXERCISE] ", draft.GetProperty("subject").GetString());
        var messageId = draft.GetProperty("id").GetInt64();
        await Send(Roles.Responder, HttpMethod.Post, $"/api/messages/{messageId}/edit", new { subject = "[EXERCISE] Hold batch 2611", body = "Hold every unit of batch 2611." });
        var refused = await Send(Roles.Commander, HttpMethod.Post, $"/api/messages/{messageId}/approve", null, HttpStatusCode.BadRequest);
        Assert.Contains("buyer@tmall-customer.example", refused.GetProperty("detail").GetString());

        // The players act; the trainer plays an on-demand inject, observes, overrides and ends.
        await Send(Roles.Responder, HttpMethod.Post, $"/api/incidents/{key}/steps/confirm-defect/complete", new { });
        await Send(Roles.Responder, HttpMethod.Post, $"/api/exercises/{id}/injects/counterfeit-claim/release", null, HttpStatusCode.Forbidden);
        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/injects/counterfeit-claim/release");
        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/observations", new { text = "Quality asked for retained samples at once." });
        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/overrides", new { expectationId = "first-reports-on-red/start-monitoring", passed = true, comment = "Monitoring ran from the comms lead's phone" });
        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/pause");
        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/pause", null, HttpStatusCode.Conflict);
        var ended = await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/end");
        var scoreList = ended.GetProperty("scores").EnumerateArray().ToList();
        var scores = scoreList.ToDictionary(score => score.GetProperty("expectation").GetProperty("id").GetString()!, score => score.GetProperty("final").GetString());
        var confirm = scoreList.Single(score => score.GetProperty("expectation").GetProperty("id").GetString() == "first-reports-on-red/confirm-defect");
        Assert.Equal(("met", "00:20:00"), (confirm.GetProperty("final").GetString(), confirm.GetProperty("measured").GetString())); // done at T+20m, within 30m
        Assert.Equal("missed", scores["tmall-store-manager-asks-what-to-do/pause-listings"]);
        Assert.Equal("met", scores["first-reports-on-red/start-monitoring"]);
        Assert.Equal("not-played", scores["market-regulator-asks-questions/tpl:regulator-report"]);

        await Send(Roles.Responder, HttpMethod.Post, $"/api/exercises/{id}/feedback", new { whatWorked = "Clear roles", whatDidNot = "Slow legal sign-off", rating = 4 }, HttpStatusCode.NoContent);
        await Send(Roles.Responder, HttpMethod.Post, $"/api/exercises/{id}/feedback", new { whatWorked = "x", whatDidNot = "y", rating = 9 }, HttpStatusCode.BadRequest);

        using var report = await server.Client(Roles.Viewer).GetAsync($"/api/exercises/{id}/after-action.pdf");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var pdf = await report.Content.ReadAsByteArrayAsync();
        PdfFiles.QpdfCheck(pdf);
        var text = PdfFiles.Text(pdf);
        foreach (var expected in new[] { "After-action report and improvement plan", "cracked baby bottles ten days before 11.11", "Injects and response times",
                     "Quality asked for retained samples", "Slow legal sign-off", "Improvement plan",
                     // The override's comment wraps beside the expected step's text, which PdfPig reads line by line across the row.
                     "Monitoring ran from the", "comms lead's phone", "Start monitoring Weibo" })
            Assert.Contains(expected, text);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
            Assert.All(document.GetPages(), page => Assert.EndsWith("EXERCISE", page.Text));
        PdfFiles.Pictures(pdf, Api.ReviewApiTests.PictureFolder, "after-action", 1, 3);

        var outsiders = (await server.MailDev.EmailsAsync()).Where(email => To(email) == "buyer@tmall-customer.example");
        Assert.Empty(outsiders);
    }

    [Fact]
    public async Task A_chinese_exercise_marks_its_emails_and_report_as_a_drill_in_chinese_with_times_in_words_and_beijing_time()
    {
        var started = await Send(Roles.Trainer, HttpMethod.Post, "/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", language = "zh-CN", clock = "accelerated", rate = 10,
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        }, HttpStatusCode.Created);
        var id = started.GetProperty("id").GetInt64();
        var key = started.GetProperty("incidentKey").GetString()!;
        Assert.StartsWith("【演练】", (await Send(Roles.Viewer, HttpMethod.Get, $"/api/incidents/{key}")).GetProperty("title").GetString());

        server.Time.Advance(TimeSpan.FromMinutes(2)); // T+20m: the journalist's email
        var press = Assert.Single(await server.MailDev.WaitForEmailsAsync(email => email.GetProperty("subject").GetString()!.Contains("媒体问询"), 1));
        Assert.Equal("【演练】媒体问询：婴儿奶瓶开裂，截稿时间 18:00", press.GetProperty("subject").GetString());
        Assert.StartsWith("【演练】此为演练，非真实事件。", press.GetProperty("text").GetString());
        Assert.DoesNotContain("EXERCISE", press.GetProperty("text").GetString());

        var draft = await Send(Roles.Responder, HttpMethod.Post, $"/api/incidents/{key}/messages", new
        {
            templateId = "supplier-notice", language = "zh-CN", recipients = new[] { "sophie@example.com" },
        }, HttpStatusCode.Created);
        Assert.StartsWith("【演练】", draft.GetProperty("subject").GetString());
        Assert.DoesNotContain("EXERCISE", draft.ToString());

        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/observations", new { text = "质量负责人立即要求封存留样。" });
        await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/end");
        using var report = await server.Client(Roles.Viewer).GetAsync($"/api/exercises/{id}/after-action.pdf?lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var pdf = await report.Content.ReadAsByteArrayAsync();
        var text = System.Text.RegularExpressions.Regex.Replace(PdfFiles.Text(pdf), @"\s+", ""); // PdfPig puts spaces between the words it finds
        foreach (var expected in new[] { "【演练】此为演练，非真实事件。", "开始后0分钟", "开始后20分钟", "30分钟", "（北京时间，UTC+8）" })
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{expected} not in {text}");
        Assert.DoesNotContain("T+", text);
        Assert.DoesNotMatch(@"\d\d:\d\dUTC", text);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
            Assert.All(document.GetPages(), page => Assert.EndsWith("演练", page.Text));
    }
}
