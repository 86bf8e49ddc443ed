using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Pdf.Tests;
using UglyToad.PdfPig;

namespace Crisis.Web.Tests.Api;

/// <summary>The impact log, the review workflow and the reports over HTTP, read back as real PDFs.</summary>
[Collection(nameof(CrisisServer))]
public class ReviewApiTests(CrisisServer server)
{
    public static string PictureFolder { get; } = Path.Combine(CrisisServer.RepositoryFolder, "tests", "Crisis.Web.Tests", "pictures");

    private async Task<JsonElement> Post(string role, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await server.Client(role).PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> ResolvedRecallWithReview()
    {
        var key = await server.OpenRecallAsync();
        await Post(Roles.Responder, $"/api/incidents/{key}/impact",
            new { ordersAffected = 1204, customersAffected = 1180, complaintsPlatform = 37, complaints12315 = 5, complaintsSocial = 12, skus = "BB-260, BB-240", batches = "2611, 2612" }, HttpStatusCode.Created);
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { refundsIssued = 640, refundAmount = 86400.50, unitsRecalled = 3000, unitsRecovered = 2210 }, HttpStatusCode.Created);
        await Post(Roles.Responder, $"/api/incidents/{key}/steps/confirm-defect/complete", new { });
        await Post(Roles.Commander, $"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" });
        var review = await Post(Roles.Commander, $"/api/incidents/{key}/review", new { }, HttpStatusCode.Created);
        review = await Post(Roles.Responder, $"/api/incidents/{key}/review/content", new
        {
            expectedVersion = review.GetProperty("version").GetInt32(),
            summary = "Cracked bottles from **batch 2611** reached 1,180 customers; sales stopped within the hour.",
            rootCause = "A mould change at the supplier was not requalified.",
            fiveWhys = new[] { "The bottles cracked", "The wall was thin", "The mould changed", "Nobody requalified it", "The supplier contract does not require it" },
            wentWell = "- Tmall listings were down in 40 minutes\n- The 12315 replies went out on day one",
            wentPoorly = "Legal approval of the recall notice took four hours.",
            lucky = "The batch shipped mostly to one province.",
            lessons = "Requalify after every tooling change.",
            revenueImpact = "About CNY 1.2 million of lost sales over two weeks",
            regulatorsNotified = "SAMR Shanghai, 2026-11-03",
        });
        await Post(Roles.Commander, $"/api/incidents/{key}/review/actions", new
        {
            expectedVersion = review.GetProperty("version").GetInt32(),
            title = "Add requalification to the supplier contract", ownerPersonId = server.Quality.Id, dueDate = "2026-12-15", playbookChange = "supply-disruption",
        });
        return key;
    }

    [Fact]
    public async Task The_impact_log_records_figures_over_time_and_rejects_bad_ones()
    {
        var key = await server.OpenRecallAsync();
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { ordersAffected = 10, complaintsSocial = 3 }, HttpStatusCode.Created);
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { ordersAffected = 25, note = "Pinduoduo figures arrived" }, HttpStatusCode.Created);
        var log = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/impact");
        Assert.Equal(2, log.GetProperty("entries").GetArrayLength());
        Assert.Equal((25, 3), (log.GetProperty("current").GetProperty("ordersAffected").GetInt32(), log.GetProperty("current").GetProperty("complaintsSocial").GetInt32()));

        var unknown = await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { orders = 5 }, HttpStatusCode.BadRequest);
        Assert.Contains("orders", unknown.GetProperty("detail").GetString());
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { unitsRecalled = -4 }, HttpStatusCode.BadRequest);
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { }, HttpStatusCode.BadRequest);
        await Post(Roles.Viewer, $"/api/incidents/{key}/impact", new { ordersAffected = 1 }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Impact_figures_may_be_sent_as_strings_of_digits_but_other_bodies_take_numbers_only()
    {
        var key = await server.OpenRecallAsync();
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { ordersAffected = "3", refundAmount = "12.50" }, HttpStatusCode.Created);
        var current = (await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/impact")).GetProperty("current");
        Assert.Equal((3L, 12.50m), (current.GetProperty("ordersAffected").GetInt64(), current.GetProperty("refundAmount").GetDecimal()));

        var role = await Post(Roles.Commander, $"/api/incidents/{key}/roles", new { role = "quality", personId = $"{server.Quality.Id}" }, HttpStatusCode.BadRequest);
        Assert.Contains("'personId' must be a whole number", role.GetProperty("detail").GetString());
    }

    private async Task<string> ResolvedRecallWithOpenReview()
    {
        var key = await server.OpenRecallAsync();
        await Post(Roles.Commander, $"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" });
        await Post(Roles.Commander, $"/api/incidents/{key}/review", new { }, HttpStatusCode.Created);
        return key;
    }

    [Fact]
    public async Task A_review_field_sent_as_null_is_cleared_and_one_left_out_is_kept()
    {
        var key = await ResolvedRecallWithOpenReview();
        await Post(Roles.Responder, $"/api/incidents/{key}/review/content",
            new { expectedVersion = 1, summary = "First", rootCause = "Mould change", fiveWhys = new[] { "The bottles cracked" } });

        var cleared = await Post(Roles.Responder, $"/api/incidents/{key}/review/content",
            new { expectedVersion = 2, summary = (string?)null, fiveWhys = (string[]?)null });
        var content = cleared.GetProperty("content");
        Assert.Equal(("", 0, "Mould change"), (content.GetProperty("summary").GetString(), content.GetProperty("fiveWhys").GetArrayLength(),
            content.GetProperty("rootCause").GetString()));
        Assert.Equal(3, cleared.GetProperty("version").GetInt32());
        var edited = (await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/timeline")).EnumerateArray().Last();
        Assert.Equal(EventKinds.ReviewEdited, edited.GetProperty("kind").GetString());
        Assert.Equal(["summary", "fiveWhys"], edited.GetProperty("data").GetProperty("fields").EnumerateArray().Select(field => field.GetString()));

        var unknown = await Post(Roles.Responder, $"/api/incidents/{key}/review/content", new { expectedVersion = 3, sumary = "typo" }, HttpStatusCode.BadRequest);
        Assert.Contains("sumary", unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_action_item_with_a_null_status_is_refused_and_one_without_a_status_is_open()
    {
        var key = await ResolvedRecallWithOpenReview();
        var actions = $"/api/incidents/{key}/review/actions";
        var refused = await Post(Roles.Commander, actions, new { expectedVersion = 1, title = "Requalify moulds", ownerPersonId = server.Quality.Id, status = (string?)null },
            HttpStatusCode.BadRequest);
        Assert.Contains("unknown action status ''", refused.GetProperty("detail").GetString());

        var added = await Post(Roles.Commander, actions, new { expectedVersion = 1, title = "Requalify moulds", ownerPersonId = server.Quality.Id });
        var action = added.GetProperty("actions")[0];
        Assert.Equal("open", action.GetProperty("status").GetString());

        refused = await Post(Roles.Commander, $"{actions}/{action.GetProperty("id").GetInt64()}",
            new { expectedVersion = 2, title = "Requalify moulds", status = (string?)null }, HttpStatusCode.BadRequest);
        Assert.Contains("unknown action status ''", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Only_commanders_open_and_publish_and_a_stale_edit_is_a_conflict()
    {
        var key = await server.OpenRecallAsync();
        await Post(Roles.Commander, $"/api/incidents/{key}/review", new { }, HttpStatusCode.BadRequest); // not resolved yet
        await Post(Roles.Commander, $"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" });
        await Post(Roles.Responder, $"/api/incidents/{key}/review", new { }, HttpStatusCode.Forbidden);
        await Post(Roles.Commander, $"/api/incidents/{key}/review", new { }, HttpStatusCode.Created);
        await Post(Roles.Responder, $"/api/incidents/{key}/review/content", new { expectedVersion = 1, summary = "First", rootCause = "Mould change" });
        var conflict = await Post(Roles.Commander, $"/api/incidents/{key}/review/content", new { expectedVersion = 1, summary = "Second" }, HttpStatusCode.Conflict);
        Assert.Contains("responder-user", conflict.GetProperty("detail").GetString());
        await Post(Roles.Viewer, $"/api/incidents/{key}/review/content", new { expectedVersion = 2, summary = "Third" }, HttpStatusCode.Forbidden);
        var partial = await Post(Roles.Responder, $"/api/incidents/{key}/review/content", new { expectedVersion = 2, lessons = "Requalify moulds" });
        Assert.Equal(("First", "Mould change", "Requalify moulds"), (partial.GetProperty("content").GetProperty("summary").GetString(),
            partial.GetProperty("content").GetProperty("rootCause").GetString(), partial.GetProperty("content").GetProperty("lessons").GetString()));
        await Post(Roles.Responder, $"/api/incidents/{key}/review/content", new { expectedVersion = 3, sumary = "typo" }, HttpStatusCode.BadRequest);
        await Post(Roles.Responder, $"/api/incidents/{key}/review/submit", new { expectedVersion = 3 });
        await Post(Roles.Responder, $"/api/incidents/{key}/review/publish", new { expectedVersion = 4 }, HttpStatusCode.Forbidden);
        var published = await Post(Roles.Commander, $"/api/incidents/{key}/review/publish", new { expectedVersion = 4 });
        Assert.Equal("published", published.GetProperty("status").GetString());
        await Post(Roles.Responder, $"/api/incidents/{key}/review/content", new { expectedVersion = 5, summary = "Too late" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_review_pdf_tells_the_story_in_English_and_Chinese()
    {
        var key = await ResolvedRecallWithReview();
        // No zone is configured: English keeps UTC, Chinese is written in Beijing time, named; yuan are ¥ in Chinese only (¥ is the yen too).
        foreach (var (language, title, summaryHeading, appendix, refund, zone) in new[]
                 {
                     ("en", "Post-incident review", "Executive summary", "Appendix: event log", "CNY86,400.50", @"\d\d:\d\dUTC"),
                     ("zh-CN", "事件复盘报告", "执行摘要", "附录：时间线全部记录", "¥86,400.50", @"\d\d:\d\d（北京时间，UTC\+8）"),
                 })
        {
            using var response = await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/review.pdf?lang={language}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var pdf = await response.Content.ReadAsByteArrayAsync();
            PdfFiles.QpdfCheck(pdf);
            using var document = PdfDocument.Open(pdf);
            Assert.StartsWith($"{key} · {title}", document.Information.Title);
            Assert.True(document.TryGetBookmarks(out var bookmarks));
            var outline = bookmarks.Roots.Select(node => node.Title).ToList();
            Assert.Equal(summaryHeading, outline[0]);
            Assert.Equal(appendix, outline[^1]);

            var text = PdfFiles.Text(pdf);
            Assert.Contains("Cracked bottles", text);
            Assert.Contains("1,204", text);
            var unspaced = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", ""); // PdfPig puts spaces between the words it finds
            Assert.Contains(refund, unspaced);
            Assert.Matches(zone, unspaced);
            Assert.Equal(language == "en", unspaced.Contains("T+", StringComparison.Ordinal)); // the phase chart's axis: words in Chinese
            Assert.Contains("Zhang Min", text);
            Assert.True(text.IndexOf(summaryHeading, StringComparison.Ordinal) < text.IndexOf("1,204", StringComparison.Ordinal), "summary before impact");
            Assert.True(text.IndexOf("1,204", StringComparison.Ordinal) < text.IndexOf(appendix, StringComparison.Ordinal), "impact before the appendix");
            Assert.DoesNotContain("EXERCISE", text);
            PdfFiles.Pictures(pdf, PictureFolder, $"review-{language}", 1, 4);
        }
    }

    [Fact]
    public async Task The_printable_checklist_has_every_step_with_tick_boxes_in_either_language()
    {
        var key = await server.OpenRecallAsync();
        var incident = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}");
        var firstStep = incident.GetProperty("phases")[0].GetProperty("steps")[0].GetProperty("text").GetString()!;
        using var english = await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/checklist.pdf?paper=Letter");
        var pdf = await english.Content.ReadAsByteArrayAsync();
        PdfFiles.QpdfCheck(pdf);
        using (var document = PdfDocument.Open(pdf))
            Assert.Equal(612, Math.Round(document.GetPage(1).Width));
        Assert.Contains(string.Join(" ", firstStep.Split(' ').Take(4)), PdfFiles.Text(pdf));
        // Sub-steps are marked with a character the report font has: one it lacks would embed a whole fallback font.
        Assert.Contains("└", PdfFiles.Text(pdf));
        using (var document = PdfDocument.Open(pdf))
            Assert.DoesNotContain(document.GetPages().SelectMany(page => page.Letters), letter => letter.FontName?.Contains("DejaVu") == true);
        PdfFiles.Pictures(pdf, PictureFolder, "checklist-en", 1, 2);

        using var chinese = await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/checklist.pdf?lang=zh-CN");
        var zh = await chinese.Content.ReadAsByteArrayAsync();
        Assert.Contains("事件检查清单", PdfFiles.Text(zh));
        Assert.Contains("角色分工", PdfFiles.Text(zh));

        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/checklist.pdf?lang=fr")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/checklist.pdf?paper=A3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client(Roles.Viewer).GetAsync("/api/incidents/INC-1999-0001/checklist.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(null).GetAsync($"/api/incidents/{key}/review.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_review_exports_as_markdown()
    {
        var key = await ResolvedRecallWithReview();
        var markdown = await server.Client(Roles.Viewer).GetStringAsync($"/api/incidents/{key}/review.md?lang=en");
        Assert.StartsWith($"# {key} · Post-incident review: Cracked bottles", markdown);
        Assert.Contains("| Orders affected | 1,204 |", markdown);
        Assert.Contains("1. **Why 1?** The bottles cracked", markdown);
        Assert.Contains("| Add requalification to the supplier contract | Zhang Min | 2026-12-15 | Open | Supply disruption |", markdown);
        Assert.Contains("verify", markdown);
    }
}
