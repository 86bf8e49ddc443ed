using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Api;

/// <summary>A brand in Beijing time, on the eve of the National Day week 2026.</summary>
public sealed class BeijingCrisisServer : CrisisServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Crisis:Organisation:TimeZone=Asia/Shanghai"];

    protected override DateTimeOffset StartsAt => new(2026, 9, 30, 15, 0, 0, TimeSpan.FromHours(8));
}

public class WorkingDayDeadlineTests(BeijingCrisisServer server) : IClassFixture<BeijingCrisisServer>
{
    [Fact]
    public async Task A_recall_opened_before_national_day_is_due_at_the_regulator_after_the_holiday_in_working_days()
    {
        var key = await server.OpenRecallAsync(severity: 1);
        var incident = await server.Client(Roles.Commander).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}");
        var due = incident.GetProperty("phases").EnumerateArray().SelectMany(phase => phase.GetProperty("steps").EnumerateArray())
            .ToDictionary(step => step.GetProperty("id").GetString()!, step => step.GetProperty("dueAt").GetDateTimeOffset());

        // Two working days: 1-7 October are the holiday, so Thursday 8 and Friday 9 October, at the hour it opened.
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 15, 0, 0, TimeSpan.FromHours(8)), due["report-to-samr"]);
        // Ten working days for the plan: 8, 9, 10 (a Saturday worked in exchange), 12-16 and 19-20 October.
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 15, 0, 0, TimeSpan.FromHours(8)), due["submit-recall-plan"]);
        // Calendar spans stay as they are: eight hours is eight hours, holiday or not.
        Assert.Equal(new DateTimeOffset(2026, 9, 30, 23, 0, 0, TimeSpan.FromHours(8)), due["notify-resellers"]);
    }

    [Theory]
    [InlineData("en", "due 2 working days after opening", "Source: SAMR Order 19, Interim Provisions on Consumer Product Recalls (2020)")]
    [InlineData("zh-CN", "创建后2个工作日内", "依据：市场监管总局令第 19 号《消费品召回管理暂行规定》（2020）")]
    public async Task The_playbook_page_says_working_days_and_the_rule_behind_them_in_the_readers_words(string language, string due, string source)
    {
        using var browser = await Pages.Browser.SignedInAs(server, Roles.Commander, language);
        var html = System.Net.WebUtility.HtmlDecode(await browser.Html($"/playbooks/product-recall{(language == "en" ? "" : "?language=zh-CN")}"));
        Assert.Contains(due, html);
        Assert.Contains(source, html);
        Assert.DoesNotContain("2wd", html);
        Assert.DoesNotContain("samr-order-19", html);
    }
}
