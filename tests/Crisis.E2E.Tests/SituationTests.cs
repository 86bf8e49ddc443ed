using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// What a commander sees at 3 a.m. and a responder on a phone: the situation under the incident's title, the dashboard's
/// sections, the checklist first on a small screen, filters that keep the reader's place, and a tick that can be undone.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class SituationTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    private static BrowserNewContextOptions Phone(string language) => new()
    {
        Locale = language,
        ViewportSize = new() { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
    };

    private static BrowserNewContextOptions Desktop(string language) => new() { Locale = language, ViewportSize = new() { Width = 1280, Height = 900 } };

    private static Task WaitUntilLive(IPage page) =>
        page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });

    /// <summary>A recall with Sophie Martin as commander, an hour and a minute old: taking the listings offline (due in an hour) is overdue.</summary>
    private string OpenRecallAnHourAgo()
    {
        var key = fixture.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Leaking kettles", 1,
            new Dictionary<string, long> { ["commander"] = fixture.Server.Comms.Id, ["quality"] = fixture.Server.Quality.Id }), Commander);
        fixture.Server.Time.Advance(TimeSpan.FromMinutes(61));
        return key;
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_incident_header_shows_the_commander_the_next_deadline_the_overdue_steps_and_the_latest_impact(string language)
    {
        var key = OpenRecallAnHourAgo();
        fixture.Service<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 1204, ComplaintsPlatform = 37 }, Commander);
        var page = await fixture.SignedInPage("commander-user", Password, Desktop(language));
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await WaitUntilLive(page);

        var situation = page.Locator("#situation");
        await Assertions.Expect(page.Locator("#situation-commander")).ToHaveTextAsync("Sophie Martin");
        // Two steps are due in two hours; the first of the checklist is named, with its countdown.
        await Assertions.Expect(page.Locator("#situation-next a")).ToHaveAttributeAsync("href", "#step-confirm-defect");
        await Assertions.Expect(page.Locator("#situation-next [data-due]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#situation-impact")).ToContainTextAsync("1,204");
        await Assertions.Expect(page.Locator("#situation-impact")).ToContainTextAsync("37");
        await Assertions.Expect(situation.Locator("[data-elapsed-since]")).Not.ToBeEmptyAsync();
        await BrowserFixture.Screenshot(page, $"incident-situation-desktop-{language}");

        // The header follows the incident live, as the rest of the page does.
        fixture.Service<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 3180 }, Commander);
        await Assertions.Expect(page.Locator("#situation-impact")).ToContainTextAsync("3,180");

        var overdueSteps = OverdueSteps(key);
        Assert.Contains("pause-listings", overdueSteps);
        var overdue = page.Locator("#situation-overdue");
        await Assertions.Expect(overdue).ToHaveTextAsync(language == "en" ? $"{overdueSteps.Count} overdue" : $"{overdueSteps.Count} 项已逾期");
        await overdue.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("filter=overdue"));
        await Assertions.Expect(page.Locator("#filter-overdue")).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator("#checklist li.step")).ToHaveCountAsync(overdueSteps.Count);
        await Assertions.Expect(page.Locator("#step-pause-listings")).ToBeVisibleAsync();
    }

    /// <summary>
    /// An incident opened from the English recall playbook, read in Chinese: its checklist stays English as it was opened,
    /// but the situation's labels are the reader's, the commander's among them, each followed by a full-width colon.
    /// </summary>
    [Theory]
    [InlineData("en", "Incident commander", "\":\"")]
    [InlineData("zh-CN", "总指挥", "\"：\"")]
    public async Task The_situation_labels_the_commander_and_punctuates_in_the_readers_language(string language, string commander, string colon)
    {
        var key = OpenRecallAnHourAgo();
        var page = await fixture.SignedInPage("commander-user", Password, Desktop(language));
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));

        await WaitUntilLive(page);

        await Assertions.Expect(page.Locator("#situation dt", new() { HasText = commander })).ToHaveCountAsync(1);
        // Read afresh each time: a live refresh may swap the situation for a fresh copy, whose detached old labels have no style.
        var colons = await page.WaitForFunctionAsync(
            "colon => { const after = [...document.querySelectorAll('#situation dt')].map(dt => getComputedStyle(dt, '::after').content); return after.every(content => content === colon) && after; }",
            colon, new() { Timeout = 5000 });
        Assert.NotEmpty((await colons.JsonValueAsync<string[]>()));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task On_a_phone_the_checklist_comes_first_and_the_impact_and_exports_follow_it(string language)
    {
        var key = await fixture.Server.OpenRecallAsync();
        fixture.Service<StepActions>().Complete(key, "confirm-defect", Commander);
        fixture.Service<StepActions>().Complete(key, "preserve-evidence", Commander);
        var phone = await fixture.SignedInPage("responder-user", Password, Phone(language));
        await phone.GotoAsync(fixture.Url($"/incidents/{key}"));
        await WaitUntilLive(phone);

        await BrowserFixture.ScreenshotOfView(phone, $"incident-first-screen-phone-{language}");
        await BrowserFixture.Screenshot(phone, $"incident-phone-{language}");
        // Laid out before it is measured (a screenshot used to wait for that, and is taken only when asked for now).
        foreach (var panel in new[] { "#checklist li.step >> nth=0", "#impact", "form.exports" })
            await Assertions.Expect(phone.Locator(panel)).ToBeVisibleAsync();
        var first = await phone.Locator("#checklist li.step").First.BoundingBoxAsync();
        Assert.True(first is { Y: < 844 }, $"the first step starts {first?.Y}px down a 844px-high phone screen");
        var impact = await phone.Locator("#impact").BoundingBoxAsync();
        var exports = await phone.Locator("form.exports").BoundingBoxAsync();
        var checklist = await phone.Locator("#checklist").BoundingBoxAsync();
        Assert.True(impact!.Y > checklist!.Y + checklist.Height - 1 && exports!.Y > checklist.Y + checklist.Height - 1,
            "the impact and export panels come after the checklist on a phone");
        await BrowserFixture.AssertFitsTheScreen(phone);

        // The done steps wait folded after the open ones of their phase.
        var done = phone.Locator("#done-assess");
        await Assertions.Expect(done.Locator("> summary")).ToHaveTextAsync(language == "en" ? "Done (2)" : "已完成（2）");
        await Assertions.Expect(phone.Locator("#step-confirm-defect")).Not.ToBeVisibleAsync();
        Assert.True((await done.BoundingBoxAsync())!.Y > (await phone.Locator("#steps-assess li.step").Last.BoundingBoxAsync())!.Y);
        await done.Locator("> summary").TapAsync();
        await Assertions.Expect(phone.Locator("#step-confirm-defect")).ToBeVisibleAsync();
        await phone.EvaluateAsync("() => window.scrollTo(0, document.getElementById('done-assess').offsetTop - 300)");
        await BrowserFixture.ScreenshotOfView(phone, $"incident-done-steps-phone-{language}");
        await phone.EvaluateAsync("() => window.scrollTo(0, document.getElementById('impact').offsetTop - 200)");
        await BrowserFixture.ScreenshotOfView(phone, $"incident-after-checklist-phone-{language}");
    }

    [Fact]
    public async Task A_filter_swaps_the_steps_in_place_without_losing_the_scroll_position()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var phone = await fixture.SignedInPage("responder-user", Password, Phone("en"));
        await phone.GotoAsync(fixture.Url($"/incidents/{key}"));
        await WaitUntilLive(phone);

        await phone.EvaluateAsync("() => window.scrollTo(0, document.querySelector('#checklist .filters').getBoundingClientRect().top + window.scrollY - 20)");
        var before = await phone.EvaluateAsync<double>("() => window.scrollY");
        Assert.True(before > 0, "the page should have scrolled to the filters");
        await phone.Locator("#filter-mine").TapAsync();
        await Assertions.Expect(phone.Locator("#filter-mine")).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("filter=mine"));
        await Assertions.Expect(phone.Locator("#step-stop-sale")).ToHaveCountAsync(0); // supply's step is not the responder's
        var after = await phone.EvaluateAsync<double>("() => window.scrollY");
        Assert.True(Math.Abs(after - before) < 2, $"the filter moved the page from {before}px to {after}px");

        await phone.GoBackAsync();
        await Assertions.Expect(phone.Locator("#filter-all")).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(phone.Locator("#step-stop-sale")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_tick_keeps_the_focus_on_its_step_and_offers_an_undo_and_a_tap_on_a_done_step_does_not_reopen_it()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await fixture.SignedInPage("responder-user", Password);
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await WaitUntilLive(page);
        var step = page.Locator("#step-confirm-defect");
        const string focusInStep = "() => document.activeElement.closest('#step-confirm-defect') !== null";

        // Keyboard only: Enter ticks, the focus stays on the step (on its Undo), a second Enter takes the tick back.
        await step.Locator("button.tick").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(step).ToHaveClassAsync(new Regex("is-done"));
        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#tick-announcer")).ToContainTextAsync("Marked done: Confirm the defect");
        Assert.True(await page.EvaluateAsync<bool>(focusInStep), "the focus left the step after the tick");
        await page.Keyboard.PressAsync("Enter"); // within the 8-second undo window: nothing slow (a screenshot) comes between
        await Assertions.Expect(step).Not.ToHaveClassAsync(new Regex("is-done"));
        await Assertions.Expect(step.Locator("button.tick")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#tick-announcer")).ToContainTextAsync("Reopened: Confirm the defect");
        Assert.Equal("todo", fixture.StepStatus(key, "confirm-defect"));

        // Ticked and left alone, the step folds into its phase's "Done" group once the undo has passed.
        await step.Locator("button.tick").ClickAsync();
        await Assertions.Expect(step.Locator("button.undo")).ToBeVisibleAsync();
        await BrowserFixture.Screenshot(page, "incident-tick-undo-desktop-en"); // however long it takes, the fold is waited for below
        await Assertions.Expect(step.Locator("button.undo")).ToHaveCountAsync(0, new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("details.done-steps #step-confirm-defect")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("details.done-steps > summary").First).ToHaveTextAsync("Done (1)");
        await Assertions.Expect(step).Not.ToBeVisibleAsync();

        // A tap on the done step's mark does nothing: it is no button.
        await page.Locator("details.done-steps > summary").First.ClickAsync();
        await Assertions.Expect(step.Locator("button.tick")).ToHaveCountAsync(0);
        await step.Locator(".tick").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        Assert.Equal("done", fixture.StepStatus(key, "confirm-defect"));
        await Assertions.Expect(step).ToHaveClassAsync(new Regex("is-done"));
    }

    private List<string> OverdueSteps(string key) => fixture.Service<IncidentQueries>().Get(key).AllSteps.Where(step => step.Overdue).Select(step => step.Id).ToList();

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_dashboard_lists_resolved_incidents_apart_shows_ended_exercises_ended_and_links_overdue_counts(string language)
    {
        var resolved = fixture.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Faded labels", 3), Commander);
        fixture.Service<IncidentLifecycle>().SetStatus(resolved, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Labels reprinted; the rest is routine"));
        var trainer = new Actor("trainer-user", Roles.Trainer);
        var runs = fixture.Service<ExerciseRuns>();
        var exercise = runs.Start(new StartExercise("recall-before-singles-day", new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id }, ClockModes.Manual), trainer);
        runs.End(exercise.Id, trainer);
        var open = OpenRecallAnHourAgo();

        var page = await fixture.SignedInPage("commander-user", Password, language == "en" ? Desktop(language) : Phone(language));
        await page.GotoAsync(fixture.Url("/"));
        var openSection = page.Locator("section", new() { Has = page.Locator("#open-heading") });
        await Assertions.Expect(openSection).ToContainTextAsync(open);
        await Assertions.Expect(openSection).Not.ToContainTextAsync(resolved);
        await Assertions.Expect(page.Locator("section", new() { Has = page.Locator("#resolved-heading") })).ToContainTextAsync(resolved);

        var exerciseCard = page.Locator("li.card", new() { Has = page.Locator($"a[href='/incidents/{exercise.IncidentKey}']") });
        await Assertions.Expect(exerciseCard).ToContainTextAsync(language == "en" ? "exercise ended" : "演练已结束");
        await Assertions.Expect(exerciseCard.Locator(".badge.status-open")).ToHaveCountAsync(0);

        var overdue = openSection.Locator($"a[href='/incidents/{open}?filter=overdue#checklist']");
        var count = OverdueSteps(open).Count;
        await Assertions.Expect(overdue).ToHaveTextAsync(language == "en" ? $"{count} overdue" : $"{count} 项已逾期");
        await BrowserFixture.Screenshot(page, $"dashboard-sections-{(language == "en" ? "desktop" : "phone")}-{language}");
        await overdue.ClickAsync();
        await Assertions.Expect(page.Locator("#filter-overdue")).ToHaveAttributeAsync("aria-current", "true");
    }
}
