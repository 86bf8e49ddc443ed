using Crisis.Core.Incidents;
using Crisis.Core.StatusUpdates;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class StatusUpdateJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    [Fact]
    public async Task A_commander_posts_a_status_update_from_a_phone_and_leadership_reads_the_status_page_on_a_phone_in_chinese()
    {
        var key = await fixture.Server.OpenRecallAsync();
        fixture.Service<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 1200, UnitsRecalled = 340, ComplaintsPlatform = 86 }, new Actor("commander-user"));

        var commander = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Phone("en-GB"));
        await commander.GotoAsync(fixture.Url($"/incidents/{key}"));
        await commander.ClickAsync("text=Status page for leadership");
        await commander.WaitForURLAsync(url => url.EndsWith($"/incidents/{key}/status"));
        var draft = commander.Locator("#status-body");
        await Assertions.Expect(draft).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Orders affected 1,200; Complaints on platforms 86; Units recalled 340"));
        await BrowserFixture.AssertFitsTheScreen(commander);
        await BrowserFixture.Screenshot(commander, "status-update-draft-phone-en");
        await draft.FillAsync("**What happened**\\\nBatch 2611 bottles can crack after sterilising; we recalled the batch this morning.\n\n"
            + "**Current impact**\\\n1,200 orders; 340 units back.\n\n**What we are doing**\\\nListings are paused on Tmall, JD and Pinduoduo.");
        await commander.SelectOptionAsync("#status-next", "120");
        await commander.ClickAsync("text=Post update");
        await Assertions.Expect(commander.Locator(".notice")).ToHaveTextAsync("Status update posted and sent to the subscribers.");
        await Assertions.Expect(commander.Locator(".status-update").First).ToContainTextAsync("Listings are paused on Tmall, JD and Pinduoduo.");
        Assert.Single(fixture.Service<StatusUpdateBook>().List(key));

        // What leadership pastes in: a long tracking address, a wide table and a code block wrap or scroll inside the update, never the page.
        fixture.Service<StatusUpdateBook>().Post(key, new StatusUpdatePost(
            "Tracking: https://logistics.aurora.example/recall/2611/returns?batch=2611&warehouses=shanghai,guangzhou,chengdu,wuhan&format=full-report-with-every-column\n\n"
            + "| Platform | Listings paused | Orders affected | Units back | Refunds issued | Complaints open | Last checked |\n|---|---|---|---|---|---|---|\n"
            + "| Tmall flagship store | 14 | 620 | 180 | 402 | 31 | 2026-11-02 10:00 Beijing time |\n\n"
            + "```\nSELECT platform, count(*) AS returned_units_for_batch_2611_across_all_regional_warehouses FROM returns GROUP BY platform;\n```",
            null), new Actor("commander-user", "commander"), managesIncidents: true);

        var viewer = await fixture.SignedInPage("viewer-user", Password, BrowserFixture.Phone("zh-CN"));
        await viewer.GotoAsync(fixture.Url($"/incidents/{key}/status"));
        await Assertions.Expect(viewer.Locator("h1")).ToContainTextAsync(key);
        await Assertions.Expect(viewer.Locator(".status-update").Nth(1)).ToContainTextAsync("Listings are paused");
        await Assertions.Expect(viewer.Locator(".status-update").First).ToContainTextAsync("Tmall flagship store");
        await Assertions.Expect(viewer.Locator(".status-next")).ToContainTextAsync("下次通报时间：");
        await Assertions.Expect(viewer.Locator("#post-heading")).ToHaveCountAsync(0);
        await BrowserFixture.AssertFitsTheScreen(viewer);
        await BrowserFixture.Screenshot(viewer, "status-page-phone-zh");
    }
}
