using System.Text;
using Crisis.Core.Cases;
using Crisis.Core.Cases.Import;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;

namespace Crisis.Core.Tests.Cases;

/// <summary>Real export files (CSV in UTF-8 and GB18030, XLSX made with the Open XML SDK) imported into a real database.</summary>
public sealed class CaseImportTests : IDisposable
{
    private static readonly Actor Agent = new("lin", "agent");
    private static readonly DateTime Singles = new(2026, 11, 1, 10, 23, 45);
    private readonly TestDatabase _test = new();

    public CaseImportTests() => _test.Time.SetUtcNow(new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _test.Dispose();

    private CaseImport Import => _test.Get<CaseImport>();

    private CaseBook Book => _test.Get<CaseBook>();

    private static readonly IReadOnlyList<object?>[] TmallExport =
    [
        ComplaintExports.TmallHeader,
        ["TS001", "3920117745", "AB-260", "2611", "质量问题", "奶瓶消毒后瓶底开裂，划伤了手", "tb_mama_88", "138 0013 5678", "广东省广州市天河区体育西路 1 号", "2026-11-11 10:23:45"],
        ["TS002", "3920117746", "AB-260", "2611", "安全问题", "瓶身有裂纹，\"漏水\"，烫到宝宝", "tb_baba_12", "13900001111", "北京市朝阳区建国路 88 号", "2026/11/11 10:23"],
        ["TS003", "3920117747", "AB-120", "2610", "物流问题", "快递三天没更新", "tb_li", "", "", "2026年11月11日 23:59"],
    ];

    private CaseImportResult ImportFile(string fileName, byte[] content, string source = "tmall-export", CaseImportMapping? mapping = null)
    {
        var file = CaseFiles.Read(fileName, content);
        return Import.Import(source, file, mapping ?? Import.Propose(source, file), Agent);
    }

    private List<CaseView> Cases() => Book.List(new CaseFilter { Limit = 500 }).Cases.OrderBy(c => c.ExternalId).ToList();

    [Theory]
    [InlineData("utf8-bom")]
    [InlineData("utf8")]
    [InlineData("gb18030")]
    public void A_tmall_csv_export_in_any_of_its_encodings_becomes_cases_with_its_headers_words_and_beijing_times_read(string encoding)
    {
        var content = encoding switch
        {
            "utf8-bom" => ComplaintExports.Csv(TmallExport, Encoding.UTF8, byteOrderMark: true),
            "utf8" => ComplaintExports.Csv(TmallExport, Encoding.UTF8),
            _ => ComplaintExports.Csv(TmallExport, ComplaintExports.Gb18030),
        };
        var file = CaseFiles.Read("天猫投诉导出.csv", content);
        Assert.Equal(encoding == "gb18030" ? CaseFileFormat.CsvGb18030 : CaseFileFormat.CsvUtf8, file.Format);
        Assert.Equal("投诉编号", file.Columns[0]);

        var result = ImportFile("天猫投诉导出.csv", content);

        Assert.Equal(new CaseImportResult(3, 3, 0, []), result with { Problems = [] });
        Assert.Empty(result.Problems);
        var cases = Cases();
        Assert.Equal(["TS001", "TS002", "TS003"], cases.Select(c => c.ExternalId));
        Assert.All(cases, c => Assert.Equal(CaseChannels.Tmall, c.Channel));
        Assert.All(cases, c => Assert.Equal("import:tmall-export", c.Source));
        Assert.Equal([CaseCategories.Quality, CaseCategories.Safety, CaseCategories.Delivery], cases.Select(c => c.Category));
        Assert.Equal("瓶身有裂纹，\"漏水\"，烫到宝宝", cases[1].Summary);
        Assert.Equal(("3920117745", "AB-260", "2611", "tb_mama_88"), (cases[0].OrderId, cases[0].Sku, cases[0].Batch, cases[0].CustomerRef));
        Assert.Equal("138 0013 5678", Book.Reveal(cases[0].Id, Agent).CustomerPhone);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 2, 23, 45, TimeSpan.Zero), cases[0].ReceivedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 2, 23, 0, TimeSpan.Zero), cases[1].ReceivedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 15, 59, 0, TimeSpan.Zero), cases[2].ReceivedAt);
        Assert.Null(cases[2].CustomerPhone);
    }

    [Fact]
    public void An_xlsx_export_reads_date_cells_as_times_and_long_numbers_as_whole_ids()
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Ticket ID", "Order No", "SKU", "Category", "Description", "Platform", "Created" },
            new object?[] { "JD-1", 3920117745123L, "AB-260", "Quality", "Teat split after two days", "京东", Singles },
            // A blank row between, as exports often leave, does not shift the numbering of the rows after it.
            new object?[] { null, null, null, null, null, null, null },
            new object?[] { "JD-2", 3920117745124L, "AB-260", "refund", "Refund not received", "JD.com", 46337.4375 },
        };
        var file = CaseFiles.Read("jd.xlsx", ComplaintExports.Xlsx(rows));
        Assert.Equal(CaseFileFormat.Xlsx, file.Format);
        Assert.Equal([2, 4], file.Rows.Select(row => row.Number));

        // The organisation names no zone: the platforms' own, Beijing time, whoever reads.
        var mapping = Import.Propose("jd", file);
        Assert.Equal(("Platform", "Asia/Shanghai"), (mapping.ColumnFor(CaseImportFields.Channel), mapping.TimeZone));
        var result = Import.Import("jd", file, mapping with { TimeZone = null }, Agent);

        Assert.Equal(2, result.Imported);
        var cases = Cases();
        Assert.Equal(["3920117745123", "3920117745124"], cases.Select(c => c.OrderId));
        Assert.All(cases, c => Assert.Equal(CaseChannels.JD, c.Channel));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 23, 45, TimeSpan.Zero), cases[0].ReceivedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 2, 30, 0, TimeSpan.Zero), cases[1].ReceivedAt);
    }

    [Fact]
    public void Bad_rows_are_reported_by_row_and_column_in_the_readers_language_and_the_good_rows_are_kept()
    {
        IReadOnlyList<object?>[] export =
        [
            .. TmallExport,
            ["TS004", "3920117748", "AB-260", "2611", "天气不好", "下雨了", "tb_1", "", "", "2026-11-11 11:00"],
            // A row with an unreadable time is reported with it; what else is wrong shows once the time is fixed.
            ["TS005", "3920117749", "AB-260", "2611", "质量问题", "", "tb_2", "call me", "", "11/11 早上"],
            ["TS006", "3920117750", "AB-260", "2611", "退款", "退款没到账", "tb_3", "", "", "2026-12-25 09:00"],
        ];

        var result = ImportFile("tmall.csv", ComplaintExports.Csv(export, Encoding.UTF8));

        Assert.Equal((6, 3, 0, 3), (result.Rows, result.Imported, result.AlreadyThere, result.RefusedRows));
        Assert.Equal(
            [(5, "投诉类型", "“天气不好”不是 Crisis 认识的投诉类别，请在字段映射中指定它属于哪个类别。"),
             (6, "投诉时间", "无法识别时间“11/11 早上”，请写成 2026-11-11 10:23 这样的格式。"),
             (7, "投诉时间", "投诉时间不能晚于现在，请检查日期和时间。")],
            result.Problems.Select(p => (p.Row, p.Column, p.Reason(SharedTexts.Chinese))));
        Assert.Equal("“天气不好” is not a category Crisis knows: say which category it means in the mapping.", result.Problems[0].Reason(SharedTexts.English));
        Assert.Equal(["TS001", "TS002", "TS003"], Cases().Select(c => c.ExternalId));

        // A row whose words and time read well but whose fields CaseBook refuses is reported with every wrong field.
        var refused = ImportFile("tmall.csv", ComplaintExports.Csv(
            [ComplaintExports.TmallHeader, ["TS007", "3920117751", "AB-260", "2611", "质量问题", "", "tb_4", "call me", "", "2026-11-11 12:00"]], Encoding.UTF8));
        Assert.Equal([(2, "投诉内容", "summary"), (2, "联系电话", "customerPhone")], refused.Problems.Select(p => (p.Row, p.Column, p.Field)));
        Assert.Equal("This is required.", refused.Problems[0].Reason(SharedTexts.English));
    }

    [Fact]
    public void Rows_the_platform_has_worked_already_start_where_it_left_them_and_a_contradiction_is_refused()
    {
        IReadOnlyList<object?>[] export =
        [
            [.. ComplaintExports.TmallHeader, "处理状态", "完结时间"],
            ["TS001", "3920117745", "AB-260", "2611", "质量问题", "瓶底开裂", "tb_1", "", "", "2026-11-11 10:23", "待处理", ""],
            ["TS002", "3920117746", "AB-260", "2611", "质量问题", "奶嘴漏水", "tb_2", "", "", "2026-11-11 10:24", "处理中", ""],
            ["TS003", "3920117747", "AB-260", "2611", "物流问题", "快递没更新", "tb_3", "", "", "2026-11-11 10:25", "已完结", "2026-11-11 18:00"],
            ["TS004", "3920117748", "AB-260", "2611", "退款", "退款没到账", "tb_4", "", "", "2026-11-11 10:26", "退款成功", ""],
            ["TS005", "3920117749", "AB-260", "2611", "质量问题", "不想要了", "tb_5", "", "", "2026-11-11 10:27", "已撤销", ""],
            ["TS006", "3920117750", "AB-260", "2611", "质量问题", "颜色不对", "tb_6", "", "", "2026-11-11 10:28", "买家已确认", ""],
            ["TS007", "3920117751", "AB-260", "2611", "质量问题", "盖子松", "tb_7", "", "", "2026-11-11 10:29", "处理中", "2026-11-11 18:00"],
            ["TS008", "3920117752", "AB-260", "2611", "质量问题", "刻度模糊", "tb_8", "", "", "2026-11-11 10:30", "已完结", "2026-11-10 08:00"],
            ["TS009", "3920117753", "AB-260", "2611", "质量问题", "瓶身划痕", "tb_9", "", "", "0001-01-01 00:00", "已完结", ""],
        ];
        var file = CaseFiles.Read("tmall.csv", ComplaintExports.Csv(export, Encoding.UTF8));
        var mapping = Import.Propose("tmall-export", file);
        Assert.Equal(("处理状态", "完结时间", "投诉时间"),
            (mapping.ColumnFor(CaseImportFields.Status), mapping.ColumnFor(CaseImportFields.ResolvedAt), mapping.ColumnFor(CaseImportFields.ReceivedAt)));

        var result = Import.Import("tmall-export", file, mapping, Agent);

        Assert.Equal(
            [(7, "处理状态", "“买家已确认”不是 Crisis 认识的工单状态，请在字段映射中指定它对应哪个状态。"),
             (8, "完结时间", "仍未解决的工单不应有解决时间，请检查状态或解决时间。"),
             (9, "完结时间", "解决时间应晚于投诉时间且不晚于现在，请检查解决时间。"),
             (10, "投诉时间", "投诉时间不能早于 2000 年，请检查日期。")],
            result.Problems.Select(p => (p.Row, p.Column, p.Reason(SharedTexts.Chinese))));
        // Imported 13 hours after the complaints, past their 12-hour answer clock: when the platform's team answered is not
        // in the export, so they count as answered by the clock's end, not as missed; resolved ones without a time, now.
        var now = _test.Time.GetUtcNow();
        DateTimeOffset AnswerDue(int minute) => new(2026, 11, 11, 14, minute, 0, TimeSpan.Zero);
        var cases = Cases();
        Assert.Equal(
            [("TS001", CaseStatuses.New, null, null),
             ("TS002", CaseStatuses.InProgress, AnswerDue(24), null),
             ("TS003", CaseStatuses.Resolved, new DateTimeOffset(2026, 11, 11, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 11, 10, 0, 0, TimeSpan.Zero)),
             ("TS004", CaseStatuses.Resolved, AnswerDue(26), now),
             ("TS005", CaseStatuses.Closed, AnswerDue(27), now)],
            cases.Select(c => (c.ExternalId, c.Status, c.RespondedAt, c.ResolvedAt)));
        Assert.Equal([CaseClockStates.Overdue, CaseClockStates.OnTrack, CaseClockStates.Met, CaseClockStates.Met, CaseClockStates.Met],
            cases.Select(c => c.ClockState));
        string Created(CaseView @case, System.Globalization.CultureInfo culture) =>
            CaseStory.Tell(Book.History(@case.Id), new CaseStoryNames(), culture)[0].Sentence;
        Assert.Equal("lin imported the case from tmall-export. It came in as “Resolved”.", Created(cases[2], SharedTexts.English));
        Assert.Equal("lin 从 tmall-export 导入了此工单。登记时状态已为“已解决”。", Created(cases[2], SharedTexts.Chinese));
        Assert.Equal("lin imported the case from tmall-export.", Created(cases[0], SharedTexts.English));

        // The source's own word answered, the row comes in as it says; the rows in already are left as they are.
        var again = Import.Import("tmall-export", file, mapping with { StatusWords = new() { ["买家已确认"] = CaseStatuses.Resolved } }, Agent);
        Assert.Equal((1, 5), (again.Imported, again.AlreadyThere));
        Assert.Equal(CaseStatuses.Resolved, Cases().Single(c => c.ExternalId == "TS006").Status);
        Assert.Equal(new Dictionary<string, string> { ["买家已确认"] = CaseStatuses.Resolved }, Import.Remembered("tmall-export")!.StatusWords);
    }

    [Fact]
    public void Importing_the_same_file_again_adds_nothing_and_a_fixed_row_comes_in_alone_with_or_without_a_ticket_id_column()
    {
        var content = ComplaintExports.Csv(TmallExport, Encoding.UTF8);
        Assert.Equal(3, ImportFile("tmall.csv", content).Imported);
        var again = ImportFile("tmall.csv", content);
        Assert.Equal((0, 3), (again.Imported, again.AlreadyThere));

        // Without a ticket id column, each row is known by what it says.
        var withoutIds = TmallExport.Select(row => row.Skip(1).ToArray()).ToList();
        var file = CaseFiles.Read("weekly.csv", ComplaintExports.Csv(withoutIds, Encoding.UTF8));
        var mapping = Import.Propose("weekly", file) with { Channel = CaseChannels.Taobao };
        Assert.Null(mapping.ColumnFor(CaseImportFields.ExternalId));
        Assert.Equal(3, Import.Import("weekly", file, mapping, Agent).Imported);
        withoutIds.Add(["3920117799", "AB-260", "2611", "质量问题", "奶嘴开裂", "tb_new", "", "", "2026-11-11 13:00"]);
        var grown = Import.Import("weekly", CaseFiles.Read("weekly.csv", ComplaintExports.Csv(withoutIds, Encoding.UTF8)), mapping, Agent);
        Assert.Equal((1, 3), (grown.Imported, grown.AlreadyThere));
        Assert.Equal(7, Book.Count(new CaseFilter()));
        Assert.All(Cases().Where(c => c.Source == "import:weekly"), c => Assert.StartsWith("row:", c.ExternalId));
    }

    [Fact]
    public void The_mapping_is_remembered_per_source_and_proposed_again_with_its_words_even_after_a_column_is_renamed()
    {
        var header = new object?[] { "单号", "问题", "类别", "渠道来源", "时间" };
        IReadOnlyList<object?>[] export = [header, ["A-1", "奶瓶漏水", "漏水", "天猫旗舰店", "2026-11-11 10:00"]];
        var file = CaseFiles.Read("hotline.csv", ComplaintExports.Csv(export, Encoding.UTF8));
        var guessed = Import.Propose("care-desk", file);
        Assert.Null(guessed.ColumnFor(CaseImportFields.ExternalId));
        Assert.Equal("类别", guessed.ColumnFor(CaseImportFields.Category));
        Assert.Equal("渠道来源", guessed.ColumnFor(CaseImportFields.Channel));
        Assert.Equal("Asia/Shanghai", guessed.TimeZone);

        var chosen = guessed with
        {
            Columns = new(guessed.Columns) { [CaseImportFields.ExternalId] = "单号", [CaseImportFields.Summary] = "问题" },
            CategoryWords = new() { ["漏水"] = CaseCategories.Quality },
            ChannelWords = new() { ["天猫旗舰店 "] = CaseChannels.Tmall },
        };
        Assert.Equal(1, Import.Import("care-desk", file, chosen, Agent).Imported);
        Assert.Equal(["care-desk"], Import.Sources());

        header[1] = "问题描述";
        var next = CaseFiles.Read("hotline-2.csv", ComplaintExports.Csv([header, ["A-2", "奶嘴漏水", "漏水", "天猫旗舰店", "2026-11-11 11:00"]], Encoding.UTF8));
        var proposed = Import.Propose("care-desk", next);
        Assert.Equal("单号", proposed.ColumnFor(CaseImportFields.ExternalId));
        Assert.Equal("问题描述", proposed.ColumnFor(CaseImportFields.Summary));
        Assert.Equal(CaseCategories.Quality, proposed.CategoryWords["漏水"]);
        Assert.Equal(1, Import.Import("care-desk", next, proposed, Agent).Imported);
        Assert.Equal(CaseCategories.Quality, Cases()[1].Category);
    }

    [Fact]
    public void A_mapping_that_cannot_read_the_file_is_refused_naming_each_field()
    {
        var file = CaseFiles.Read("x.csv", ComplaintExports.Csv(TmallExport, Encoding.UTF8));
        var refusal = Assert.Throws<RuleViolationException>(() => Import.Import("x", file, new CaseImportMapping
        {
            Columns = new() { [CaseImportFields.Category] = "Type", ["colour"] = "投诉内容" },
            Channel = "fax",
            TimeZone = "Mars/Olympus",
        }, Agent));
        Assert.Equal(["category", "colour", "summary", "channel", "timeZone"], new[] { refusal }.Concat(refusal.AlsoWrong).Select(p => p.Field));
        Assert.Equal(0, Book.Count(new CaseFilter()));
        Assert.Empty(Import.Sources());
    }

    [Fact]
    public void A_mapping_reads_back_from_its_json_and_a_misspelt_key_is_refused()
    {
        var mapping = new CaseImportMapping { Columns = new() { ["summary"] = "投诉内容" }, Channel = "tmall", CategoryWords = new() { ["漏水"] = "quality" } };
        Assert.Equal("""{"columns":{"summary":"投诉内容"},"channel":"tmall","channelWords":{},"categoryWords":{"漏水":"quality"},"statusWords":{}}""", mapping.ToJson());
        Assert.Equal("投诉内容", CaseImportMapping.FromJson(mapping.ToJson()).ColumnFor("summary"));
        Assert.Equal("mapping", Assert.Throws<RuleViolationException>(() => CaseImportMapping.FromJson("""{"colums":{}}""")).Field);
    }

    [Fact]
    public void Files_that_are_not_exports_are_refused_in_words()
    {
        Assert.Equal(RefusalTexts.OldExcelFile, Assert.Throws<RuleViolationException>(() => CaseFiles.Read("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])).TextKey);
        Assert.Equal(RefusalTexts.UnreadableFile, Assert.Throws<RuleViolationException>(() => CaseFiles.Read("broken.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3])).TextKey);
        Assert.Equal(RefusalTexts.NoRowsInFile, Assert.Throws<RuleViolationException>(() => CaseFiles.Read("header.csv", Encoding.UTF8.GetBytes("投诉内容,投诉类型\r\n"))).TextKey);
    }

    [Fact]
    public void Headers_name_their_fields_in_chinese_and_english_and_a_source_name_its_channel()
    {
        var file = CaseFiles.Read("x.csv", Encoding.UTF8.GetBytes("售后单号,订单号,商家编码,批次,问题类型,买家留言,会员名,手机,收货地址,申请时间,备注\r\n1,2,3,4,5,6,7,8,9,10,11\r\n"));
        var mapping = CaseImportMapping.Guess(file, "京东投诉", "Asia/Shanghai");
        Assert.Equal(["售后单号", "订单号", "商家编码", "批次", "问题类型", "买家留言", "会员名", "手机", "收货地址", "申请时间"],
            new[] { "externalId", "orderId", "sku", "batch", "category", "summary", "customerRef", "customerPhone", "customerAddress", "receivedAt" }.Select(mapping.ColumnFor));
        Assert.Equal(CaseChannels.JD, mapping.Channel);

        var english = CaseFiles.Read("x.csv", Encoding.UTF8.GetBytes("Complaint Date;Order Number;Issue Type;Complaint details\n2026-11-11;1;Safety;Burnt\n"));
        var guessed = CaseImportMapping.Guess(english, "12315", "UTC");
        Assert.Equal(["Complaint details", "Issue Type", "Order Number", "Complaint Date"],
            new[] { "summary", "category", "orderId", "receivedAt" }.Select(guessed.ColumnFor));
        Assert.Equal(CaseChannels.Regulator12315, guessed.Channel);

        // An order's status is not the complaint's, and a time planned is not one that happened.
        var tmall = CaseFiles.Read("x.csv", Encoding.UTF8.GetBytes("订单状态,物流状态,投诉内容,预计完成时间,投诉时间\n交易成功,已签收,漏水,2026-11-14,2026-11-11\n"));
        var notStatus = CaseImportMapping.Guess(tmall, "tmall", "UTC");
        Assert.Equal([null, null, "投诉时间"], new[] { "status", "resolvedAt", "receivedAt" }.Select(notStatus.ColumnFor));
        var orders = CaseFiles.Read("x.csv", Encoding.UTF8.GetBytes("Order status,Complaint,Expected resolved date,Due date,Ticket status,Closed at\nShipped,Leaks,2026-11-14,2026-11-14,Solved,2026-11-12\n"));
        Assert.Equal(["Ticket status", "Closed at", null],
            new[] { "status", "resolvedAt", "receivedAt" }.Select(CaseImportMapping.Guess(orders, "shop", "UTC").ColumnFor));
    }

    [Theory]
    [InlineData("2026-11-11 10:23:45", "2026-11-11T02:23:45Z")]
    [InlineData("2026/11/11 10:23", "2026-11-11T02:23:00Z")]
    [InlineData("2026/1/5 9:05", "2026-01-05T01:05:00Z")]
    [InlineData("2026年11月11日 10:23", "2026-11-11T02:23:00Z")]
    [InlineData("2026-11-11", "2026-11-10T16:00:00Z")]
    [InlineData("2026-11-11T10:23:45+08:00", "2026-11-11T02:23:45Z")]
    [InlineData("2026-11-11T02:23:45Z", "2026-11-11T02:23:45Z")]
    [InlineData("46337.4359375", "2026-11-11T02:27:45Z")]
    [InlineData("20261111102345", "2026-11-11T02:23:45Z")]
    public void Received_times_are_read_as_exports_write_them_in_the_files_zone(string written, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), ReceivedTimes.Parse(written, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));

    [Theory]
    [InlineData("11/11 早上")]
    [InlineData("3920117745")]
    [InlineData("2026-13-01 10:00")]
    public void What_is_not_a_time_is_not_read_as_one(string written) =>
        Assert.Null(ReceivedTimes.Parse(written, TimeZoneInfo.Utc));
}
