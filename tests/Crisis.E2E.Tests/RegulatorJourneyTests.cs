using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// An admin fills in the regulator directory (on a server of its own, so no other test's checklist changes): a recall's
/// reporting step first says its regulator is not set, the admin follows its link, enters the Guangzhou market regulator
/// with a mistyped web address, corrects it, and the step names the office with a link to its system. Desktop and a
/// 390 px phone, English and Chinese.
/// </summary>
[Collection(nameof(BrowserFixture))]
public sealed class RegulatorJourneyTests(BrowserFixture fixture, CrisisServer server) : IClassFixture<CrisisServer>
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task An_admin_sets_the_recall_regulator_from_the_reporting_step_and_the_step_then_says_how_to_reach_it(string language)
    {
        server.Service<RegulatorDirectory>().Save(RegulatorPurposes.All.Select(purpose => new Regulator(purpose)).ToList(), new Actor("test"));
        var key = await server.OpenRecallAsync();
        var desktop = await fixture.SignedInPage(server, "admin", CrisisServer.AdminPassword, BrowserFixture.DesktopOrPhone(language, phone: false));
        var phone = await fixture.SignedInPage(server, "admin", CrisisServer.AdminPassword, BrowserFixture.DesktopOrPhone(language, phone: true));
        var chinese = language == "zh-CN";
        var reportStep = desktop.Locator("#step-report-to-samr .step-regulator");

        await Both(desktop, phone, "/admin/regulators", $"regulators-empty-{language}");
        await desktop.GotoAsync(new Uri(server.Address, $"/incidents/{key}").ToString());
        await Assertions.Expect(reportStep).ToContainTextAsync(chinese ? "监管部门（消费品召回）：尚未填写。" : "Regulator (Consumer-product recalls): not set yet.");
        await reportStep.Locator("a").ClickAsync();

        // On the phone, a web address without its scheme is named beside the field and what was typed stays.
        await phone.GotoAsync(new Uri(server.Address, "/admin/regulators").ToString());
        await phone.Locator("#reg-recall-Name").FillAsync("广州市市场监督管理局");
        await phone.Locator("#reg-recall-Level").SelectOptionAsync("city");
        await phone.Locator("#reg-recall-Channel").SelectOptionAsync("online");
        await phone.Locator("#reg-recall-Contact").FillAsync("recall.gz.example");
        await phone.Locator("#reg-recall-Contact").PressAsync("Enter");
        await Assertions.Expect(phone.Locator("#reg-recall-Contact-problem")).ToHaveTextAsync(chinese ? "请输入以 https:// 或 http:// 开头的网址。" : "Enter a web address starting with https:// or http://.");
        await Assertions.Expect(phone.Locator("#reg-recall-Contact")).ToBeFocusedAsync();
        await Assertions.Expect(phone.Locator("#reg-recall-Name")).ToHaveValueAsync("广州市市场监督管理局");
        await Assertions.Expect(phone.Locator("#reg-recall-Level")).ToHaveValueAsync("city");
        await BrowserFixture.AssertFitsTheScreen(phone);
        await BrowserFixture.Screenshot(phone, $"regulators-error-{language}-phone");

        // The desktop, sent to the page by the step's link, fills in the same and saves.
        await desktop.Locator("#reg-recall-Name").FillAsync("广州市市场监督管理局");
        await desktop.Locator("#reg-recall-Level").SelectOptionAsync("city");
        await desktop.Locator("#reg-recall-Channel").SelectOptionAsync("online");
        await desktop.Locator("#reg-recall-Contact").FillAsync("https://recall.gz.example/report");
        await desktop.Locator("#reg-recall-Contact").PressAsync("Enter");
        await Assertions.Expect(desktop.Locator("[role=alert]")).ToContainTextAsync(chinese ? "已保存" : "Saved.");
        await Assertions.Expect(desktop.Locator("#reg-recall-Contact")).ToHaveValueAsync("https://recall.gz.example/report");
        await Both(desktop, phone, "/admin/regulators", $"regulators-{language}");

        await Both(desktop, phone, $"/incidents/{key}", $"regulator-on-step-{language}");
        await Assertions.Expect(reportStep).ToContainTextAsync(chinese
            ? "报送：广州市市场监督管理局（地市级），网上报送系统：https://recall.gz.example/report"
            : "Report to 广州市市场监督管理局 (Prefecture-level city) · Online system: https://recall.gz.example/report");
        await Assertions.Expect(reportStep.Locator("a")).ToHaveAttributeAsync("href", "https://recall.gz.example/report");
        await Assertions.Expect(phone.Locator("#step-report-to-samr .step-regulator")).ToBeVisibleAsync();
    }

    private Task Both(IPage desktop, IPage phone, string path, string name) =>
        BrowserFixture.ScreenshotBoth(desktop, phone, new Uri(server.Address, path).ToString(), name);
}
