using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>Resolving an incident and ending an exercise cannot be taken back: each asks first, on a page that works by keyboard, on a phone and without JavaScript.</summary>
[Collection(nameof(BrowserFixture))]
public class ConfirmationTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    private static readonly BrowserNewContextOptions ChinesePhone = new()
    {
        Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private static readonly BrowserNewContextOptions EnglishPhone = new()
    {
        Locale = "en-GB", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task A_commander_resolves_with_a_required_step_open_only_through_the_confirmation_by_keyboard()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var commander = await fixture.SignedInPage("commander-user", Password);
        await commander.GotoAsync(fixture.Url($"/incidents/{key}"));
        await commander.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        await Assertions.Expect(commander.Locator("#step-report-to-samr .required-by-law")).ToHaveTextAsync("Required by law");
        await Assertions.Expect(commander.Locator("#step-confirm-defect .required-by-law")).ToHaveCountAsync(0);

        // Keyboard only: choose "Resolved", type a comment, submit with Enter.
        await commander.FocusAsync("#status");
        await commander.Keyboard.PressAsync("ArrowDown");
        await commander.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(commander.Locator("#status")).ToHaveValueAsync("resolved");
        await commander.Keyboard.PressAsync("Tab");
        await commander.Keyboard.TypeAsync("Quiet since noon");
        await commander.Keyboard.PressAsync("Tab");
        await commander.Keyboard.PressAsync("Enter");

        await commander.WaitForURLAsync(url => url.Contains($"/incidents/{key}/confirm-status"));
        var listed = commander.Locator(".open-steps li.step");
        await Assertions.Expect(listed.First.Locator(".required-by-law")).ToHaveTextAsync("Required by law");
        await Assertions.Expect(commander.Locator("#open-report-to-samr")).ToContainTextAsync("Report the defect to the market regulator");
        await Assertions.Expect(commander.Locator("#open-confirm-defect .required-by-law")).ToHaveCountAsync(0);
        await Assertions.Expect(commander.Locator(".open-steps .notice")).ToContainTextAsync("required by law");
        await Assertions.Expect(commander.Locator("form.confirm-status")).ToContainTextAsync("Quiet since noon");
        var open = await listed.CountAsync();
        await BrowserFixture.Screenshot(commander, "confirm-resolve-desktop");

        // Nothing changed yet: the incident is still open.
        using (var incident = await fixture.Server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}"))
            Assert.Equal("open", (await incident.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        await commander.FocusAsync("#reason");
        await commander.Keyboard.TypeAsync("Legal files the SAMR report first thing tomorrow");
        await commander.Keyboard.PressAsync("Tab");
        await Assertions.Expect(commander.Locator("form.confirm-status button[type=submit]")).ToBeFocusedAsync();
        await Assertions.Expect(commander.Locator("form.confirm-status button[type=submit]")).ToHaveTextAsync($"Resolve with {open} steps open");
        await commander.Keyboard.PressAsync("Enter");

        await commander.WaitForURLAsync(url => url.EndsWith($"/incidents/{key}#controls"));
        await Assertions.Expect(commander.Locator("#incident-head .status-resolved")).ToHaveTextAsync("Resolved");
        var timeline = commander.Locator("#side ol.timeline li").First;
        await Assertions.Expect(timeline).ToContainTextAsync("Legal files the SAMR report first thing tomorrow");
        await Assertions.Expect(timeline).ToContainTextAsync($"{open} steps still open"); // told as the review's story tells it
    }

    [Fact]
    public async Task The_confirmation_works_without_javascript_and_on_a_phone_in_both_languages()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var confirm = fixture.Url($"/incidents/{key}/confirm-status?to=resolved");

        var desktopChinese = await fixture.SignedInPage("commander-user", Password, new()
        {
            Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 }, JavaScriptEnabled = false,
        });
        await desktopChinese.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Assertions.Expect(desktopChinese.Locator("#step-report-to-samr .required-by-law")).ToHaveTextAsync("法律要求");
        await desktopChinese.SelectOptionAsync("#status", "closed");
        await desktopChinese.ClickAsync("#controls form:has(#status) button[type=submit]");
        await desktopChinese.WaitForURLAsync(url => url.Contains("confirm-status"));
        await Assertions.Expect(desktopChinese.Locator("h1")).ToHaveTextAsync($"确认关闭 {key}？");
        await Assertions.Expect(desktopChinese.Locator(".open-steps li.step").First.Locator(".required-by-law")).ToHaveTextAsync("法律要求");
        await BrowserFixture.Screenshot(desktopChinese, "confirm-close-desktop-zh");
        await desktopChinese.ClickAsync("a.button:has-text('取消')");
        await desktopChinese.WaitForURLAsync(url => url.EndsWith($"/incidents/{key}#controls"));

        var englishPhone = await fixture.SignedInPage("commander-user", Password, EnglishPhone);
        await englishPhone.GotoAsync(confirm);
        await BrowserFixture.AssertFitsTheScreen(englishPhone);
        await BrowserFixture.Screenshot(englishPhone, "confirm-resolve-phone");

        var phone = await fixture.SignedInPage("commander-user", Password, ChinesePhone);
        await phone.GotoAsync(fixture.Url($"/incidents/{key}"));
        await phone.SelectOptionAsync("#status", "resolved");
        await phone.Locator("#controls form:has(#status) button[type=submit]").TapAsync();
        await phone.WaitForURLAsync(url => url.Contains("confirm-status"));
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync($"确认解决 {key}？");
        await BrowserFixture.AssertFitsTheScreen(phone);
        await BrowserFixture.Screenshot(phone, "confirm-resolve-phone-zh");
        await phone.FillAsync("#reason", "法务明早提交监管报告");
        var submit = phone.Locator("form.confirm-status button[type=submit]");
        var box = await submit.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44 }, $"the confirm button is {box?.Height}px high, under the 44px a thumb needs");
        await submit.TapAsync();
        await phone.WaitForURLAsync(url => url.EndsWith($"/incidents/{key}#controls"));
        await Assertions.Expect(phone.Locator("#incident-head .status-resolved")).ToHaveTextAsync("已解决");
    }

    [Fact]
    public async Task Ending_an_exercise_asks_first_on_a_phone_too()
    {
        long id;
        using (var started = await fixture.Server.Client(Roles.Trainer).PostAsJsonAsync("/api/exercises", new
               {
                   scenarioId = "recall-before-singles-day", clock = "real",
                   participants = new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id, ["comms"] = fixture.Server.Comms.Id },
               }))
        {
            started.EnsureSuccessStatusCode();
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }

        var trainer = await fixture.SignedInPage("trainer-user", Password, ChinesePhone);
        await trainer.GotoAsync(fixture.Url($"/exercises/{id}"));
        await trainer.Locator("a.button:has-text('结束演练')").TapAsync();
        await trainer.WaitForURLAsync(url => url.EndsWith($"/exercises/{id}/end"));
        await Assertions.Expect(trainer.Locator("h1")).ToContainTextAsync("结束演练");
        await Assertions.Expect(trainer.Locator(".notice.danger")).ToContainTextAsync("尚未下发");
        await BrowserFixture.AssertFitsTheScreen(trainer);
        await BrowserFixture.Screenshot(trainer, "exercise-end-phone-zh");

        // Cancelling changes nothing; confirming ends it.
        await trainer.Locator("a.button:has-text('取消')").TapAsync();
        await Assertions.Expect(trainer.Locator("#exercise-head .badge")).ToHaveTextAsync(new Regex("进行中|已暂停"));
        await trainer.Locator("a.button:has-text('结束演练')").TapAsync();
        await trainer.Locator("form button.danger").TapAsync();
        await trainer.WaitForURLAsync(url => url.EndsWith($"/exercises/{id}"));
        await Assertions.Expect(trainer.Locator("#exercise-head .badge")).ToHaveTextAsync("已结束");

        var desktop = await fixture.SignedInPage("trainer-user", Password);
        await desktop.GotoAsync(fixture.Url($"/exercises/{id}/end"));
        await desktop.WaitForURLAsync(url => url.EndsWith($"/exercises/{id}")); // an ended exercise has nothing left to confirm
    }
}
