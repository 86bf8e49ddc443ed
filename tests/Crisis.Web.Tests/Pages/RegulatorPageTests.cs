using System.Net;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;

namespace Crisis.Web.Tests.Pages;

/// <summary>A server of its own: the regulator directory saved here would change every other test's checklists and messages.</summary>
public sealed class RegulatorPageTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private const string Page = "/admin/regulators";

    private static Dictionary<string, string> Guangzhou(string contact = "https://recall.gz.example/report") => new()
    {
        ["Regulators[recall].Name"] = "Guangzhou Administration for Market Regulation", ["Regulators[recall].Level"] = "city",
        ["Regulators[recall].Channel"] = "online", ["Regulators[recall].Contact"] = contact,
    };

    /// <summary>Back to a new installation's directory (empty): the tests of this class run one after another on one server.</summary>
    private void NoRegulatorSet() =>
        server.Services.GetRequiredService<RegulatorDirectory>().Save(RegulatorPurposes.All.Select(purpose => new Regulator(purpose)).ToList(), new Actor("test"));

    private static Dictionary<string, string> ReportForm() => new()
    {
        ["Variables[subject_matter]"] = "a product defect in baby bottles", ["Variables[description]"] = "Bases crack when sterilised.",
        ["Variables[scope]"] = "Batch 2611, 12,000 units", ["Variables[cause]"] = "Under investigation", ["Variables[measures]"] = "Sales stopped.",
        ["Variables[contact]"] = "Li Na, legal, 020-1234 5678", ["OtherRecipients"] = "recall@gz.example",
        ["template"] = "regulator-report", ["language"] = "en", ["step"] = "report-to-samr",
    };

    [Fact]
    public async Task A_recall_report_waits_for_the_regulator_and_saving_the_directory_addresses_it_and_names_it_on_the_reporting_step()
    {
        NoRegulatorSet();
        var key = await server.OpenRecallAsync();
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var newReport = $"/incidents/{key}/messages/new?template=regulator-report&language=en&step=report-to-samr";
        using var drafted = await admin.PostForm(newReport, $"/incidents/{key}/messages/new?handler=Draft", ReportForm());
        var message = drafted.Headers.Location!.OriginalString;

        var blocked = await admin.Html(message);
        Assert.Contains("Not set in the regulator directory: Regulator.", blocked);
        Assert.Contains("href=\"/admin/regulators\"", blocked);
        Assert.DoesNotContain("regulator.name", VisibleWordsTests.VisibleText(blocked));
        var checklist = await admin.Html($"/incidents/{key}");
        Assert.Matches("<p class=\"step-regulator\">\\s*Regulator \\(Consumer-product recalls\\): not set yet.\\s*<a href=\"/admin/regulators\">", checklist);

        using var saved = await admin.PostForm(Page, Page, Guangzhou());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var addressed = await admin.Html(message);
        Assert.DoesNotContain("Not set in the regulator directory", addressed);
        Assert.Contains("To: Guangzhou Administration for Market Regulation", addressed);
        checklist = await admin.Html($"/incidents/{key}");
        var reportStep = Regex.Match(checklist, "<li id=\"step-report-to-samr\".*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("Report to Guangzhou Administration for Market Regulation (Prefecture-level city) · Online system: "
            + "<a href=\"https://recall.gz.example/report\">https://recall.gz.example/report</a>", reportStep);
        var otherStep = Regex.Match(checklist, "<li id=\"step-confirm-defect\".*?</li>", RegexOptions.Singleline).Value;
        Assert.DoesNotContain("step-regulator", otherStep);

        using var chinese = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        Assert.Contains("报送：Guangzhou Administration for Market Regulation（地市级），网上报送系统：", await chinese.Html($"/incidents/{key}"));
    }

    [Fact]
    public async Task A_step_whose_regulator_is_not_set_tells_others_than_admins_to_ask_one()
    {
        NoRegulatorSet();
        var key = await server.OpenRecallAsync();
        using var commander = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        var checklist = await commander.Html($"/incidents/{key}");
        Assert.Contains("监管部门（消费品召回）：尚未填写。", checklist);
        Assert.Contains("请管理员填写。", checklist);
        Assert.DoesNotContain("href=\"/admin/regulators\"", checklist);
    }

    [Fact]
    public async Task Only_admins_reach_the_regulator_directory_and_a_post_needs_the_antiforgery_token()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.Get(Page)).StatusCode);
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var token = await admin.FormToken(Page);
        using var refused = await commander.PostWithToken(token, Page, Guangzhou());
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{refused.StatusCode}");
        using var withoutToken = await admin.PostWithoutToken(Page, Guangzhou());
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }

    [Fact]
    public async Task A_wrong_value_is_named_beside_its_field_in_the_readers_language_and_what_was_typed_stays()
    {
        NoRegulatorSet();
        using var admin = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        var form = Guangzhou(contact: "recall.gz.example");
        form["Regulators[data-breach].Name"] = "广东省互联网信息办公室";
        form["Regulators[data-breach].Channel"] = "email";
        form["Regulators[data-breach].Contact"] = "report@gdcac.example";
        using var response = await admin.PostForm(Page, Page, form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<input id=\"reg-recall-Contact\"[^>]*aria-describedby=\"reg-recall-Contact-problem reg-recall-Contact-help\"[^>]*aria-invalid=\"true\"[^>]*>\\s*"
            + "<p class=\"field-problem\" id=\"reg-recall-Contact-problem\">请输入以 https:// 或 http:// 开头的网址。</p>", html);
        Assert.Matches("<select id=\"reg-data-breach-Level\"[^>]*aria-invalid=\"true\"[^>]*>[\\s\\S]*?</select>\\s*<p class=\"field-problem\" id=\"reg-data-breach-Level-problem\">", html);
        Assert.Equal(2, Regex.Matches(html, "class=\"field-problem\"").Count);
        Assert.Contains("value=\"recall.gz.example\"", html);
        Assert.Contains("value=\"广东省互联网信息办公室\"", html);
        Assert.Contains("<legend>个人信息和网络安全事件</legend>", html);
        Assert.True(server.Services.GetRequiredService<RegulatorDirectory>().For(RegulatorPurposes.Recall).IsBlank); // nothing of a refused form is stored
    }
}
