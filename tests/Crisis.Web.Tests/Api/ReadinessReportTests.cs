using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Risks;
using Crisis.Pdf.Tests;

namespace Crisis.Web.Tests.Api;

/// <summary>The quarterly readiness report over HTTP, on a server of its own (it reads every risk, incident and follow-up), read back as the board reads it.</summary>
public sealed class ReadinessReportTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    [Theory]
    [InlineData("2026-10-01", "2026-12-31", "2026-07-01", "2026-09-30")] // a quarter: the quarter before
    [InlineData("2026-10-01", "2026-11-09", "2026-07-01", "2026-08-09")] // a quarter to date: the same 40 days of the quarter before
    [InlineData("2026-04-01", "2026-05-31", "2026-01-01", "2026-03-02")] // 61 days from April: the first 61 days of January
    [InlineData("2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31")] // a year: the year before
    [InlineData("2026-11-15", "2026-11-30", "2026-10-30", "2026-11-14")] // any other run of days: as many just before
    public void Each_period_is_set_against_one_as_long_before_it(string first, string last, string previousFirst, string previousLast) =>
        Assert.Equal((DateOnly.Parse(previousFirst, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(previousLast, System.Globalization.CultureInfo.InvariantCulture)),
            Crisis.Reports.ReadinessReports.PeriodBefore(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Leadership_downloads_the_quarter_in_both_languages_with_the_heat_map_the_times_against_the_quarter_before_and_the_asks()
    {
        var risks = server.Service<RiskRegister>();
        risks.Create(new RiskFields { Title = "Customer data leaks from the member system", Category = "data-breach", Likelihood = 3, Impact = 5 },
            new Actor("commander-user", Roles.Commander));
        risks.Create(new RiskFields { Title = "Cracked bottles force a recall", Category = "recall", Likelihood = 2, Impact = 4, Playbooks = ["product-recall"] },
            new Actor("commander-user", Roles.Commander));
        var recall = await server.OpenRecallAsync(severity: 1);
        server.Time.Advance(TimeSpan.FromMinutes(25));
        server.Service<StepActions>().Complete(recall, "confirm-defect", new Actor("commander-user"));

        var pictures = new List<string>();
        foreach (var (language, words) in new[]
                 {
                     ("en", new[] { "Quarterly readiness report", "As the register stands on", "The period's incidents", "Risk heat map", "Customer data leaks from the member system", "Not ready", "25 min", "What we ask for",
                                    "A playbook for the high risk Customer data leaks from the member system, which has none." }),
                     ("zh-CN", new[] { "季度应急准备报告", "的风险清单", "本期事件", "风险热力图", "未就绪", "25 分钟", "我们的请求", "为高风险“Customer data leaks from the member system”编写预案" }),
                 })
        {
            using var response = await server.Client(Roles.Viewer).GetAsync($"/api/reports/readiness.pdf?lang={language}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            Assert.Matches(@"^readiness-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}(\.zh-CN)?\.pdf$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
            var pdf = await response.Content.ReadAsByteArrayAsync();
            PdfFiles.QpdfCheck(pdf);
            var text = PdfFiles.Text(pdf);
            Assert.All(words, word => Assert.Contains(word, text));
            Assert.Contains($"{recall} · ", text); // the quarter's incidents, each by its key and title
            Assert.DoesNotContain("readiness:", text);
            Assert.DoesNotContain("not-ready", text);
            pictures.AddRange(PdfFiles.Pictures(pdf, ReviewApiTests.PictureFolder, $"readiness-{language}", 1, 3));
        }
        Assert.NotEmpty(pictures);

        using var backwards = await server.Client(Roles.Viewer).GetAsync("/api/reports/readiness.pdf?from=2026-11-02&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("from", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        using var farAway = await server.Client(Roles.Viewer).GetAsync("/api/reports/readiness.pdf?to=9999-12-31");
        Assert.Equal("to", (await farAway.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        using var anonymous = await server.Client(null).GetAsync("/api/reports/readiness.pdf");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
