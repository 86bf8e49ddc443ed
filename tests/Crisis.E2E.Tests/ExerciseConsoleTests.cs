using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// The trainer's console on a 390 px phone fits the screen in both languages, its controls big enough for a thumb; and an
/// exercise started from the English scenario reads in Chinese for the trainer and the players who read Chinese.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class ExerciseConsoleTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private static readonly Actor Trainer = new("trainer-user", Roles.Trainer);

    /// <summary>The recall drill, started from its English scenario, with its first inject out and an observation noted.</summary>
    private (long Id, string Key) StartEnglishDrill()
    {
        var runs = fixture.Service<ExerciseRuns>();
        var started = runs.Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id, ["comms"] = fixture.Server.Comms.Id }, ClockModes.Manual), Trainer);
        runs.ReleaseNow(started.Id, "first-reports-on-red", Trainer);
        runs.Observe(started.Id, "Quality checked the batch codes against the complaint photos within five minutes", Trainer);
        return started;
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_exercise_console_fits_a_phone_with_controls_a_thumb_can_use(string language)
    {
        var (id, _) = StartEnglishDrill();
        var phone = await fixture.SignedInPage("trainer-user", Password, BrowserFixture.Phone(language));
        await phone.GotoAsync(fixture.Url($"/exercises/{id}"));
        await phone.Locator("#scores table").WaitForAsync();

        await BrowserFixture.AssertFitsTheScreen(phone);

        var small = await phone.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('#main button, #main a.button, #main select, #main input:not([type=hidden]):not([type=checkbox])')]
                .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 44)
                .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.Empty(small);
        await BrowserFixture.Screenshot(phone, $"exercise-console-phone-{language}");

        var desktop = await fixture.SignedInPage("trainer-user", Password, BrowserFixture.Desktop(language));
        await desktop.GotoAsync(fixture.Url($"/exercises/{id}"));
        await BrowserFixture.Screenshot(desktop, $"exercise-console-desktop-{language}");
    }

    [Fact]
    public async Task A_status_message_after_a_post_in_place_is_in_the_message_live_region()
    {
        var (id, _) = StartEnglishDrill();
        var page = await fixture.SignedInPage("trainer-user", Password, BrowserFixture.Desktop("en"));
        await page.GotoAsync(fixture.Url($"/exercises/{id}"));
        await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        var press = page.Locator("li.step", new() { HasText = "Journalist calls" });

        await press.Locator("form[action*='handler=DryRun'] button").ClickAsync();

        // The trainer's account is no address of this exercise: the refusal is announced as the incident page's messages
        // are, in #message, which the page patches in place with each answer.
        await Assertions.Expect(page.Locator("#message [role=alert]")).ToContainTextAsync("a dry run would not be delivered", new() { Timeout = 15000 });
        await Assertions.Expect(page).ToHaveURLAsync(fixture.Url($"/exercises/{id}"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_exercise_started_in_english_shows_its_injects_in_chinese_to_readers_of_chinese()
    {
        var (id, key) = StartEnglishDrill();

        var trainer = await fixture.SignedInPage("trainer-user", Password, BrowserFixture.Desktop("zh-CN"));
        await trainer.GotoAsync(fixture.Url($"/exercises/{id}"));
        await Assertions.Expect(trainer.Locator("h1")).ToHaveTextAsync("桌面推演：双十一前十天，婴儿奶瓶开裂");
        await Assertions.Expect(trainer.Locator("#schedule")).ToContainTextAsync("小红书出现首批投诉");
        await Assertions.Expect(trainer.Locator("#schedule")).ToContainTextAsync("天猫店长询问是否继续预售");
        await Assertions.Expect(trainer.Locator("#schedule")).Not.ToContainTextAsync("First reports on RED");
        await Assertions.Expect(trainer.Locator("#scores")).Not.ToContainTextAsync("First reports on RED");

        // The player reading Chinese sees the released inject and the briefing in Chinese; one reading English, in English.
        var player = await fixture.SignedInPage("responder-user", Password, BrowserFixture.Phone("zh-CN"));
        await player.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Assertions.Expect(player.Locator("#exercise")).ToContainTextAsync("小红书出现首批投诉");
        await Assertions.Expect(player.Locator("#exercise")).Not.ToContainTextAsync("First reports on RED");
        await player.EvaluateAsync("() => window.scrollTo(0, document.getElementById('exercise').offsetTop)");
        await BrowserFixture.ScreenshotOfView(player, "exercise-player-phone-zh-CN");

        var english = await fixture.SignedInPage("responder-user", Password, BrowserFixture.Phone("en-GB"));
        await english.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Assertions.Expect(english.Locator("#exercise")).ToContainTextAsync("First reports on RED");
    }
}
