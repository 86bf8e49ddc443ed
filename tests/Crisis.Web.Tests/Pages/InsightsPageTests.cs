using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crisis.Web.Tests.Pages;

/// <summary>The insights page on a server of its own (its figures are over every incident the server holds): tables in the reader's words, and each table downloaded.</summary>
public sealed class InsightsPageTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    [Fact]
    public async Task Leadership_reads_the_tables_in_chinese_and_downloads_each_as_csv_and_xlsx_with_the_figures_as_numbers()
    {
        var recall = await server.OpenRecallAsync(severity: 1);
        server.Time.Advance(TimeSpan.FromMinutes(12));
        server.Service<StepActions>().Complete(recall, "confirm-defect", new Actor("commander-user"));
        using var viewer = await Browser.SignedInAs(server, Roles.Viewer, "zh-CN");

        var page = await viewer.Html("/insights");
        Assert.Contains("各类别响应时长", page);
        Assert.Contains("产品召回", page);
        Assert.Contains("12分钟", page);
        Assert.Contains($"href=\"/incidents/{recall}\"", page);
        Assert.Contains("data-chart=", page);
        Assert.DoesNotContain("playbook-category:", page);

        var today = server.Time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var csv = await viewer.Get($"/insights?handler=Export&table=by-category&format=csv&to={today}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"insights-by-category-", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]); // so Excel reads the Chinese
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("类别,事件,响应：中位数（分钟）,响应：下四分位数（分钟）", lines[0]);
        Assert.Equal($"全部事件,{recall},12,12,12,,,,,,", lines[1]);

        using var xlsx = await viewer.Get("/insights?handler=Export&table=by-category&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var sheet = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single();
        Assert.Equal("各类别响应时长", sheet.Name!.Value);
        var rows = ((WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        var median = rows[1].Elements<Cell>().ElementAt(2);
        Assert.Equal((CellValues.Number, "12"), (median.DataType!.Value, median.CellValue!.Text));
        Assert.Equal("全部事件", rows[1].Elements<Cell>().First().InnerText);

        using var readiness = await viewer.Get("/insights?handler=Readiness&lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        Assert.Contains("季度应急准备报告", Crisis.Pdf.Tests.PdfFiles.Text(await readiness.Content.ReadAsByteArrayAsync()));

        using var unknown = await viewer.Get("/insights?handler=Export&table=passwords&format=csv");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var backwards = await viewer.Html("/insights?from=2026-11-02&to=2026-11-01");
        Assert.Contains("结束日期早于起始日期", backwards);
        Assert.Contains("数据洞察只涵盖 2000 年至 2100 年", await viewer.Html("/insights?from=1999-01-01"));
        Assert.Contains("数据洞察只涵盖 2000 年至 2100 年", await viewer.Html("/insights?to=2000-01-05"));
        // A value that cannot be read at all is no value either, not the framework's English message.
        foreach (var path in new[] { "/insights?from=garbage&severity=high", "/follow-ups?owner=abc&overdue=maybe" })
            Assert.DoesNotContain("is not valid for", await viewer.Html(path));
        // A choice no list offers (a stale link) is no filter, as the lists then say: the same incidents as with none.
        var all = Regex.Match(page, "<h2 id=\"insights-summary\">([^<]*)</h2>").Groups[1].Value;
        Assert.Equal(all, Regex.Match(await viewer.Html("/insights?severity=9&category=nope&playbook=%3Cscript%3E"), "<h2 id=\"insights-summary\">([^<]*)</h2>").Groups[1].Value);
    }
}
