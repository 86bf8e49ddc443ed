using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Web.Tests.Pages;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crisis.Web.Tests.Content;

/// <summary>Nothing stored can make a page, an API read or an export fail: hostile Markdown written straight into the
/// database (as an old row or another program could) still renders everywhere, and new input nested too deep is refused.</summary>
[Collection(nameof(CrisisServer))]
public class HostileMarkdownTests(CrisisServer server)
{
    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    /// <summary>Deep nesting of every block and inline kind past Markdig's limits (128 quotes, 64 lists, 255 emphasis
    /// delimiters), a huge table, very long lines and text from many Unicode categories. Each sample goes into every
    /// free-text column of every step, so a page holds it dozens of times: the table has 8,000 cells, not more, to keep
    /// a review PDF of all of them (rendered in time proportional to the text) well inside the client's timeout.</summary>
    public static IEnumerable<string> HostileMarkdown()
    {
        yield return new string('>', 130) + " deep quote";
        yield return Repeat("> ", 200) + "spaced quote";
        yield return Repeat("- ", 100) + "bullet";
        yield return Repeat("1. ", 100) + "ordered";
        yield return string.Join("\n", Enumerable.Range(0, 100).Select(i => new string(' ', i * 2) + "- item " + i));
        yield return Repeat("> - ", 60) + "quote in list";
        yield return Repeat("- [ ] ", 80) + "task";
        yield return new string('*', 600) + "stars" + new string('*', 600);
        yield return Repeat("*a _", 100) + "mixed" + Repeat("_ a*", 100);
        yield return Repeat("~~a ", 300) + "strike" + Repeat(" a~~", 300);
        yield return Repeat("[", 300) + "link" + Repeat("](http://x)", 300);
        yield return Repeat("![", 300) + "image" + Repeat("](http://x)", 300);
        yield return "[a](" + new string('(', 500) + new string(')', 500) + ")";
        yield return new string('`', 400) + "code" + new string('`', 400);
        yield return "|" + Repeat(" head |", 200) + "\n|" + Repeat("---|", 200) + "\n" + Repeat("|" + Repeat(" cell |", 200) + "\n", 40);
        yield return Repeat("x", 50_000);
        yield return Repeat("Wort ", 10_000);
        yield return "# " + Repeat("#", 3000) + "\n" + Repeat("=", 5000);
        yield return Repeat("\u0301", 2000) + "\u202E\u2066\u200B\u200D\uFEFF\u0000\u0007\u001B[31m" + "\uD83D\uDE00\uD83D" + "\uDC00" + "\uE000\U0010FFFD" + "漢字ㄅ한글ﷺ۝\u00AD\u2028\u2029\u3000" + "\uD800";
        yield return Repeat(">\t- 1) *_[`", 150);
    }

    [Fact]
    public async Task Hostile_markdown_stored_in_every_free_text_field_never_fails_a_page_an_api_read_or_an_export()
    {
        var (key, messageId) = await IncidentWithEveryFreeTextField();
        string[] pages = [$"/incidents/{key}", $"/incidents/{key}/messages", $"/messages/{messageId}", $"/incidents/{key}/review", $"/incidents/{key}/export", "/"];
        string[] reads = [$"/api/incidents/{key}", $"/api/incidents/{key}/timeline", $"/api/incidents/{key}/messages", $"/api/messages/{messageId}",
            $"/api/incidents/{key}/impact", $"/api/incidents/{key}/review", $"/api/incidents/{key}/review/metrics",
            $"/api/incidents/{key}/review.pdf", $"/api/incidents/{key}/checklist.pdf", $"/api/incidents/{key}/review.md",
            $"/api/incidents/{key}/review.pdf?lang=zh-CN&paper=Letter"];
        await RenderEverythingAfterStoring(Roles.Commander, pages, reads, hostile => Store(key, messageId, hostile));
    }

    [Fact]
    public async Task Hostile_markdown_stored_in_every_exercise_field_never_fails_the_console_the_players_view_or_the_after_action_report()
    {
        var (id, key) = await EndedExerciseWithEveryFreeTextField();
        string[] pages = [$"/exercises/{id}", $"/incidents/{key}", $"/exercises/{id}/after-action", $"/exercises/{id}/after-action?lang=zh-CN", "/exercises"];
        string[] reads = [$"/api/exercises/{id}", $"/api/incidents/{key}/timeline", $"/api/exercises/{id}/after-action.pdf"];
        await RenderEverythingAfterStoring(Roles.Trainer, pages, reads, hostile => StoreInExercise(id, hostile));
    }

    /// <summary>Stores each hostile sample, then reads every page and API answer as <paramref name="role"/>: none may answer 5xx.</summary>
    private async Task RenderEverythingAfterStoring(string role, string[] pages, string[] reads, Action<string> store)
    {
        using var browser = await Browser.SignedInAs(server, role);
        var api = server.Client(role);
        var failures = new List<string>();
        var renders = 0;
        foreach (var (hostile, sample) in HostileMarkdown().Select((text, i) => (text, i)))
        {
            store(hostile);
            foreach (var path in pages)
            {
                using var response = await browser.Get(path);
                renders++;
                if ((int)response.StatusCode >= 500) failures.Add($"sample {sample}: GET {path} {(int)response.StatusCode}");
            }
            foreach (var path in reads)
            {
                using var response = await api.GetAsync(path);
                renders++;
                if ((int)response.StatusCode >= 500) failures.Add($"sample {sample}: GET {path} {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {renders} renders failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Markdown_nested_too_deep_is_refused_with_a_400_naming_the_field()
    {
        var key = await server.OpenRecallAsync();
        var api = server.Client(Roles.Commander);
        var deep = new string('>', 130) + " deep quote";

        var note = await Refused(api, $"/api/incidents/{key}/steps/confirm-defect/note", new { text = deep });
        Assert.Contains("a note's text", note);
        Assert.Contains("nests", note);

        using var drafted = await api.PostAsJsonAsync($"/api/incidents/{key}/messages", new { templateId = "holding-statement", language = "en" });
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Contains("a message body", await Refused(api, $"/api/messages/{id}/edit", new { subject = "Statement", body = Repeat("- ", 70) + "x" }));

        Assert.Contains("note", await Refused(api, $"/api/incidents/{key}/impact", new { ordersAffected = 1, note = Repeat("> ", 40) + "x" }));

        // A value filled into a template can nest as deep as typed text.
        Assert.Contains("the message made from the template", await Refused(api, $"/api/incidents/{key}/messages",
            new { templateId = "holding-statement", language = "en", variables = new Dictionary<string, string> { ["situation"] = "\n\n" + deep } }));

        // Shallow Markdown is still taken.
        using var shallow = await api.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/note", new { text = "> a quote\n> - with **a list**" });
        Assert.Equal(HttpStatusCode.OK, shallow.StatusCode);
    }

    private static async Task<string> Refused(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
    }

    /// <summary>A resolved recall with a step note, a draft message, an impact note and a review with an action item.</summary>
    private async Task<(string Key, long MessageId)> IncidentWithEveryFreeTextField()
    {
        var key = await server.OpenRecallAsync();
        await Post(Roles.Responder, $"/api/incidents/{key}/steps/confirm-defect/note", new { text = "a note" });
        await Post(Roles.Responder, $"/api/incidents/{key}/impact", new { ordersAffected = 3, note = "an impact note" }, HttpStatusCode.Created);
        var message = await Post(Roles.Responder, $"/api/incidents/{key}/messages", new { templateId = "holding-statement", language = "en" }, HttpStatusCode.Created);
        await Post(Roles.Responder, $"/api/incidents/{key}/steps/confirm-defect/complete", new { });
        await Post(Roles.Commander, $"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" });
        var review = await Post(Roles.Commander, $"/api/incidents/{key}/review", new { }, HttpStatusCode.Created);
        await Post(Roles.Commander, $"/api/incidents/{key}/review/actions", new
        {
            expectedVersion = review.GetProperty("version").GetInt32(), title = "An action", ownerPersonId = server.Quality.Id, playbookChange = "supply-disruption",
        });
        return (key, message.GetProperty("id").GetInt64());
    }

    /// <summary>An ended exercise with an ad-hoc inject, an observation, a score override and a participant's feedback.</summary>
    private async Task<(long Id, string Key)> EndedExerciseWithEveryFreeTextField()
    {
        var started = await Post(Roles.Trainer, "/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "real",
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        }, HttpStatusCode.Created);
        var id = started.GetProperty("id").GetInt64();
        await Post(Roles.Trainer, $"/api/exercises/{id}/injects", new { title = "Ad hoc", body = "A call from the board", roles = new[] { "comms" } });
        await Post(Roles.Trainer, $"/api/exercises/{id}/observations", new { text = "Seen" });
        await Post(Roles.Trainer, $"/api/exercises/{id}/overrides", new { expectationId = "first-reports-on-red/start-monitoring", passed = true, comment = "By phone" });
        await Post(Roles.Trainer, $"/api/exercises/{id}/end", new { });
        await Post(Roles.Responder, $"/api/exercises/{id}/feedback", new { whatWorked = "Roles", whatDidNot = "Sign-off", rating = 4 }, HttpStatusCode.NoContent);
        return (id, started.GetProperty("incidentKey").GetString()!);
    }

    private async Task<JsonElement> Post(string role, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await server.Client(role).PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Writes <paramref name="hostile"/> into every free-text column of the incident, past every input check.</summary>
    private void Store(string key, long messageId, string hostile)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.Folder, "crisis.db")}");
        connection.Open();
        var incidentId = connection.ExecuteScalar<long>("SELECT id FROM incidents WHERE key = @key", new { key });
        var args = new { incidentId, messageId, hostile, whys = JsonSerializer.Serialize(Enumerable.Repeat(hostile, 5)) };
        connection.Execute("UPDATE steps SET note = @hostile, reason = @hostile, guidance = @hostile WHERE incident_id = @incidentId", args);
        connection.Execute("UPDATE messages SET subject = @hostile, body = @hostile WHERE id = @messageId", args);
        connection.Execute("UPDATE impact_entries SET note = @hostile, skus = @hostile, batches = @hostile WHERE incident_id = @incidentId", args);
        connection.Execute("""
            UPDATE reviews SET summary = @hostile, customer_impact = @hostile, revenue_impact = @hostile, regulators_notified = @hostile,
                root_cause = @hostile, five_whys = @whys, went_well = @hostile, went_poorly = @hostile, lucky = @hostile, lessons = @hostile
            WHERE incident_id = @incidentId
            """, args);
        connection.Execute("UPDATE review_actions SET title = @hostile, owner = @hostile, playbook_change = @hostile WHERE incident_id = @incidentId", args);
    }

    /// <summary>Writes <paramref name="hostile"/> into every free-text column of the exercise, its ad-hoc inject and its scenario's briefing.</summary>
    private void StoreInExercise(long id, string hostile)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.Folder, "crisis.db")}");
        connection.Open();
        var inject = JsonSerializer.Serialize(new { id = "ad-hoc-1", title = hostile, roles = new[] { "comms" }, body = hostile, trainerNote = hostile, expectations = Array.Empty<object>(), line = 0 });
        var args = new { id, hostile, inject };
        connection.Execute("UPDATE exercise_observations SET text = @hostile WHERE exercise_id = @id", args);
        connection.Execute("UPDATE exercise_overrides SET comment = @hostile WHERE exercise_id = @id", args);
        connection.Execute("UPDATE exercise_feedback SET what_worked = @hostile, what_did_not = @hostile WHERE exercise_id = @id", args);
        connection.Execute("UPDATE exercise_injects SET ad_hoc = @inject WHERE exercise_id = @id AND ad_hoc IS NOT NULL", args);
        connection.Execute("UPDATE exercises SET scenario = json_set(scenario, '$.briefing', @hostile) WHERE id = @id", args);
    }
}
