using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Tests.Cases;

namespace Crisis.Web.Tests.Api;

/// <summary><c>POST /api/cases/import</c> on a server of its own, so the cases it imports reach no other test's lists.</summary>
public sealed class CaseImportApiTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private static readonly IReadOnlyList<object?>[] Export =
    [
        ComplaintExports.TmallHeader,
        ["TS001", "3920117745", "AB-260", "2611", "质量问题", "奶瓶消毒后瓶底开裂，划伤了手", "tb_mama_88", "138 0013 5678", "广东省广州市天河区体育西路 1 号", "2026-11-01 10:23:45"],
        ["TS002", "3920117746", "AB-260", "2611", "天气不好", "下雨了", "tb_baba_12", "", "", "2026-11-01 10:24"],
        ["TS003", "3920117747", "AB-120", "2610", "物流问题", "快递三天没更新", "tb_li", "", "", "2026/11/1 23:59"],
    ];

    private const string Mapping = """{"columns":{"externalId":"投诉编号","orderId":"订单编号","category":"投诉类型","summary":"投诉内容","receivedAt":"投诉时间"},"channel":"tmall","timeZone":"Asia/Shanghai"}""";

    private static MultipartFormDataContent Form(byte[] file, string fileName, string? source, string? mapping = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        if (source is not null) form.Add(new StringContent(source), "source");
        if (mapping is not null) form.Add(new StringContent(mapping), "mapping");
        return form;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string role, MultipartFormDataContent form, string language = "en")
    {
        using var client = server.Client(role);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await client.PostAsync("/api/cases/import", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task An_agent_imports_a_gb18030_export_keeping_the_good_rows_and_hearing_of_the_bad_one_in_chinese_and_the_source_remembers_its_mapping()
    {
        var file = ComplaintExports.Csv(Export, ComplaintExports.Gb18030);
        var (status, body) = await Post(Roles.Agent, Form(file, "天猫投诉.csv", "Tmall-Export", Mapping), "zh-CN");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("tmall-export", 3, 2, 0, 1), (body.GetProperty("source").GetString(), body.GetProperty("rows").GetInt32(), body.GetProperty("imported").GetInt32(),
            body.GetProperty("alreadyThere").GetInt32(), body.GetProperty("refusedRows").GetInt32()));
        var refused = Assert.Single(body.GetProperty("refused").EnumerateArray());
        Assert.Equal((3, "投诉类型", "category"), (refused.GetProperty("row").GetInt32(), refused.GetProperty("column").GetString(), refused.GetProperty("field").GetString()));
        Assert.Equal("“天气不好”不是 Crisis 认识的投诉类别，请在字段映射中指定它属于哪个类别。", refused.GetProperty("reason").GetString());
        var logged = server.Service<CaseBook>().List(new CaseFilter { Channel = CaseChannels.Tmall }).Cases;
        Assert.Equal(["TS003", "TS001"], logged.Select(c => c.ExternalId));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 23, 45, TimeSpan.Zero), logged[1].ReceivedAt);
        Assert.Equal("agent-user", logged[1].CreatedBy);

        // The same file again, now without a mapping: the source's is remembered, and nothing is added twice.
        var (again, answer) = await Post(Roles.Commander, Form(file, "天猫投诉.csv", "tmall-export"));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal((0, 2), (answer.GetProperty("imported").GetInt32(), answer.GetProperty("alreadyThere").GetInt32()));
        Assert.Equal("投诉内容", answer.GetProperty("mapping").GetProperty("columns").GetProperty("summary").GetString());
        Assert.Equal("“天气不好” is not a category Crisis knows: say which category it means in the mapping.",
            answer.GetProperty("refused")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_source_without_a_remembered_mapping_is_refused_naming_what_the_headers_map_to_and_the_columns_left_over()
    {
        var file = ComplaintExports.Csv([["单号", "问题描述", "备注"], ["1", "瓶子裂了", "加急"]], Encoding.UTF8, byteOrderMark: true);
        var (status, body) = await Post(Roles.Agent, Form(file, "hotline.csv", "hotline-desk"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("no mapping is remembered for the source 'hotline-desk'", detail);
        Assert.Contains("summary = 问题描述, channel = hotline for every row", detail);
        Assert.Contains("no column found for: category", detail);
        Assert.EndsWith("columns not mapped: 单号, 备注", detail);

        var (badMapping, refusal) = await Post(Roles.Agent, Form(file, "hotline.csv", "hotline-desk", """{"columns":{"summary":"问题"},"channel":"hotline","category":"weather"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badMapping);
        Assert.Contains("the file has no column '问题' for the summary", refusal.GetProperty("detail").GetString());
        Assert.Contains("'weather' is not a category", refusal.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Trainer)]
    public async Task Only_people_who_work_cases_may_import(string role)
    {
        var (status, _) = await Post(role, Form(ComplaintExports.Csv(Export, Encoding.UTF8), "x.csv", "forbidden", Mapping));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        using var anonymous = server.Client(null);
        using var response = await anonymous.PostAsync("/api/cases/import", Form(ComplaintExports.Csv(Export, Encoding.UTF8), "x.csv", "forbidden", Mapping));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("forbidden", server.Service<Crisis.Core.Cases.Import.CaseImport>().Sources());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_saying_the_limit_and_a_request_without_a_file_says_what_to_send()
    {
        var large = new byte[Crisis.Core.Cases.Import.CaseImport.MaxFileBytes + 1];
        var (status, body) = await Post(Roles.Agent, Form(large, "huge.csv", "huge"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.StartsWith("the file is 50.0 MB; the limit is 50 MB", body.GetProperty("detail").GetString());

        using var form = new MultipartFormDataContent { { new StringContent("tmall"), "source" } };
        var (missing, problem) = await Post(Roles.Agent, form);
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("send the export as the multipart field 'file'", problem.GetProperty("detail").GetString());
    }
}
