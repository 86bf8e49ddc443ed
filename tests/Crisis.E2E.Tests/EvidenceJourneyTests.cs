using Crisis.Core.Evidence;
using Crisis.Core.Incidents;
using Crisis.Core.Tests.Evidence;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class EvidenceJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    [Fact]
    public async Task A_commander_attaches_a_phone_photo_from_a_phone_chooses_it_for_the_review_and_leadership_sees_it_in_the_review_pdf()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var phone = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Phone("en-GB"));
        await phone.GotoAsync(fixture.Url($"/incidents/{key}"));
        await phone.ClickAsync("text=Evidence (0)");
        await phone.WaitForURLAsync(url => url.EndsWith($"/incidents/{key}/evidence"));

        // Held upright (EXIF orientation 6), with the position where it was taken.
        await phone.SetInputFilesAsync("#evidence-file", new FilePayload { Name = "IMG_2041.JPG", MimeType = "image/jpeg", Buffer = EvidenceSamples.PhonePhoto(1600, 1200, orientation: 6) });
        await phone.FillAsync("#evidence-title", "Cracked bottle, batch 2611, customer photo");
        await phone.FillAsync("#evidence-source", "Customer via Tmall chat");
        await phone.SelectOptionAsync("#evidence-attach", "step:confirm-defect");
        await phone.CheckAsync("input[name=removeLocation]");
        await phone.ClickAsync("button:text-is('Attach')");
        await Assertions.Expect(phone.Locator(".notice").First).ToHaveTextAsync("“Cracked bottle, batch 2611, customer photo” attached. Its SHA-256 is on the timeline.");
        var item = phone.Locator(".evidence-item").First;
        await Assertions.Expect(item).ToContainTextAsync("location removed");
        await Assertions.Expect(item).ToContainTextAsync("Attached");
        var thumbnail = item.Locator("img");
        await Assertions.Expect(thumbnail).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await thumbnail.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        // Upright: the thumbnail is taller than it is wide, as the phone was held.
        Assert.True(await thumbnail.EvaluateAsync<bool>("img => img.naturalHeight > img.naturalWidth"));

        await item.Locator("button:text-is('Show in the review report')").ClickAsync();
        await Assertions.Expect(phone.Locator(".evidence-item").First).ToContainTextAsync("in the review report");
        await BrowserFixture.AssertFitsTheScreen(phone);
        await BrowserFixture.Screenshot(phone, "evidence-phone-en");

        var added = Assert.Single(fixture.Service<EvidenceBook>().List(key));
        Assert.Equal(("step", "confirm-defect", true, true), (added.AttachedTo, added.AttachedRef, added.LocationRemoved, added.InReview));
        Assert.False(EvidenceSamples.HoldsPosition(fixture.Service<EvidenceBook>().Open(key, added.Id).Content!));

        // The review PDF a board member downloads shows the photo, and its appendix the file's hash.
        var board = await fixture.SignedInPage("viewer-user", Password, BrowserFixture.Desktop("en-GB"));
        var review = await board.Context.APIRequest.GetAsync(fixture.Url($"/incidents/{key}/export?file=review.pdf&lang=en"));
        Assert.Equal(200, review.Status);
        using var pdf = PdfDocument.Open(await review.BodyAsync());
        var withPhoto = pdf.GetPages().Where(page => page.GetImages().Any()).ToList();
        var page = Assert.Single(withPhoto);
        Assert.Contains("Cracked bottle, batch 2611, customer photo", page.Text);
        var image = Assert.Single(page.GetImages());
        Assert.True(image.BoundingBox.Height > image.BoundingBox.Width); // drawn upright
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Evidence files", text);
        Assert.Contains(added.Sha256, text.Replace(" ", ""));
        Assert.True(fixture.Service<Timeline>().Verify(key).IsIntact);
    }

    [Fact]
    public async Task A_web_page_attached_from_a_chinese_phone_is_refused_in_chinese_keeping_what_was_typed_and_a_reader_sees_no_upload_form()
    {
        var key = await fixture.Server.OpenRecallAsync();
        fixture.Service<EvidenceBook>().Add(key, new NewEvidence("SGS-report.pdf", EvidenceSamples.LabReport())
            { Title = "SGS 检测报告：瓶底密封不合格（批次 2611）", Source = "SGS 上海", CollectedBy = "张敏" }, new Actor("responder-user"));
        var responder = await fixture.SignedInPage("responder-user", Password, BrowserFixture.Phone("zh-CN"));
        await responder.GotoAsync(fixture.Url($"/incidents/{key}/evidence"));
        await responder.SetInputFilesAsync("#evidence-file", new FilePayload { Name = "订单截图.jpg", MimeType = "image/jpeg", Buffer = EvidenceSamples.PageWithScript() });
        await responder.FillAsync("#evidence-title", "订单 3920117745 页面");
        await responder.ClickAsync("button:text-is('添加')");
        await Assertions.Expect(responder.Locator("p.notice.danger")).ToHaveTextAsync("该文件是网页、SVG 或 XML，浏览器会执行其中的脚本。请将网页另存为 PDF 或截图后上传。");
        await Assertions.Expect(responder.Locator("#evidence-title")).ToHaveValueAsync("订单 3920117745 页面");
        Assert.Single(fixture.Service<EvidenceBook>().List(key));
        await BrowserFixture.AssertFitsTheScreen(responder);
        await BrowserFixture.Screenshot(responder, "evidence-refused-phone-zh");

        var desktop = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Desktop("zh-CN"));
        await desktop.GotoAsync(fixture.Url($"/incidents/{key}/evidence"));
        await desktop.FillAsync("#hold-reason", "市场监管总局 12 月 3 日问询函");
        await desktop.ClickAsync("button:text-is('实施法律保全')");
        await Assertions.Expect(desktop.Locator("#legal-hold")).ToContainTextAsync("法律保全中");
        await Assertions.Expect(desktop.Locator(".evidence-delete")).ToHaveCountAsync(0);
        await BrowserFixture.Screenshot(desktop, "evidence-desktop-zh");

        var viewer = await fixture.SignedInPage("viewer-user", Password, BrowserFixture.Phone("zh-CN"));
        await viewer.GotoAsync(fixture.Url($"/incidents/{key}/evidence"));
        await Assertions.Expect(viewer.Locator("h1")).ToContainTextAsync("证据与记录");
        await Assertions.Expect(viewer.Locator("#evidence-file")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Locator(".evidence-item")).ToContainTextAsync("SGS 检测报告");
        var download = await viewer.RunAndWaitForDownloadAsync(() => viewer.ClickAsync(".evidence-item a.button"));
        Assert.Equal("SGS-report.pdf", download.SuggestedFilename);
        await BrowserFixture.AssertFitsTheScreen(viewer);
        await BrowserFixture.Screenshot(viewer, "evidence-phone-zh");
    }
}
