using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>The open-incident form keeps what was typed, says what is wrong beside the field in the reader's language, and opens one incident however often it is clicked.</summary>
[Collection(nameof(BrowserFixture))]
public class OpenFormTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private const string OpenForm = "/incidents/open?playbook=product-recall&severity=1";

    private static BrowserNewContextOptions Phone(string locale) =>
        new() { Locale = locale, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };

    private static BrowserNewContextOptions Desktop(string locale) =>
        new() { Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 } };

    private async Task<int> IncidentCount() =>
        (await fixture.Server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>("/api/incidents")).GetArrayLength();

    [Fact]
    public async Task Choosing_another_playbook_or_language_keeps_the_title_typed()
    {
        var commander = await fixture.SignedInPage("commander-user", Password);
        await commander.GotoAsync(fixture.Url(OpenForm));
        await commander.FillAsync("#title", "Customer records exposed, region east");

        // Each choice reloads the form from the server (the breach playbook's roles, then their Chinese names): the title comes back with it.
        await commander.SelectOptionAsync("#playbook", "data-breach");
        await Assertions.Expect(commander.Locator("label[for=role-security]")).ToHaveTextAsync("Information security lead");
        await Assertions.Expect(commander.Locator("#playbook")).ToHaveValueAsync("data-breach");
        await Assertions.Expect(commander.Locator("#title")).ToHaveValueAsync("Customer records exposed, region east");

        await commander.SelectOptionAsync("#language", "zh-CN");
        await Assertions.Expect(commander.Locator("label[for=role-security]")).ToHaveTextAsync("信息安全负责人");
        await Assertions.Expect(commander.Locator("#language")).ToHaveValueAsync("zh-CN");
        await Assertions.Expect(commander.Locator("#title")).ToHaveValueAsync("Customer records exposed, region east");
        await Assertions.Expect(commander.Locator(".field-problem")).ToHaveCountAsync(0);

        await commander.ClickAsync("#open-form button[type=submit] >> nth=0");
        await commander.WaitForURLAsync(url => url.Contains("/incidents/INC-"));
        await commander.Context.CloseAsync();
    }

    [Theory]
    [InlineData("en-GB", "This is required.", "en")]
    [InlineData("zh-CN", "此项必填。", "zh")]
    public async Task A_blank_title_is_one_message_beside_it_in_the_readers_language_and_the_rest_stays(string locale, string message, string suffix)
    {
        foreach (var (device, options) in new[] { ("desktop", Desktop(locale)), ("phone", Phone(locale)) })
        {
            var commander = await fixture.SignedInPage("commander-user", Password, options);
            await commander.GotoAsync(fixture.Url(OpenForm));
            await commander.SelectOptionAsync("#severity", "2");
            await commander.WaitForURLAsync(url => url.Contains("handler=Preview"), new() { WaitUntil = WaitUntilState.Load });
            await commander.FillAsync("#title", "   ");
            await commander.SelectOptionAsync("#role-quality", new SelectOptionValue { Label = "Zhang Min ★" });
            var quality = await commander.Locator("#role-quality").InputValueAsync();

            await commander.Locator("#open-form button[type=submit]").First.ClickAsync();

            await Assertions.Expect(commander.Locator(".field-problem")).ToHaveCountAsync(1);
            await Assertions.Expect(commander.Locator("#title-problem")).ToHaveTextAsync(message);
            await Assertions.Expect(commander.Locator("#title")).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("\\btitle-problem\\b"));
            await Assertions.Expect(commander.Locator("#title")).ToBeFocusedAsync();
            await Assertions.Expect(commander.Locator(".validation-summary-errors")).ToHaveCountAsync(0);
            await Assertions.Expect(commander.Locator("#role-quality")).ToHaveValueAsync(quality);
            await Assertions.Expect(commander.Locator("#severity")).ToHaveValueAsync("2");
            await BrowserFixture.Screenshot(commander, $"open-incident-error-{device}-{suffix}");
            await commander.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_double_click_on_open_incident_opens_one_incident()
    {
        var commander = await fixture.SignedInPage("commander-user", Password);
        await commander.GotoAsync(fixture.Url(OpenForm));
        await commander.FillAsync("#title", "Double-clicked at 3 a.m.");
        var before = await IncidentCount();

        await commander.Locator("#open-form button[type=submit]").First.DblClickAsync();

        await commander.WaitForURLAsync(url => url.Contains("/incidents/INC-"));
        await Task.Delay(500); // a second post, had one gone out, would have landed by now
        Assert.Equal(before + 1, await IncidentCount());
        await commander.Context.CloseAsync();
    }
}
