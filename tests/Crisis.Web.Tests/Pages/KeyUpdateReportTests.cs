using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Pdf.Tests;
using Crisis.Reports;
using Crisis.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// A key update a commander types in Chinese on the incident page, read back from the Chinese review PDF: whole, in the
/// story, at the organisation's time. On a server of its own, whose organisation keeps Beijing time.
/// </summary>
public sealed class KeyUpdateReportTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    /// <summary>Bold that closes after CJK punctuation, which plain CommonMark leaves as asterisks.</summary>
    private const string Typed = "**紧急：**所有平台已下架批次 2611 的商品；客服热线已开通。\n\n*明早* 9 点再报。";

    [Fact]
    public async Task A_chinese_key_update_reads_whole_in_the_chinese_story_at_the_organisations_time()
    {
        var organisation = server.Services.GetRequiredService<OrganisationSettings>();
        organisation.Save(organisation.Stored() with { TimeZone = "Asia/Shanghai" }, new Core.Incidents.Actor("test"));
        server.Services.GetRequiredService<PeopleDirectory>().Add(new NewPerson("陈梅", "commander@example.com", null, ["commander"]));
        var key = await server.OpenRecallAsync();
        server.Time.Advance(TimeSpan.FromMinutes(95)); // 10:35 UTC, 18:35 in Beijing

        using var commander = await Browser.SignedInAs(server, Roles.Commander, acceptLanguage: "zh-CN");
        var page = $"/incidents/{key}";
        using (var posted = await commander.PostForm(page, page + "?handler=KeyUpdate", new() { ["keyUpdate"] = Typed }))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, posted.StatusCode);

        using var download = await commander.Get($"/incidents/{key}/export?file=review.pdf&lang=zh-CN");
        var pdf = await download.Content.ReadAsByteArrayAsync();
        // PdfPig splits lines into words with spaces between; the report's own words and the typed ones are read without them.
        var pages = PdfFiles.PageTexts(pdf).Select(text => Regex.Replace(text, @"\s+", "")).ToList();
        var appendix = pages.FindIndex(text => text.Contains(ReportTexts.For("zh-CN").ChecklistAppendix));
        var storyPage = pages.FindIndex(text => text.Contains("陈梅发布关键进展"));
        Assert.True(storyPage >= 0 && appendix > storyPage, "the key update is in the story, before the appendix");
        PdfFiles.Pictures(pdf, ReviewApiTests.PictureFolder, "review-key-update-zh-CN", storyPage + 1, storyPage + 1);

        var story = string.Join("", pages.Take(appendix));
        const string sentence = "陈梅发布关键进展：紧急：所有平台已下架批次2611的商品；客服热线已开通。明早9点再报。";
        Assert.Contains(sentence, story);
        // The row's time in Beijing time, named; the narrow cell wraps the zone onto a line of its own, never splitting
        // the date and time or the zone's name ("北京 / 时间").
        Assert.Contains("2026-11-0218:35", story);
        Assert.Contains("（北京时间，UTC+8）", story);
        var lines = PdfFiles.PageLines(pdf).Take(appendix + 1).SelectMany(page => page).ToList();
        Assert.All(lines.Where(line => line.Contains("北京")), line => Assert.Contains("北京时间", line));
        Assert.All(lines.Where(line => line.Contains("2026-11-")), line => Assert.Matches(@"2026-11-\d{2}\d{2}:\d{2}", line));
        Assert.DoesNotContain("*", story);
        Assert.DoesNotContain("\uFFFD", story);
        Assert.DoesNotContain("10:35UTC", story);
    }
}
