using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// The incident page's timeline reads as the review's story: a sentence per event in the reader's language, times in
/// the organisation's zone, key events marked. A commander marks an event and adds a key update; a responder watching
/// sees the update arrive live and gets no controls. On a server of its own, whose organisation is in Beijing time.
/// </summary>
[Collection(nameof(BrowserFixture))]
public sealed class TimelineTests(BrowserFixture fixture, CrisisServer server) : IClassFixture<CrisisServer>
{
    private const string Password = "a long password";

    private static BrowserNewContextOptions Options(string language, bool phone) => phone
        ? new() { Locale = language, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
        : new() { Locale = language, ViewportSize = new() { Width = 1280, Height = 900 } };

    private static Task WaitUntilLive(IPage page) =>
        page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });

    /// <summary>A recall in <paramref name="language"/> whose first step Mei Chen, the commander, has done.</summary>
    private (string Key, long CompletedSeq) RecallWithADoneStep(string language)
    {
        var organisation = server.Service<OrganisationSettings>();
        organisation.Save(organisation.Stored() with { TimeZone = "Asia/Shanghai" }, new Actor("test"));
        if (!server.Service<PeopleDirectory>().List().Any(person => person.Email == "commander@example.com"))
            server.Service<PeopleDirectory>().Add(new NewPerson("Mei Chen", "commander@example.com", null, ["commander"]));
        var commander = new Actor("commander-user", Roles.Commander);
        var key = server.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Leaking kettles", 2, Language: language), commander);
        server.Time.Advance(TimeSpan.FromMinutes(14));
        server.Service<StepActions>().Complete(key, "confirm-defect", commander);
        return (key, server.Service<Timeline>().Read(key).Single(e => e.Kind == EventKinds.StepCompleted).Seq);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task A_commander_marks_a_key_event_and_adds_a_key_update_and_the_timeline_tells_them_in_sentences(string language)
    {
        var chinese = language == "zh-CN";
        var (key, completedSeq) = RecallWithADoneStep(language);
        var path = new Uri(server.Address, $"/incidents/{key}").ToString();
        var desktop = await fixture.SignedInPage(server, "commander-user", Password, Options(language, phone: false));
        var responder = await fixture.SignedInPage(server, "responder-user", Password, Options(language, phone: true));
        await desktop.GotoAsync(path);
        await responder.GotoAsync(path);
        await WaitUntilLive(desktop);
        await WaitUntilLive(responder);

        // The story's sentences, not event kinds; the organisation's zone, named once.
        var timeline = desktop.Locator("ol.timeline.story");
        await Assertions.Expect(desktop.Locator(".timeline-zone")).ToHaveTextAsync(chinese ? "时间为北京时间（UTC+8）。" : "Times in Beijing time (UTC+8).");
        var completed = desktop.Locator($"#event-{completedSeq}");
        await Assertions.Expect(completed.Locator(".event-sentence")).ToHaveTextAsync(chinese
            ? "Mei Chen 完成了“确认缺陷，列出受影响的 SKU、批次和条形码”。"
            : "Mei Chen completed \"Confirm the defect and list the affected SKUs, batches and barcodes\".");
        var beijing = server.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        await Assertions.Expect(completed.Locator("time")).ToHaveTextAsync(beijing.ToString("yyyy-MM-dd HH:mm"));
        await Assertions.Expect(timeline.Locator("li").Last.Locator(".event-sentence")).ToContainTextAsync(chinese ? "Mei Chen 创建了事件，严重级别为二级" : "Mei Chen opened the incident at SEV2");
        Assert.DoesNotContain("step.completed", await timeline.InnerTextAsync());
        await Assertions.Expect(completed).Not.ToHaveClassAsync("key-event");

        // Marking the step's event as key: it is badged, and the button now unmarks it.
        await completed.GetByRole(AriaRole.Button, new() { Name = chinese ? "标为关键节点" : "Mark as key event" }).ClickAsync();
        completed = desktop.Locator($"#event-{completedSeq}");
        await Assertions.Expect(completed).ToHaveClassAsync("key-event");
        await Assertions.Expect(completed.Locator(".key-event-badge")).ToHaveTextAsync(chinese ? "关键节点" : "Key event");
        await Assertions.Expect(completed.GetByRole(AriaRole.Button, new() { Name = chinese ? "取消关键节点标记" : "Unmark key event" })).ToBeVisibleAsync();
        // The marking names the event by when and what happened, not by its number in the log.
        var marking = timeline.Locator("li").First;
        var completedAt = beijing.ToString("yyyy-MM-dd HH:mm");
        await Assertions.Expect(marking.Locator(".event-sentence")).ToHaveTextAsync(chinese
            ? $"Mei Chen 将 {completedAt} 的记录标为关键节点：Mei Chen 完成了“确认缺陷，列出受影响的 SKU、批次和条形码”。"
            : $"Mei Chen marked the event at {completedAt} as a key event: Mei Chen completed \"Confirm the defect and list the affected SKUs, batches and barcodes\".");
        await Assertions.Expect(marking.Locator(".key-event-form")).ToHaveCountAsync(0);
        await marking.Locator("details.event-more > summary").ClickAsync();
        await Assertions.Expect(marking.Locator($"a[href='#event-{completedSeq}']")).ToBeVisibleAsync();

        // A key update in the commander's own words: Markdown emphasis is read, never shown as asterisks.
        var update = chinese ? "**所有平台**的商品已下架，已通知市场监管部门。" : "**Every listing** is down; the regulator has been called.";
        await desktop.Locator("#key-update-text").FillAsync(update);
        await desktop.GetByRole(AriaRole.Button, new() { Name = chinese ? "添加关键进展" : "Add key update" }).ClickAsync();
        var expected = chinese ? "Mei Chen 发布关键进展：所有平台的商品已下架，已通知市场监管部门。" : "Key update from Mei Chen: Every listing is down; the regulator has been called.";
        var newest = timeline.Locator("li").First;
        await Assertions.Expect(newest.Locator(".event-sentence")).ToHaveTextAsync(expected);
        await Assertions.Expect(newest).ToHaveClassAsync("key-event");
        await Assertions.Expect(newest.Locator(".key-event-badge")).ToBeVisibleAsync();
        Assert.DoesNotContain("**", await timeline.InnerTextAsync());
        await BrowserFixture.Screenshot(desktop, $"timeline-commander-desktop-{language}");
        if (BrowserFixture.TakesScreenshots)
        {
            // Only for the photograph: the page's own live refresh may replace the heading while it is scrolled to.
            await desktop.Locator("#timeline-heading").ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotOfView(desktop, $"timeline-commander-desktop-view-{language}");
        }

        // The responder's open page took the update live, and offers them neither control.
        var responderTimeline = responder.Locator("ol.timeline.story");
        await Assertions.Expect(responderTimeline.Locator("li").First.Locator(".event-sentence")).ToHaveTextAsync(expected);
        await Assertions.Expect(responder.Locator($"#event-{completedSeq}")).ToHaveClassAsync("key-event");
        await Assertions.Expect(responder.Locator(".key-event-form")).ToHaveCountAsync(0);
        await Assertions.Expect(responder.Locator("#key-update-text")).ToHaveCountAsync(0);
        await BrowserFixture.AssertFitsTheScreen(responder);
        await ScreenshotTimeline(responder, $"timeline-responder-phone-{language}");

        // The commander on a phone: the controls fit a thumb and the sentences wrap within the screen.
        var phone = await fixture.SignedInPage(server, "commander-user", Password, Options(language, phone: true));
        await phone.GotoAsync(path);
        await WaitUntilLive(phone);
        await ScreenshotTimeline(phone, $"timeline-commander-phone-{language}");
        var button = phone.Locator($"#event-{completedSeq} .key-event-form button");
        await Assertions.Expect(button).ToBeVisibleAsync();
        // Found and measured in one call: between a locator finding the button and measuring it, the page's live refresh
        // may swap the list, and a button no longer on the page measures 0.
        var height = await phone.EvaluateAsync<double>("selector => document.querySelector(selector).getBoundingClientRect().height",
            $"#event-{completedSeq} .key-event-form button");
        Assert.True(height >= 44, $"the unmark button is a thumb's height ({height}px)");
        // Measured in one go: a live update may redraw the list between reading its items one by one and measuring them.
        var spans = await phone.Locator("ol.timeline.story li").EvaluateAllAsync<double[][]>(
            "items => items.map(item => { const box = item.getBoundingClientRect(); return [box.left, box.right]; })");
        Assert.NotEmpty(spans);
        foreach (var span in spans) Assert.True(span[0] >= 0 && span[1] <= 390, $"a timeline entry spans {span[0]}..{span[1]}px on a 390px screen");
    }

    private static async Task ScreenshotTimeline(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, document.getElementById('timeline-heading').getBoundingClientRect().top + window.scrollY - 8)");
        await BrowserFixture.ScreenshotOfView(page, name);
    }
}
