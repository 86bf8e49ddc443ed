using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// The risk register end to end: the commander loads the starter register on the empty page, reads the heat map, opens
/// the recall risk from its square, rates it less likely and sees it move squares; leadership reads it all on a phone in
/// Chinese and may change nothing. On a server of its own, so the register starts empty.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class RiskRegisterJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    private static ILocator Cell(IPage page, int likelihood, int impact) => page.Locator($"td[data-likelihood='{likelihood}'][data-impact='{impact}']");

    [Fact]
    public async Task The_starter_register_loads_once_its_heat_map_leads_to_a_risk_and_a_new_likelihood_moves_the_risk_to_another_square()
    {
        var server = new CrisisServer();
        await server.InitializeAsync();
        try
        {
            var commander = await fixture.SignedInPage(server, "commander-user", Password, BrowserFixture.Desktop("en-GB"));
            await commander.ClickAsync(".top-bar nav >> text=Risks");
            await Assertions.Expect(commander.Locator("main")).ToContainTextAsync("The register is empty.");
            await commander.ClickAsync("text=Load the starter register");
            await Assertions.Expect(commander.Locator(".notice")).ToContainTextAsync("Starter register loaded: 14 risks.");
            await Assertions.Expect(commander.Locator("text=Load the starter register")).ToHaveCountAsync(0);
            // Recall and data breach are both possible and severe.
            await Assertions.Expect(Cell(commander, 3, 5)).ToHaveTextAsync("2");
            await Assertions.Expect(Cell(commander, 1, 5)).ToContainTextAsync("·");
            await BrowserFixture.Screenshot(commander, "risks-register-desktop-en");

            await Cell(commander, 3, 5).Locator("a").ClickAsync();
            await Assertions.Expect(commander.Locator("#risk-list")).ToHaveTextAsync("Risks that are Possible and Severe");
            await Assertions.Expect(commander.Locator(".risk-card")).ToHaveCountAsync(2);
            await commander.ClickAsync("text=Unsafe or defective product forces a recall");
            await Assertions.Expect(commander.Locator(".badge.readiness-not-ready")).ToHaveTextAsync("Not ready");
            await Assertions.Expect(commander.Locator("ul.gaps")).ToContainTextAsync("“Product recall” has not been exercised in the last twelve months.");
            await Assertions.Expect(commander.Locator(".readiness-facts")).ToContainTextAsync("Tabletop: cracked baby bottles ten days before 11.11");
            await BrowserFixture.Screenshot(commander, "risks-risk-desktop-en");

            await commander.ClickAsync("text=Edit this risk");
            await commander.Locator("fieldset[name=likelihood] label.choice", new() { HasText = "Rare" }).ClickAsync();
            await commander.ClickAsync("button.risk-submit");
            await Assertions.Expect(commander.Locator(".notice")).ToContainTextAsync("Risk saved.");
            await Assertions.Expect(commander.Locator("#history")).ToContainTextAsync("changed the likelihood from Possible to Rare");

            await commander.ClickAsync("text=← Risk register");
            await Assertions.Expect(Cell(commander, 3, 5)).ToHaveTextAsync("1");
            await Assertions.Expect(Cell(commander, 1, 5)).ToHaveTextAsync("1");

            var board = await fixture.SignedInPage(server, "viewer-user", Password, BrowserFixture.Phone("zh-CN"));
            await board.GotoAsync(new Uri(server.Address, "/risks").ToString());
            await Assertions.Expect(Cell(board, 1, 5)).ToHaveTextAsync("1");
            await Assertions.Expect(board.Locator("text=添加风险")).ToHaveCountAsync(0);
            await BrowserFixture.AssertFitsTheScreen(board);
            await BrowserFixture.Screenshot(board, "risks-register-phone-zh-CN");
            await Cell(board, 1, 5).Locator("a").ClickAsync();
            await board.ClickAsync("text=Unsafe or defective product forces a recall"); // the register is in the language it was loaded in
            await Assertions.Expect(board.Locator("main")).ToContainTextAsync("未就绪");
            await Assertions.Expect(board.Locator("text=编辑此风险")).ToHaveCountAsync(0);
            await BrowserFixture.AssertFitsTheScreen(board);
            await BrowserFixture.Screenshot(board, "risks-risk-phone-zh-CN");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
