using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>Every main page works under the strict content security policy: Chromium reports no refused script, style,
/// connection or image on any of them, and live updates still connect.</summary>
[Collection(nameof(BrowserFixture))]
public class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task No_main_page_has_anything_the_content_security_policy_refuses()
    {
        var server = fixture.Server;
        var key = await server.OpenRecallAsync();
        using var commander = server.Client(Roles.Commander);
        // A table with aligned columns: Markdig would write style attributes for it.
        using (var note = await commander.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/note",
                   new { text = "| batch | bottles |\n|:--|--:|\n| 2611 | 1200 |" }))
        {
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        }
        using var drafted = await commander.PostAsJsonAsync($"/api/incidents/{key}/messages", new { templateId = "holding-statement", language = "en" });
        var messageId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var trainer = server.Client(Roles.Trainer);
        using var started = await trainer.PostAsJsonAsync("/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "real",
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        });
        var exerciseId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var page = await fixture.SignedInPage("admin", CrisisServer.AdminPassword);
        var refusals = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refusals.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => refusals.Add($"{page.Url}: {error}");

        string[] livePages = [$"/incidents/{key}", $"/incidents/{key}/messages", $"/messages/{messageId}", $"/exercises/{exerciseId}"];
        string[] otherPages =
        [
            "/", "/playbooks", "/playbooks/product-recall", "/incidents/open?playbook=product-recall&severity=1",
            $"/incidents/{key}/review", $"/incidents/{key}/export", $"/incidents/{key}/messages/new", "/exercises",
            "/admin/users", "/admin/tokens", "/admin/people", "/settings", "/no/such/page",
        ];
        foreach (var path in livePages)
        {
            await page.GotoAsync(fixture.Url(path));
            await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        }
        foreach (var path in otherPages)
        {
            await page.GotoAsync(fixture.Url(path), new() { WaitUntil = WaitUntilState.Load });
        }
        var signIn = await fixture.Browser.NewPageAsync();
        signIn.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refusals.Add($"/signin: {message.Text}");
        };
        await signIn.GotoAsync(fixture.Url("/signin"), new() { WaitUntil = WaitUntilState.Load });
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await page.Locator("td.align-right").First.WaitForAsync();
        await page.WaitForTimeoutAsync(500);

        Assert.True(refusals.Count == 0, string.Join("\n", refusals));
    }
}
