using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class CaseJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    /// <summary>A page signed in as <paramref name="user"/> whose clock reads the server's fake time, so countdowns read as they would.</summary>
    private async Task<IPage> At(string user, BrowserNewContextOptions options)
    {
        var page = await fixture.SignedInPage(user, Password, options);
        await page.Clock.SetFixedTimeAsync(fixture.Server.Time.GetUtcNow().UtcDateTime);
        return page;
    }

    [Fact]
    public async Task An_agent_logs_a_case_on_a_phone_and_finds_it_in_the_list_and_a_commander_links_cases_to_an_incident()
    {
        var sku = "E2E-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var phone = await At("agent-user", BrowserFixture.Phone("en-GB"));
        await phone.ClickAsync(".menu-toggle summary");
        await phone.ClickAsync(".top-bar nav >> text=Cases");
        await phone.WaitForURLAsync(url => url.EndsWith("/cases"));
        await phone.ClickAsync("text=Log a case");
        await phone.WaitForURLAsync(url => url.EndsWith("/cases/new"));
        await BrowserFixture.AssertFitsTheScreen(phone);

        // The channel and the category are whole boxes a thumb hits, named in words.
        var hotline = phone.Locator("label.choice", new() { HasText = "Hotline" });
        var box = await hotline.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44, Width: >= 140 }, $"the Hotline choice is {box?.Width}×{box?.Height}px, too small for a thumb");
        await hotline.TapAsync();
        await phone.Locator("label.choice", new() { HasText = "Safety" }).TapAsync();
        await phone.FillAsync("#case-summary", "Caller says the bottle burst in the steriliser; her baby was not hurt.");
        await phone.FillAsync("#case-sku", sku);
        await phone.FillAsync("#case-batch", "2611");
        await phone.FillAsync("#case-customer", "Ms Zhou");
        await phone.FillAsync("#case-phone", "+86 186 0101 2233");
        await Assertions.Expect(phone.Locator("#case-received")).ToHaveValueAsync(fixture.Server.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm"));
        await BrowserFixture.Screenshot(phone, "case-new-filled-phone-en");
        await phone.ClickAsync("button.case-submit");
        await phone.WaitForURLAsync(new Regex(@"/cases/\d+$"));
        await Assertions.Expect(phone.Locator(".notice")).ToContainTextAsync("Case logged.");
        await Assertions.Expect(phone.Locator(".case-phone")).ToHaveTextAsync("186****2233");
        await Assertions.Expect(phone.Locator(".badge.clock-on-track")).ToHaveTextAsync("On track");
        await Assertions.Expect(phone.Locator(".case-due").First).ToContainTextAsync("first response due in 4 hours");
        await BrowserFixture.AssertFitsTheScreen(phone);
        var casePath = new Uri(phone.Url).AbsolutePath;

        await phone.ClickAsync("text=All cases");
        await phone.WaitForURLAsync(url => url.EndsWith("/cases"));
        var row = phone.Locator("tr", new() { Has = phone.Locator($"a.case-title[href='{casePath}']") });
        await Assertions.Expect(row).ToContainTextAsync(sku);
        await Assertions.Expect(row).ToContainTextAsync("186****2233");
        await Assertions.Expect(row).Not.ToContainTextAsync("0101 2233");
        await BrowserFixture.AssertFitsTheScreen(phone);

        // Two more about the same batch came in through the API; the commander links all three to the recall from the list.
        var book = fixture.Service<CaseBook>();
        foreach (var channel in new[] { CaseChannels.Tmall, CaseChannels.Red })
            book.Log(new NewCase { Channel = channel, Category = CaseCategories.Safety, Summary = "瓶底开裂", Sku = sku, Batch = "2611" }, CaseSources.Api,
                new Core.Incidents.Actor("agent-user", Roles.Agent));
        var key = await fixture.Server.OpenRecallAsync();
        var desktop = await At("commander-user", BrowserFixture.Desktop("en-GB"));
        await desktop.GotoAsync(fixture.Url("/cases"));
        await desktop.ClickAsync(".case-filters summary");
        await desktop.FillAsync("#filter-sku", sku);
        await desktop.ClickAsync("text=Show cases");
        await Assertions.Expect(desktop.Locator("h2#cases-heading")).ToHaveTextAsync("Cases found: 3");
        foreach (var tick in await desktop.Locator("input[name=ids]").AllAsync()) await tick.CheckAsync();
        await desktop.SelectOptionAsync("#bulk-incident", key);
        await desktop.ClickAsync("text=Link to this incident");
        await Assertions.Expect(desktop.Locator(".notice")).ToHaveTextAsync($"Cases linked to {key}: 3.");
        await Assertions.Expect(desktop.Locator($"tbody a[href='/incidents/{key}']")).ToHaveCountAsync(3);
        await BrowserFixture.Screenshot(desktop, "cases-linked-desktop-en");
        Assert.All(book.List(new CaseFilter { Sku = sku }).Cases, found => Assert.Equal(key, found.IncidentKey));
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("zh-CN", "zh")]
    public async Task The_case_pages_fit_a_phone_and_a_desktop_in_english_and_chinese(string locale, string name)
    {
        var id = fixture.Server.LogCase();
        var desktop = await At("agent-user", BrowserFixture.Desktop(locale));
        var phone = await At("agent-user", BrowserFixture.Phone(locale));
        await BrowserFixture.ScreenshotBoth(desktop, phone, fixture.Url("/cases"), $"cases-{name}");
        await BrowserFixture.ScreenshotBoth(desktop, phone, fixture.Url("/cases/new"), $"case-new-{name}");
        await BrowserFixture.ScreenshotBoth(desktop, phone, fixture.Url($"/cases/{id}"), $"case-{name}");
        var admin = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, BrowserFixture.Phone(locale));
        await admin.GotoAsync(fixture.Url("/admin/case-settings"));
        await BrowserFixture.AssertFitsTheScreen(admin);
        await BrowserFixture.Screenshot(admin, $"case-settings-phone-{name}");
    }
}
