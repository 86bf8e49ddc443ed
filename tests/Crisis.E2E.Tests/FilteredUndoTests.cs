using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// Under the "Open" and "Overdue" filters a ticked step no longer matches: it stays where it was, done, with its Undo,
/// until the undo has passed, and the focus never falls to the page's body.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class FilteredUndoTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private const string FocusOnBody = "() => document.activeElement === null || document.activeElement === document.body";

    private static async Task Live(IPage page) => await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });

    [Theory]
    [InlineData("en", 1280)]
    [InlineData("zh-CN", 390)]
    public async Task Under_the_open_filter_a_ticked_step_stays_with_its_undo_and_the_focus_stays_on_it(string language, int width)
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await fixture.SignedInPage("responder-user", Password, Screen(language, width));
        await page.GotoAsync(fixture.Url($"/incidents/{key}?filter=open"));
        await Live(page);
        var step = page.Locator("#step-confirm-defect");

        await step.Locator("button.tick").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(step).ToHaveClassAsync(new Regex("is-done"));
        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#tick-announcer")).Not.ToBeEmptyAsync();
        Assert.Equal("done", fixture.StepStatus(key, "confirm-defect"));

        // Undo from the keyboard: the step is open again, its tick focused.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(step).Not.ToHaveClassAsync(new Regex("is-done"));
        await Assertions.Expect(step.Locator("button.tick")).ToBeFocusedAsync();
        Assert.Equal("todo", fixture.StepStatus(key, "confirm-defect"));

        // Ticked and left alone, it leaves the open list once the undo has passed; the focus goes to the step after it.
        await step.Locator("button.tick").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync();
        // A full-page picture can take seconds on a busy machine: taken here, where no key press has to beat the undo.
        await BrowserFixture.Screenshot(page, $"incident-open-filter-undo-{(width < 500 ? "phone" : "desktop")}-{language}");
        await Assertions.Expect(step).ToHaveCountAsync(0, new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#step-route-to-own-playbook button.tick")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Under_the_overdue_filter_a_ticked_step_keeps_its_undo_and_then_the_focus_stays_in_the_checklist()
    {
        var key = fixture.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Leaking kettles", 1), new Actor("commander-user", Roles.Commander));
        fixture.Server.Time.Advance(TimeSpan.FromMinutes(61)); // taking the listings offline (due in an hour) is overdue
        var page = await fixture.SignedInPage("responder-user", Password, Screen("en", 390));
        await page.GotoAsync(fixture.Url($"/incidents/{key}?filter=overdue"));
        await Live(page);
        var step = page.Locator("#step-pause-listings");

        await step.Locator("button.tick").ClickAsync();
        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync();
        await Assertions.Expect(step).ToHaveClassAsync(new Regex("is-done"));
        await Assertions.Expect(page.Locator("#tick-announcer")).ToContainTextAsync("Marked done");
        await BrowserFixture.Screenshot(page, "incident-overdue-filter-undo-phone-en");

        await Assertions.Expect(step).ToHaveCountAsync(0, new() { Timeout = 15000 });
        Assert.False(await page.EvaluateAsync<bool>(FocusOnBody), "the focus fell to the page's body when the ticked step left the list");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('checklist').contains(document.activeElement)"), "the focus left the checklist");
        Assert.Equal("done", fixture.StepStatus(key, "pause-listings"));
    }

    [Fact]
    public async Task Reapplying_the_filter_lets_a_held_step_go_at_once()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await fixture.SignedInPage("responder-user", Password);
        await page.GotoAsync(fixture.Url($"/incidents/{key}?filter=open"));
        await Live(page);
        var step = page.Locator("#step-confirm-defect");
        await step.Locator("button.tick").ClickAsync();
        await Assertions.Expect(step.Locator("button.undo")).ToBeVisibleAsync();

        await page.Locator("#filter-open").ClickAsync();
        await Assertions.Expect(step).ToHaveCountAsync(0, new() { Timeout = 3000 });
    }

    private static BrowserNewContextOptions Screen(string language, int width) => width < 500 ? BrowserFixture.Phone(language) : BrowserFixture.Desktop(language);
}
