using Crisis.Core.Cases;
using Crisis.Core.Tests.Cases;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// A customer-service agent brings a Tmall export in through /cases/import. On a server of its own: the cases it
/// imports must not appear in other tests' lists. Every step is photographed (case-import-STEP-LANGUAGE-phone|desktop).
/// </summary>
[Collection(nameof(BrowserFixture))]
public class CaseImportJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    /// <summary>
    /// Four complaints as the seller centre exports them, with where its team left each: one with a category word Crisis
    /// does not know (过敏), one without its complaint, one resolved already.
    /// </summary>
    private static byte[] TmallExport() => ComplaintExports.Xlsx(
    [
        [.. ComplaintExports.TmallHeader, "处理状态"],
        ["TS001", "3920117745", "AB-260", "2611", "质量问题", "奶瓶消毒后瓶底开裂，划伤了手", "tb_mama_88", "138 0013 5678", "广东省广州市天河区体育西路 1 号", new DateTime(2026, 11, 1, 10, 23, 45), "处理中"],
        ["TS002", "3920117746", "AB-260", "2611", "过敏", "宝宝用了奶嘴后嘴角起红疹", "tb_baba_12", "139 0000 1111", "北京市朝阳区建国路 88 号", new DateTime(2026, 11, 1, 10, 40, 0), "待处理"],
        ["TS003", "3920117747", "AB-120", "2610", "物流问题", "快递三天没更新", "tb_li", null, null, new DateTime(2026, 11, 1, 23, 59, 0), "已完结"],
        ["TS004", "3920117748", "AB-120", "2610", "退款", null, "tb_wang", null, null, new DateTime(2026, 11, 2, 8, 0, 0), "待处理"],
    ]);

    [Fact]
    public async Task An_agent_on_a_phone_imports_a_tmall_export_answers_its_unknown_word_and_sees_the_refused_row_by_row_and_column() =>
        await ImportThroughThePage("zh-CN", phone: true);

    [Theory]
    [InlineData("zh-CN", false)]
    [InlineData("en-GB", true)]
    [InlineData("en-GB", false)]
    public async Task The_import_steps_read_well_on_a_phone_and_a_desktop_in_both_languages(string language, bool phone) =>
        await ImportThroughThePage(language, phone);

    private async Task ImportThroughThePage(string language, bool phone)
    {
        var server = new CrisisServer();
        await server.InitializeAsync();
        try
        {
            var chinese = language == "zh-CN";
            var name = $"{(chinese ? "zh" : "en")}-{(phone ? "phone" : "desktop")}";
            var page = await fixture.SignedInPage(server, "agent-user", Password, BrowserFixture.DesktopOrPhone(language, phone));
            await page.GotoAsync(new Uri(server.Address, "/cases/import").ToString());
            await BrowserFixture.AssertFitsTheScreen(page);
            await BrowserFixture.Screenshot(page, $"case-import-1-file-{name}");

            await page.FillAsync("#Source", "tmall-export");
            await page.SetInputFilesAsync("#Upload", new FilePayload
            {
                Name = "天猫投诉导出.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = TmallExport(),
            });
            await page.ClickAsync("#read-file");

            // The columns are proposed from the headers, the channel from the source's name, and the unknown word comes first.
            await Assertions.Expect(page.Locator("#file-read")).ToContainTextAsync(chinese ? "天猫投诉导出.xlsx：共 4 行" : "天猫投诉导出.xlsx: 4 rows");
            await Assertions.Expect(page.Locator("#field-summary")).ToHaveValueAsync("column:投诉内容");
            await Assertions.Expect(page.Locator("#field-channel")).ToHaveValueAsync("every:" + CaseChannels.Tmall);
            await Assertions.Expect(page.Locator("#field-receivedAt")).ToHaveValueAsync("column:投诉时间");
            await Assertions.Expect(page.Locator("#field-status")).ToHaveValueAsync("column:处理状态");
            var unknown = page.Locator("#word-0");
            await Assertions.Expect(page.Locator("label[for=word-0]")).ToContainTextAsync("“过敏”");
            await Assertions.Expect(unknown).ToHaveValueAsync("");
            await BrowserFixture.AssertFitsTheScreen(page);
            await BrowserFixture.Screenshot(page, $"case-import-2-columns-{name}");

            await unknown.SelectOptionAsync(CaseCategories.Safety);
            await page.ClickAsync("#import-cases");

            await Assertions.Expect(page.Locator("#imported-count")).ToHaveTextAsync("3");
            await Assertions.Expect(page.Locator("#refused-count")).ToHaveTextAsync("1");
            var refused = page.Locator("table.import-problems tbody tr");
            await Assertions.Expect(refused).ToHaveCountAsync(1);
            await Assertions.Expect(refused.Locator("td")).ToHaveTextAsync(["5", "投诉内容", chinese ? "此项必填。" : "This is required."]);
            await BrowserFixture.AssertFitsTheScreen(page);
            await BrowserFixture.Screenshot(page, $"case-import-3-result-{name}");

            var cases = server.Service<CaseBook>().List(new CaseFilter()).Cases;
            Assert.Equal(["TS003", "TS002", "TS001"], cases.Select(c => c.ExternalId));
            Assert.Equal(CaseCategories.Safety, cases[1].Category);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 23, 45, TimeSpan.Zero), cases[2].ReceivedAt);
            Assert.Equal([CaseStatuses.Resolved, CaseStatuses.New, CaseStatuses.InProgress], cases.Select(c => c.Status));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
