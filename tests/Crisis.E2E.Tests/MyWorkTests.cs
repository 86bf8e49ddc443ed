using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class MyWorkTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    private static BrowserNewContextOptions Phone(string locale) =>
        new() { Locale = locale, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };

    /// <summary>A page signed in as <paramref name="user"/> whose clock reads the server's fake time, so countdowns read as they would.</summary>
    private async Task<IPage> At(string user, BrowserNewContextOptions? options = null)
    {
        var page = await fixture.SignedInPage(user, Password, options);
        await page.Clock.SetFixedTimeAsync(fixture.Server.Time.GetUtcNow().UtcDateTime);
        return page;
    }

    [Fact]
    public async Task My_work_lists_my_open_steps_across_incidents_overdue_first_and_the_messages_waiting_for_my_approval()
    {
        var server = fixture.Server;
        // The commander account is Mei Chen in the people directory, through its email.
        var mei = server.Service<PeopleDirectory>().Add(new NewPerson("Mei Chen", "commander@example.com", null, ["commander"]));
        var commanderApi = server.Client(Roles.Commander);
        async Task<string> Open(string title, int severity)
        {
            using var response = await commanderApi.PostAsJsonAsync("/api/incidents",
                new { playbookId = "product-recall", title, severity, roles = new Dictionary<string, long> { ["commander"] = mei.Id } });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        }
        var earlier = await Open("Cracked bottles, batch 2611", 1);
        server.Time.Advance(TimeSpan.FromHours(5)); // the earlier incident's first commander steps (due in 4 hours) are now overdue
        var exercise = server.Service<OpenIncident>().Execute(
            new OpenIncidentRequest("product-recall", "Night drill: loose teats", 2, new Dictionary<string, long> { ["commander"] = mei.Id }, IsExercise: true),
            new Actor("trainer-user"));
        using var draft = await commanderApi.PostAsJsonAsync($"/api/incidents/{earlier}/messages", new { templateId = "holding-statement", language = "en" });
        draft.EnsureSuccessStatusCode();
        var messageId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var desktop = await At("commander-user");
        await desktop.ClickAsync(".top-bar nav >> text=My work");
        await desktop.WaitForURLAsync(url => url.EndsWith("/my-work"));
        var items = desktop.Locator("#main .work-list").First.Locator(".work-item");
        await Assertions.Expect(items.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-overdue"));
        await Assertions.Expect(items.First.Locator(".work-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"/incidents/{earlier}#step-"));
        await Assertions.Expect(desktop.Locator(".work-item", new() { HasText = "Night drill: loose teats" }).First).ToContainTextAsync("EXERCISE");
        var hrefs = await items.Locator(".work-link").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains(hrefs, h => h.Contains(exercise));
        var approval = desktop.Locator("section[aria-labelledby=my-approvals-heading] .work-link", new() { HasText = earlier });
        await Assertions.Expect(approval).ToHaveAttributeAsync("href", $"/messages/{messageId}");
        await BrowserFixture.Screenshot(desktop, "my-work-desktop");

        // Keyboard: the first step is reachable with Tab and opens on its incident page with Enter.
        await desktop.Keyboard.PressAsync("Tab"); // skip link
        await desktop.Keyboard.PressAsync("Enter");
        for (var i = 0; i < 30 && !await desktop.EvaluateAsync<bool>("() => document.activeElement.classList.contains('work-link')"); i++)
            await desktop.Keyboard.PressAsync("Tab");
        await desktop.Keyboard.PressAsync("Enter");
        await desktop.WaitForURLAsync(url => url.Contains($"/incidents/{earlier}#step-"));

        var phone = await At("commander-user", Phone("zh-CN"));
        await phone.GotoAsync(fixture.Url("/my-work"));
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("我的工作");
        await Assertions.Expect(phone.Locator(".work-item.is-overdue").First).ToContainTextAsync("已逾期");
        await BrowserFixture.AssertFitsTheScreen(phone);
        var box = await phone.Locator(".work-link").First.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44 }, $"a step on My work is {box?.Height}px tall, under the 44px a thumb needs");
        await BrowserFixture.Screenshot(phone, "my-work-phone-zh");

        var phoneEn = await At("commander-user", Phone("en-GB"));
        await phoneEn.GotoAsync(fixture.Url("/my-work"));
        await BrowserFixture.Screenshot(phoneEn, "my-work-phone-en");
        var desktopZh = await At("commander-user", new() { Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        await desktopZh.GotoAsync(fixture.Url("/my-work"));
        await BrowserFixture.Screenshot(desktopZh, "my-work-desktop-zh");
    }

    [Fact]
    public async Task My_work_says_what_to_expect_when_nothing_is_mine()
    {
        var viewer = await At("viewer-user", Phone("en-GB"));
        await viewer.GotoAsync(fixture.Url("/my-work"));
        await Assertions.Expect(viewer.Locator("#main .notice")).ToContainTextAsync("does not match anyone in the people directory");
        await Assertions.Expect(viewer.Locator("#my-approvals-heading")).ToHaveCountAsync(0); // a viewer approves nothing

        var trainer = fixture.Service<PeopleDirectory>().Add(new NewPerson("Tao Yu", "trainer@example.com"));
        Assert.NotEqual(0, trainer.Id);
        var idle = await At("trainer-user", Phone("zh-CN"));
        await idle.GotoAsync(fixture.Url("/my-work"));
        await Assertions.Expect(idle.Locator("#main .notice").First).ToContainTextAsync("目前没有待您处理的工作");
        await BrowserFixture.Screenshot(idle, "my-work-empty-phone-zh");
    }
}
