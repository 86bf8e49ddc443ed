using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// The import page on a server of its own (what it saves lands in that server's playbook folder): who may post it,
/// the antiforgery token, the size limit, and saving that never overwrites someone else's playbook.
/// </summary>
public sealed partial class ImportPageTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private const string Page = "/playbooks/import";

    private const string Document = """
        # Cold Store Failure Procedure

        ## Respond
        1. Within 1 hour: Privacy Officer notified of the failure
        2. Move the stock to the spare cold room

        ## Recover
        - Check every pallet's temperature log
        """;

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value, Encoding.UTF8), name);
        return form;
    }

    /// <summary>The form as saved after a first preview: every step the preview offers included, plus <paramref name="fields"/>.</summary>
    private async Task<MultipartFormDataContent> SaveForm(Browser browser, params (string Name, string Value)[] fields)
    {
        using var preview = await browser.PostMultipart(Page, Page + "?handler=Preview", Form(("Markdown", Document)));
        var html = await preview.Content.ReadAsStringAsync();
        var steps = IncludedStep().Matches(html).Select(m => ("Included", WebUtility.HtmlDecode(m.Groups[1].Value))).ToList();
        Assert.Equal(3, steps.Count);
        var values = new Dictionary<string, string> { ["Markdown"] = Document, ["Adjusted"] = "true", ["Title"] = "Cold store failure", ["Category"] = "other", ["Language"] = "en" };
        foreach (var (name, value) in fields) values[name] = value;
        return Form([.. values.Select(v => (v.Key, v.Value)), .. steps]);
    }

    [Theory]
    [InlineData(Roles.Responder)]
    [InlineData(Roles.Trainer)]
    [InlineData(Roles.Viewer)]
    public async Task Only_commanders_and_admins_may_post_an_import(string role)
    {
        using var someoneElse = await Browser.SignedInAs(server, role);
        using var refused = await someoneElse.PostForm("/settings", Page, new() { ["Markdown"] = Document, ["Id"] = "cold-store-failure-procedure", ["Title"] = "Cold store" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(File.Exists(Path.Combine(server.PlaybookFolder, "cold-store-failure-procedure.md")));
    }

    [Fact]
    public async Task A_chinese_reader_sees_what_the_import_noticed_in_chinese()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander, acceptLanguage: "zh-CN");
        using var preview = await commander.PostMultipart(Page, Page + "?handler=Preview", Form(("Markdown", Document + "\n```\nnever closed\n## Afterwards\n- Review\n")));
        var html = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());

        Assert.Contains("没有前置元数据：已作为外部预案导入", html);
        Assert.Contains("此代码块没有结束：在第 11 行的标题之前截止", html);
        Assert.DoesNotContain("no front matter", html);
        Assert.DoesNotContain("is never closed", html);
    }

    [Fact]
    public async Task A_chinese_reader_sees_a_broken_front_matter_explained_in_chinese()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander, acceptLanguage: "zh-CN");
        using var preview = await commander.PostMultipart(Page, Page + "?handler=Preview",
            Form(("Markdown", "---\nid: Cold Store\ntitle: Cold store\nversion: zero\ncategory: weather\nauthor: Mei\n---\n" + Document)));
        var html = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());

        Assert.Contains("id“Cold Store”必须是小写短名：只能用小写字母、数字和单个“-”", html);
        Assert.Contains("version“zero”必须是大于等于 1 的整数", html);
        Assert.Contains("category“weather”不是可选值之一", html);
        Assert.Contains("未知的前置元数据键“author”已忽略", html);
        Assert.DoesNotContain("must be", html);
        Assert.DoesNotContain("is not one of", html);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        using var refused = await commander.PostWithoutToken(Page, new() { ["Markdown"] = Document, ["Id"] = "no-token", ["Title"] = "No token" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(File.Exists(Path.Combine(server.PlaybookFolder, "no-token.md")));
    }

    [Fact]
    public async Task A_document_over_the_limit_is_refused_beside_its_field_whether_uploaded_or_pasted()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var large = "# Large\n\n" + string.Concat(Enumerable.Repeat("- A step that repeats until the document is too large\n", 24_000));
        Assert.True(Encoding.UTF8.GetByteCount(large) > 1024 * 1024);

        var upload = Form();
        upload.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(large)), "Upload", "large.md");
        using var uploaded = await commander.PostMultipart(Page, Page + "?handler=Preview", upload);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var uploadedPage = await uploaded.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-problem\" id=\"Upload-problem\">The document is larger than 1024 KB.", uploadedPage);
        Assert.DoesNotContain("Save to the playbook library", uploadedPage);

        using var pasted = await commander.PostMultipart(Page, Page + "?handler=Preview", Form(("Markdown", large)));
        Assert.Equal(HttpStatusCode.OK, pasted.StatusCode);
        Assert.Contains("<p class=\"field-problem\" id=\"Markdown-problem\">The document is larger than 1024 KB.", await pasted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Saving_refuses_a_taken_id_beside_the_field_and_replaces_only_ones_own_import_once_confirmed()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        using var shipped = await commander.PostMultipart(Page, Page, await SaveForm(commander, ("Id", "product-recall")));
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Contains("id=\"Id-problem\">A playbook with this id already exists in this language: choose another id.", await shipped.Content.ReadAsStringAsync());

        using var saved = await commander.PostMultipart(Page, Page, await SaveForm(commander, ("Id", "cold-store")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/playbooks/cold-store?language=en", saved.Headers.Location!.OriginalString);
        var written = File.ReadAllText(Path.Combine(server.PlaybookFolder, "cold-store.md"));
        Assert.False(Crisis.Core.Playbooks.PlaybookParser.Parse(written, "cold-store.md").HasErrors);

        using var again = await commander.PostMultipart(Page, Page, await SaveForm(commander, ("Id", "cold-store")));
        var againPage = await again.Content.ReadAsStringAsync();
        Assert.Contains("You imported a playbook with this id before", againPage);
        Assert.Contains("name=\"ReplaceOwnImport\"", againPage);

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using var notTheirs = await admin.PostMultipart(Page, Page, await SaveForm(admin, ("Id", "cold-store"), ("ReplaceOwnImport", "true")));
        Assert.Equal(HttpStatusCode.OK, notTheirs.StatusCode);
        Assert.Contains("A playbook with this id already exists in this language", await notTheirs.Content.ReadAsStringAsync());

        using var replaced = await commander.PostMultipart(Page, Page,
            await SaveForm(commander, ("Id", "cold-store"), ("Title", "Cold store failure, second edition"), ("ReplaceOwnImport", "true")));
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        Assert.Contains("Cold store failure, second edition", File.ReadAllText(Path.Combine(server.PlaybookFolder, "cold-store.md")));
    }

    [GeneratedRegex("name=\"Included\" value=\"([^\"]+)\"")]
    private static partial Regex IncludedStep();
}
