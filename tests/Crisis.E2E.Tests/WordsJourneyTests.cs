using Crisis.Web.Cli;
using Crisis.Web.Tests;
using Crisis.Web.Tests.Pages;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>The pages issue 13 found full of identifiers (the exercise console, the incident timeline, a message), read as a
/// person reads them: the page's innerText in a real browser, on a desktop and a 390 px phone, in English and Chinese.</summary>
[Collection(nameof(BrowserFixture))]
public class WordsJourneyTests(BrowserFixture fixture, DemoServer demo) : IClassFixture<DemoServer>
{
    public static TheoryData<string, bool> Views => new() { { "en-GB", false }, { "en-GB", true }, { "zh-CN", false }, { "zh-CN", true } };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Console_timeline_and_message_show_titles_and_labels(string locale, bool phone)
    {
        var options = phone
            ? new BrowserNewContextOptions { Locale = locale, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
            : new BrowserNewContextOptions { Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 } };
        var suffix = $"{(phone ? "phone" : "desktop")}-{(locale == "zh-CN" ? "zh" : "en")}";

        var coach = await fixture.SignedInPage(demo, "coach", DemoData.DefaultPassword, options);
        await coach.GotoAsync(new Uri(demo.Address, "/exercises").ToString());
        var console = await coach.Locator("a[href^='/exercises/']").First.GetAttributeAsync("href");
        await coach.GotoAsync(new Uri(demo.Address, console).ToString());
        await coach.Locator("#schedule").WaitForAsync();
        // An exercise shows its roles in the reader's language (the scenario's Chinese twin), listed as each language lists.
        await ReadsAsWords(coach, locale == "zh-CN" ? "质量负责人、传播负责人" : "Quality lead, Communications lead");
        await BrowserFixture.Screenshot(coach, $"words-console-{suffix}");

        var mei = await fixture.SignedInPage(demo, "mei", DemoData.DefaultPassword, options);
        await mei.GotoAsync(new Uri(demo.Address, $"/incidents/{demo.Keys[2]}").ToString());
        await ReadsAsWords(mei, locale == "zh-CN" ? "Supply chain and logistics lead：Liu Yang" : "Supply chain and logistics lead: Liu Yang");
        await BrowserFixture.Screenshot(mei, $"words-timeline-{suffix}");

        await mei.GotoAsync(new Uri(demo.Address, $"/messages/{demo.Messages[0]}").ToString());
        // The template is named by its title in the reader's language, whichever language the message is written in.
        await ReadsAsWords(mei, locale == "zh-CN" ? "消费者召回通知" : "Customer recall notice");
        await BrowserFixture.Screenshot(mei, $"words-message-{suffix}");

        await mei.GotoAsync(new Uri(demo.Address, $"/incidents/{demo.Keys[2]}/messages/new?template=breach-notice&language={(locale == "zh-CN" ? "zh-CN" : "en")}").ToString());
        await ReadsAsWords(mei, locale == "zh-CN" ? "涉及的信息种类" : "Information involved");
        await BrowserFixture.Screenshot(mei, $"words-message-new-{suffix}");
        await coach.Context.CloseAsync();
        await mei.Context.CloseAsync();
    }

    private static async Task ReadsAsWords(IPage page, string expected)
    {
        var text = await page.EvaluateAsync<string>("() => document.body.innerText");
        Assert.Contains(expected, text);
        foreach (var identifier in new[] { "tpl:", "@quality", "@comms", "@commander", "supply:", "data_types", "holding-statement", "recall-customer-notice", "**" })
            Assert.DoesNotContain(identifier, text);
    }
}
