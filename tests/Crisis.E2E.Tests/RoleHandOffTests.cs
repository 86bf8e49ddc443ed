using System.Net.Http.Json;
using Crisis.Core.Accounts;
using Crisis.Core.People;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class RoleHandOffTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    private static ILocator Owner(IPage page, string stepId) => page.Locator($"#step-{stepId} .meta");

    [Fact]
    public async Task Handing_a_role_over_updates_the_owners_on_an_open_view_without_reload_and_keeps_who_did_what()
    {
        var server = fixture.Server;
        var night = server.Service<PeopleDirectory>().Add(new NewPerson("Wang Lei", "wang.lei.e2e@aurora.example", null, ["quality"]));
        using var opened = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Cracked bottles at night", severity = 1, roles = new Dictionary<string, long> { ["quality"] = server.Quality.Id } });
        opened.EnsureSuccessStatusCode();
        var key = (await opened.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
        var zhang = server.Client(Roles.Responder); // responder-user is Zhang Min, the quality lead
        (await zhang.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/complete", new { })).EnsureSuccessStatusCode();
        (await zhang.PostAsJsonAsync($"/api/incidents/{key}/steps/preserve-evidence/block", new { reason = "The warehouse opens at 08:00" })).EnsureSuccessStatusCode();

        var responder = await fixture.SignedInPage("responder-user", Password);
        await responder.GotoAsync(fixture.Url($"/incidents/{key}"));
        await responder.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        await responder.EvaluateAsync("() => window.notReloaded = true");
        await Assertions.Expect(Owner(responder, "fix-root-cause")).ToContainTextAsync("Zhang Min");

        var commander = await fixture.SignedInPage("commander-user", Password);
        await commander.GotoAsync(fixture.Url($"/incidents/{key}"));
        var quality = commander.Locator("#roles li", new() { HasText = "Quality lead" });
        await quality.Locator("summary").ClickAsync();
        await quality.Locator("select[name=personId]").SelectOptionAsync(new SelectOptionValue { Label = "Wang Lei ★" });
        await quality.Locator("button[type=submit]").ClickAsync();

        // The open view follows without a reload: the role's open steps are the new holder's…
        await Assertions.Expect(Owner(responder, "fix-root-cause")).ToContainTextAsync("Wang Lei", new() { Timeout = 10000 });
        Assert.True(await responder.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        // …while the step done before the hand-off and the one its previous holder blocked stay theirs.
        await Assertions.Expect(Owner(responder, "confirm-defect")).ToContainTextAsync("Zhang Min");
        await Assertions.Expect(Owner(responder, "confirm-defect")).Not.ToContainTextAsync("Wang Lei");
        await Assertions.Expect(Owner(responder, "preserve-evidence")).ToContainTextAsync("Zhang Min");
        await Assertions.Expect(responder.Locator("#side")).ToContainTextAsync("made Wang Lei the Quality lead, taking over from Zhang Min.");
        await BrowserFixture.Screenshot(responder, "handoff-desktop");

        await responder.GotoAsync(fixture.Url($"/incidents/{key}?filter=mine"));
        await Assertions.Expect(responder.Locator("#step-preserve-evidence")).ToBeVisibleAsync();
        await Assertions.Expect(responder.Locator("#step-fix-root-cause")).ToHaveCountAsync(0);

        var email = await server.MailDev.WaitForEmailsAsync(e => e.GetProperty("to")[0].GetProperty("address").GetString() == night.Email, 1);
        Assert.Contains("Zhang Min", Assert.Single(email).GetProperty("text").GetString());
    }
}
