using Crisis.Web.Cli;
using Crisis.Web.Tests.Pages;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>Leadership reads the insights of the demo in a real browser: the charts are drawn, the drills shown apart, a table downloaded.</summary>
[Collection(nameof(BrowserFixture))]
public class InsightsJourneyTests(BrowserFixture fixture, DemoServer demo) : IClassFixture<DemoServer>
{
    [Theory]
    [InlineData("en-GB", false)]
    [InlineData("zh-CN", true)]
    public async Task The_board_reads_the_figures_switches_to_the_exercises_and_downloads_a_table(string locale, bool phone)
    {
        var board = await fixture.SignedInPage(demo, "board", DemoData.DefaultPassword, BrowserFixture.DesktopOrPhone(locale, phone));
        var chinese = locale == "zh-CN";
        var failures = new List<string>();
        board.Console += (_, message) => { if (message.Type == "error") failures.Add(message.Text); };
        await board.GotoAsync(new Uri(demo.Address, "/insights").ToString());

        await board.Locator(".chart-canvas[data-drawn=true]").First.WaitForAsync();
        Assert.True(await board.Locator(".chart-canvas canvas").CountAsync() >= 2);
        var text = await board.EvaluateAsync<string>("() => document.body.innerText");
        Assert.Contains(chinese ? "各类别响应时长" : "Response times by category", text);
        Assert.Contains(chinese ? "供应中断" : "Supply disruption", text);
        await BrowserFixture.AssertFitsTheScreen(board);
        await BrowserFixture.Screenshot(board, $"insights-{(phone ? "phone" : "desktop")}-{(chinese ? "zh" : "en")}");

        await board.SelectOptionAsync("#insights-kind", "true");
        await board.GetByRole(AriaRole.Button, new() { Name = chinese ? "显示数据" : "Show figures" }).ClickAsync();
        await board.Locator("#table-exercise-scores").WaitForAsync();
        text = await board.EvaluateAsync<string>("() => document.body.innerText");
        Assert.Contains(chinese ? "双十一前十天，婴儿奶瓶开裂" : "cracked baby bottles ten days before 11.11", text);
        Assert.DoesNotContain(demo.Keys[2], text); // the recall in progress is real: not among the drills
        await BrowserFixture.Screenshot(board, $"insights-exercises-{(phone ? "phone" : "desktop")}-{(chinese ? "zh" : "en")}");

        var download = await board.RunAndWaitForDownloadAsync(() =>
            board.Locator("section[aria-labelledby=table-exercise-scores] a", new() { HasText = "CSV" }).ClickAsync());
        Assert.Matches(@"^insights-exercise-scores-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(demo.Keys[1], csv);
        Assert.Empty(failures);
        await board.Context.CloseAsync();
    }
}
