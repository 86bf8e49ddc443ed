using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// My work keeps itself up to date: a step given to the reader, one of theirs ticked by someone else and a draft that
/// starts waiting for their approval show without a reload, and a burst of changes costs a fetch or two, not one each.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class MyWorkLiveTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    [Theory]
    [InlineData("en", 390)]
    [InlineData("zh-CN", 1280)]
    public async Task My_work_shows_a_step_given_to_me_drops_it_when_someone_else_ticks_it_and_shows_a_draft_waiting_for_me_without_a_reload(string language, int width)
    {
        // The responder account is Zhang Min in the people directory; nobody holds a role in this incident yet.
        var zhangMin = fixture.Server.Quality.Id;
        var key = fixture.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Swollen cans, batch 0412", 2), Commander);
        var page = await fixture.SignedInPage("responder-user", Password, width < 500 ? BrowserFixture.Phone(language) : BrowserFixture.Desktop(language));
        await page.GotoAsync(fixture.Url("/my-work"));
        await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var step = page.Locator($"#my-work .work-link[href='/incidents/{key}#step-count-units']");
        await Assertions.Expect(step).ToHaveCountAsync(0);

        var steps = fixture.Service<StepActions>();
        steps.Reassign(key, "count-units", Commander, zhangMin);
        await Assertions.Expect(step).ToBeVisibleAsync(new() { Timeout = 5000 });
        await BrowserFixture.Screenshot(page, $"my-work-live-{(width < 500 ? "phone" : "desktop")}-{language}");

        steps.Complete(key, "count-units", Commander);
        await Assertions.Expect(step).ToHaveCountAsync(0, new() { Timeout = 5000 });

        // Holding the commander role, she approves the incident's drafts: one drafted now waits for her.
        fixture.Service<IncidentLifecycle>().AssignRole(key, "commander", zhangMin, Commander);
        var draft = fixture.Service<Messages>().Draft(key, new DraftRequest("holding-statement", "en", [], new Dictionary<string, string>()), Commander);
        await Assertions.Expect(page.Locator($"section[aria-labelledby=my-approvals-heading] .work-link[href='/messages/{draft.Id}']"))
            .ToBeVisibleAsync(new() { Timeout = 5000 });

        // Ten changes in a burst: the page fetches itself once or twice, not ten times.
        var fetches = 0;
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath == "/my-work") Interlocked.Increment(ref fetches); };
        for (var i = 0; i < 10; i++) steps.Note(key, "classify-hazard", Commander, $"note {i}");
        await page.WaitForTimeoutAsync(3000);
        Assert.InRange(fetches, 1, 3);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page reloaded");
    }
}
