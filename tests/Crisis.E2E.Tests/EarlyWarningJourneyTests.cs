using Crisis.Core.Tests.Cases;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// The front door end to end, as the issue asked for it: an agent logs two complaints on a phone, a Tmall export brings
/// four more about the same batch, the early-warning worker raises a signal on its own, the commander opens an incident
/// from it, and the incident's impact shows the complaints by channel and takes their figures. On a server of its own,
/// so the signal queue holds only this journey's signal.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class EarlyWarningJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private const string Batch = "2611";

    [Fact]
    public async Task Cases_from_a_phone_and_an_import_raise_a_signal_the_commander_turns_into_an_incident_whose_impact_counts_them()
    {
        var server = new CrisisServer();
        await server.InitializeAsync();
        try
        {
            var phone = await fixture.SignedInPage(server, "agent-user", Password, BrowserFixture.Phone("zh-CN"));
            await LogOnThePhone(server, phone, "客服热线", "来电：奶瓶消毒后瓶底开裂，要求退货。");
            await LogOnThePhone(server, phone, "微信", "微信咨询：同一批奶瓶底部有裂纹，担心宝宝使用。");

            await ImportTheTmallExport(server, phone);

            var commander = await fixture.SignedInPage(server, "commander-user", Password, BrowserFixture.Desktop("en-GB"));
            var title = $"Cluster of safety complaints about batch {Batch}";
            await commander.GotoAsync(new Uri(server.Address, "/signals").ToString());
            await WaitForTheWorker(commander, title);
            await commander.ClickAsync($"text={title}");
            await Assertions.Expect(commander.Locator(".signal-fired")).ToContainTextAsync($"6 safety complaints about batch {Batch} within 24 hours");
            await BrowserFixture.Screenshot(commander, "early-warning-signal-desktop-en");

            await commander.ClickAsync("text=Open an incident from this signal");
            await Assertions.Expect(commander.Locator("#playbook")).ToHaveValueAsync("product-recall");
            await commander.ClickAsync("#open-form button[type=submit] >> nth=0");
            await commander.WaitForURLAsync(url => url.Contains("/incidents/INC-"));

            var cases = commander.Locator(".incident-cases");
            await Assertions.Expect(cases).ToContainTextAsync("6 linked, 6 still open");
            await Assertions.Expect(cases).ToContainTextAsync("Tmall 4, WeChat 1, Hotline 1");
            await commander.ClickAsync("text=Record the cases' figures in the impact log");
            var impact = commander.Locator("#impact");
            await Assertions.Expect(impact).ToContainTextAsync("from 6 linked complaint cases");
            await Assertions.Expect(impact.Locator("dl.figures")).ToContainTextAsync("6 (platform 4 · 12315 0 · social 0 · direct 2)");
            await BrowserFixture.Screenshot(commander, "early-warning-incident-impact-desktop-en");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task LogOnThePhone(CrisisServer server, IPage phone, string channel, string summary)
    {
        await phone.GotoAsync(new Uri(server.Address, "/cases/new").ToString());
        await phone.Locator("label.choice", new() { HasText = channel }).TapAsync();
        await phone.Locator("label.choice", new() { HasText = "安全" }).TapAsync();
        await phone.FillAsync("#case-summary", summary);
        await phone.FillAsync("#case-sku", "AB-260");
        await phone.FillAsync("#case-batch", Batch);
        await phone.ClickAsync("button.case-submit");
        await Assertions.Expect(phone.Locator(".notice")).ToContainTextAsync("工单已登记");
    }

    /// <summary>Four safety complaints about the batch from the Tmall seller centre, received in the last hours in Beijing time.</summary>
    private static async Task ImportTheTmallExport(CrisisServer server, IPage phone)
    {
        var beijing = server.Time.GetUtcNow().UtcDateTime.AddHours(8);
        object?[] Row(int n) =>
            [$"TS{n}", $"39201177{n}", "AB-260", Batch, "安全问题", "奶瓶消毒后瓶底开裂，漏出的热水差点烫到宝宝", $"tb_buyer_{n}", null, null, beijing.AddHours(-n)];
        var export = ComplaintExports.Xlsx([ComplaintExports.TmallHeader, Row(1), Row(2), Row(3), Row(4)]);

        await phone.GotoAsync(new Uri(server.Address, "/cases").ToString());
        await phone.ClickAsync("text=导入投诉");
        await phone.FillAsync("#Source", "tmall-export");
        await phone.SetInputFilesAsync("#Upload", new FilePayload
        {
            Name = "天猫投诉导出.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = export,
        });
        await phone.ClickAsync("#read-file");
        await Assertions.Expect(phone.Locator("#field-channel")).ToHaveValueAsync("every:tmall");
        await phone.ClickAsync("#import-cases");
        await Assertions.Expect(phone.Locator("#imported-count")).ToHaveTextAsync("4");
        await BrowserFixture.AssertFitsTheScreen(phone);
    }

    /// <summary>The worker evaluates at once when cases are stored; the queue shows the signal on the next load.</summary>
    private static async Task WaitForTheWorker(IPage page, string title)
    {
        for (var attempt = 0; attempt < 20 && await page.Locator($"text={title}").CountAsync() == 0; attempt++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }
        await Assertions.Expect(page.Locator($"text={title}")).ToBeVisibleAsync();
    }
}
