using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// On a 390 px phone the top bar keeps to one line, two at most, so the checklist starts near the top: the commander's
/// menu and account links fold under "Menu", which opens from the keyboard, with or without script, and reaches each of
/// them. On a desktop they show in the bar as they are.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class TopBarTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    /// <summary>A line of the bar is a tap target high; the bar has half a rem above and below, and as much between lines.</summary>
    private const double TwoLines = 2 * 44 + 3 * 8;

    public static TheoryData<string, string, string[]> Readers => new()
    {
        { "en-GB", "en", ["My work", "Incidents", "Cases", "Signals", "Follow-ups", "Risks", "Playbooks", "Insights", "People", "中文", "Settings", "Sign out"] },
        { "zh-CN", "zh", ["我的工作", "事件", "工单", "预警", "改进项跟踪", "风险", "预案", "数据洞察", "人员", "English", "设置", "退出"] },
    };

    [Theory, MemberData(nameof(Readers))]
    public async Task On_a_phone_the_top_bar_keeps_to_one_line_and_its_menu_opens_from_the_keyboard(string locale, string suffix, string[] items)
    {
        var key = await fixture.Server.OpenRecallAsync();
        var options = BrowserFixture.Phone(locale);
        options.JavaScriptEnabled = false; // the menu opens without script
        var page = await fixture.SignedInPage("commander-user", Password, options);
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        var bar = page.Locator("header.top-bar");
        var height = (await bar.BoundingBoxAsync())!.Height;
        Assert.True(height <= TwoLines, $"the top bar is {height}px high on a 390px phone, more than two lines");
        await Assertions.Expect(page.Locator(".top-bar nav")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotOfView(page, $"top-bar-phone-{suffix}");

        await page.Locator(".menu-toggle > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        foreach (var item in items)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = page.Locator(".top-bar :focus");
            await Assertions.Expect(focused).ToContainTextAsync(item);
            var box = (await focused.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{item} is outside the screen, at {box.X}px to {box.X + box.Width}px");
        }
        await BrowserFixture.AssertFitsTheScreen(page);
        await BrowserFixture.ScreenshotOfView(page, $"top-bar-phone-menu-open-{suffix}");

        await page.Locator(".top-bar nav a", new() { HasText = items[8] }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/people");
        await page.Context.CloseAsync();
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task On_a_desktop_the_menu_shows_in_a_bar_of_one_line(string locale, string suffix, string[] items)
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Desktop(locale));
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        var height = (await page.Locator("header.top-bar").BoundingBoxAsync())!.Height;
        Assert.True(height < TwoLines / 2 + 8, $"the top bar is {height}px high on a desktop, more than one line");
        await Assertions.Expect(page.Locator(".menu-toggle")).ToBeHiddenAsync();
        foreach (var item in items)
        {
            await Assertions.Expect(page.Locator(".top-bar a, .top-bar button", new() { HasText = item }).First).ToBeVisibleAsync();
        }
        await BrowserFixture.ScreenshotOfView(page, $"top-bar-desktop-{suffix}");
        await page.Context.CloseAsync();
    }
}
