using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Tests.Cases;

namespace Crisis.Web.Tests.Pages;

/// <summary>The complaint import page on a server of its own: its three steps, who may use it, and the size limit.</summary>
public sealed partial class CaseImportPageTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private const string Page = "/cases/import";

    private static readonly IReadOnlyList<object?>[] Export =
    [
        ["工单编号", "订单编号", "投诉类型", "问题描述", "来源平台", "投诉时间", "处理状态"],
        ["K-1", "3920117745", "质量问题", "奶瓶消毒后瓶底开裂", "天猫", "2026-11-01 10:23", "已完结"],
        ["K-2", "3920117746", "漏水", "奶瓶漏水", "京东", "2026-11-01 10:24", "买家已确认"],
        ["K-3", "3920117747", "物流问题", "快递三天没更新", "抖店", "2026-11-01 23:59", "处理中"],
    ];

    private static MultipartFormDataContent Upload(byte[] file, string fileName, string source) =>
        new() { { new ByteArrayContent(file), "Upload", fileName }, { new StringContent(source), "Source" } };

    /// <summary>The mapping step's form as the page filled it: every hidden field and every select's chosen option.</summary>
    private static Dictionary<string, string> FilledForm(string page)
    {
        var html = MappingForm().Match(page).Value;
        var fields = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (Match select in Select().Matches(html))
            fields[WebUtility.HtmlDecode(select.Groups[1].Value)] = SelectedOption().Match(select.Groups[2].Value) is { Success: true } chosen ? WebUtility.HtmlDecode(chosen.Groups[1].Value) : "";
        // Each post here is a new one, not a repeat of the form the page rendered.
        fields.Remove(Crisis.Web.Pages.OneTimeForms.FieldName);
        return fields;
    }

    /// <summary>What the mapping step's form says a word of the file means.</summary>
    private static string MeaningOf(Dictionary<string, string> form, string word) =>
        form[form.Single(field => field.Key.EndsWith(".Word", StringComparison.Ordinal) && field.Value == word).Key[..^"Word".Length] + "Meaning"];

    [Fact]
    public async Task An_agent_uploads_an_export_checks_the_proposed_columns_answers_an_unknown_word_and_sees_the_result()
    {
        using var agent = await Browser.SignedInAs(server, Roles.Agent, acceptLanguage: "zh-CN");
        using var uploaded = await agent.PostMultipart(Page, Page + "?handler=Upload", Upload(ComplaintExports.Csv(Export, ComplaintExports.Gb18030), "客服导出.csv", "care-desk"));
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var mappingStep = WebUtility.HtmlDecode(await uploaded.Content.ReadAsStringAsync());
        Assert.Contains("客服导出.csv：共 3 行，来源为“care-desk”，格式为 GB18030 编码的 CSV（中文 Excel）。", mappingStep);
        Assert.Contains("<dt>问题描述</dt>", mappingStep);
        Assert.Contains("<dd>奶瓶消毒后瓶底开裂、奶瓶漏水、快递三天没更新</dd>", mappingStep);

        var form = FilledForm(mappingStep);
        Assert.Equal("column:问题描述", form["Fields[summary]"]);
        Assert.Equal("column:来源平台", form["Fields[channel]"]);
        Assert.Equal("column:工单编号", form["Fields[externalId]"]);
        Assert.Equal("Asia/Shanghai", form["TimeZone"]);
        // The words: the unknown one first, the known ones with their meaning.
        Assert.Equal(("漏水", ""), (form["Words[0].Word"], form["Words[0].Meaning"]));
        Assert.Equal(CaseChannels.Douyin, MeaningOf(form, "抖店"));
        Assert.Equal("column:处理状态", form["Fields[status]"]);
        Assert.Equal((CaseStatuses.Resolved, ""), (MeaningOf(form, "已完结"), MeaningOf(form, "买家已确认")));
        Assert.Contains("<label for=\"word-1\">“买家已确认” <span class=\"muted\">（状态）</span></label>", mappingStep);

        form["Words[0].Meaning"] = CaseCategories.Quality;
        form["Words[1].Meaning"] = CaseStatuses.Resolved;
        using var imported = await agent.PostWithToken(await agent.FormToken(Page), Page + "?handler=Import", form);
        var resultStep = WebUtility.HtmlDecode(await imported.Content.ReadAsStringAsync());
        Assert.Contains("已从“care-desk”导入", resultStep);
        Assert.Contains("<dd id=\"imported-count\">3</dd>", resultStep);
        Assert.Contains("<dd id=\"refused-count\">0</dd>", resultStep);
        var cases = server.Service<CaseBook>().List(new CaseFilter()).Cases.Where(c => c.Source == "import:care-desk").ToList();
        Assert.Equal([CaseChannels.Douyin, CaseChannels.JD, CaseChannels.Tmall], cases.Select(c => c.Channel));
        Assert.Equal(CaseCategories.Quality, cases[1].Category);
        Assert.Equal([CaseStatuses.InProgress, CaseStatuses.Resolved, CaseStatuses.Resolved], cases.Select(c => c.Status));

        // The upload is gone once imported; the next file from the source is proposed the same columns and word.
        using var gone = await agent.PostWithToken(await agent.FormToken(Page), Page + "?handler=Import", form);
        Assert.Contains("上传的文件已不在", WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync()));
        using var next = await agent.PostMultipart(Page, Page + "?handler=Upload", Upload(ComplaintExports.Csv(Export, Encoding.UTF8), "again.csv", "Care-Desk"));
        var proposed = FilledForm(await next.Content.ReadAsStringAsync());
        Assert.Equal((CaseCategories.Quality, CaseStatuses.Resolved, "care-desk"), (MeaningOf(proposed, "漏水"), MeaningOf(proposed, "买家已确认"), proposed["Source"]));
        using var again = await agent.PostWithToken(await agent.FormToken(Page), Page + "?handler=Import", proposed);
        Assert.Contains("<dd id=\"already-there-count\">3</dd>", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rows_the_import_refuses_are_listed_by_row_and_column_and_a_missing_choice_is_named_beside_its_field()
    {
        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        IReadOnlyList<object?>[] export = [.. Export, ["K-4", "3920117748", "质量问题", "", "天猫", "2026-11-01 11:00", ""], ["K-5", "1", "质量问题", "瓶盖松", "天猫", "11/11 morning", ""]];
        using var uploaded = await agent.PostMultipart(Page, Page + "?handler=Upload", Upload(ComplaintExports.Csv(export, Encoding.UTF8), "desk.csv", "refusing-desk"));
        var form = FilledForm(await uploaded.Content.ReadAsStringAsync());

        form["Fields[summary]"] = "";
        using var refused = await agent.PostWithToken(await agent.FormToken(Page), Page + "?handler=Import", form);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"field-summary-problem\">This is required.</p>", refusedPage);

        form["Fields[summary]"] = "column:问题描述";
        using var imported = await agent.PostWithToken(await agent.FormToken(Page), Page + "?handler=Import", form);
        var result = WebUtility.HtmlDecode(await imported.Content.ReadAsStringAsync());
        Assert.Contains("<dd id=\"imported-count\">2</dd>", result);
        Assert.Contains("<dd id=\"refused-count\">3</dd>", result);
        Assert.Contains("<td data-label=\"Row\">3</td>\n                        <td data-label=\"Column\">投诉类型</td>\n                        <td data-label=\"Why\">“漏水” is not a category Crisis knows", result);
        Assert.Contains("<td data-label=\"Row\">5</td>\n                        <td data-label=\"Column\">问题描述</td>\n                        <td data-label=\"Why\">This is required.</td>", result);
        Assert.Contains("<td data-label=\"Column\">投诉时间</td>\n                        <td data-label=\"Why\">“11/11 morning” is not a date and time Crisis can read", result);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Trainer)]
    public async Task Only_people_who_work_cases_may_open_or_post_the_page(string role)
    {
        using var someone = await Browser.SignedInAs(server, role);
        using var page = await someone.Get(Page);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var post = await someone.PostForm("/settings", Page + "?handler=Upload", new() { ["Source"] = "sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_limit_or_none_at_all_is_refused_beside_the_field()
    {
        using var agent = await Browser.SignedInAs(server, Roles.Agent);
        using var large = await agent.PostMultipart(Page, Page + "?handler=Upload", Upload(new byte[Core.Cases.Import.CaseImport.MaxFileBytes + 1], "huge.csv", "huge"));
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.Contains("<p class=\"field-problem\" id=\"Upload-problem\">The file is 50.0 MB; the limit is 50 MB.", await large.Content.ReadAsStringAsync());

        using var old = await agent.PostMultipart(Page, Page + "?handler=Upload", Upload([0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], "old.xls", "old"));
        Assert.Contains("This is an Excel 97–2003 file (.xls): save it as .xlsx or CSV and upload that.", WebUtility.HtmlDecode(await old.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("<form [^>]*class=\"import-mapping\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex MappingForm();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<select[^>]* name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<option value=\"([^\"]*)\" selected=\"selected\"")]
    private static partial Regex SelectedOption();
}
