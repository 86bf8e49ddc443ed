using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Crisis.Pdf.Tests;
using Dapper;
using Microsoft.Extensions.Configuration;

namespace Crisis.Web.Tests.Cli;

/// <summary>Runs the real <c>crisis</c> executable in a process of its own, against a database file in a temp folder.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crisis-cli-").FullName;
    private string DatabasePath => Path.Combine(_folder, "data", "crisis.db");
    private readonly Dictionary<string, string> _environment = [];
    private Database? _store;

    /// <summary>The test's own way into the database the crisis processes use, for checking what they stored.</summary>
    private Database Store => _store ??= new Database($"Data Source={DatabasePath}");

    public void Dispose()
    {
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public string LastLine => Output.TrimEnd().Split('\n')[^1].Trim();
    }

    private Process StartCrisis(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crisis.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["Crisis__Playbooks"] = Path.Combine(CrisisServer.RepositoryFolder, "playbooks");
        start.Environment["Crisis__Templates"] = Path.Combine(CrisisServer.RepositoryFolder, "templates");
        start.Environment["CRISIS_ADMIN_PASSWORD"] = CrisisServer.AdminPassword;
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    private async Task<Run> Crisis(string? input, params string[] args)
    {
        using var process = StartCrisis(args);
        if (input is not null) await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true); // a server that should have refused, and serves instead, is not left running
            throw;
        }
        return new Run(process.ExitCode, await output, await error);
    }

    private string WritePlaybook(string name, string markdown)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, markdown);
        return path;
    }

    [Fact]
    public async Task Cases_import_prints_the_counts_and_each_refused_row_by_row_and_column_fails_on_them_and_remembers_the_mapping()
    {
        IReadOnlyList<object?>[] export =
        [
            Core.Tests.Cases.ComplaintExports.TmallHeader,
            ["TS001", "3920117745", "AB-260", "2611", "质量问题", "奶瓶消毒后瓶底开裂，划伤了手", "tb_mama_88", "", "", "2026-11-01 10:23:45"],
            ["TS002", "3920117746", "AB-260", "2611", "质量问题", "瓶身有裂纹", "tb_baba_12", "call me", "", "2026-11-01 10:24"],
        ];
        var file = Path.Combine(_folder, "tmall.xlsx");
        File.WriteAllBytes(file, Core.Tests.Cases.ComplaintExports.Xlsx(export));
        var mapping = Path.Combine(_folder, "tmall-mapping.json");
        File.WriteAllText(mapping, """{"columns":{"externalId":"投诉编号","category":"投诉类型","summary":"投诉内容","customerPhone":"联系电话","receivedAt":"投诉时间"},"channel":"tmall"}""");

        var unknown = await Crisis(null, "cases", "import", file, "--source", "tmall");
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("crisis cases: no mapping is remembered for the source 'tmall': send one.", unknown.Error);

        var first = await Crisis(null, "cases", "import", file, "--source", "tmall", "--mapping", mapping, "--lang", "zh-CN");
        Assert.Equal(1, first.ExitCode);
        Assert.Equal(["tmall.xlsx：共 2 行；导入 1 条，已存在 0 条，未导入 1 行", "第 3 行，联系电话：请输入电话号码，例如 020-12345678。"], first.Output.TrimEnd().Split('\n'));

        export[2] = [.. export[2].Take(7), "139 0000 1111", .. export[2].Skip(8)];
        File.WriteAllBytes(file, Core.Tests.Cases.ComplaintExports.Xlsx(export));
        var fixedRow = await Crisis(null, "cases", "import", file, "--source", "tmall");
        Assert.Equal(0, fixedRow.ExitCode);
        Assert.Equal("tmall.xlsx: 2 rows; 1 imported, 1 already there, 0 refused", fixedRow.Output.Trim());
    }

    [Fact]
    public async Task Lint_passes_the_shipped_playbooks()
    {
        var run = await Crisis(null, "lint", Path.Combine(CrisisServer.RepositoryFolder, "playbooks"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("0 errors, 0 warnings", run.Error);
    }


    [Fact]
    public async Task Lint_passes_the_shipped_templates_and_checks_every_tpl_against_them()
    {
        var run = await Crisis(null, "lint", Path.Combine(CrisisServer.RepositoryFolder, "playbooks"), Path.Combine(CrisisServer.RepositoryFolder, "templates"));
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"\d+ playbooks \(\d+ steps\), \d+ templates, \d+ scenarios \(\d+ injects\): 0 errors, 0 warnings", run.Error);

        var templates = Directory.CreateDirectory(Path.Combine(_folder, "templates")).FullName;
        File.WriteAllText(Path.Combine(templates, "recall-customer-notice.en.md"),
            "---\nid: recall-customer-notice\ntitle: T\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\nvariables:\n  product: P\n---\n\nStop using {{ product }} from {{ batch }}.\n");
        var playbook = WritePlaybook("uses-templates.md", "---\nid: uses\ntitle: Uses\nversion: 1\nroles:\n  comms: Comms\n---\n## Tell\n\n- Notify @comms due:+1h tpl:recall-customer-notice\n- Apologise @comms due:+2h tpl:social-apology\n");
        var broken = await Crisis(null, "lint", playbook, templates);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"{Path.Combine(templates, "recall-customer-notice.en.md")}:12:34: error: 'batch' is neither declared", broken.Output);
        Assert.Contains("warning: template 'recall-customer-notice' has no zh-CN version", broken.Output);
        Assert.Contains($"{playbook}:11:28: error: template 'social-apology' does not exist", broken.Output);
    }

    [Fact]
    public async Task Lint_prints_file_line_and_column_and_fails_on_errors()
    {
        var path = WritePlaybook("broken.md", "---\nid: broken\ntitle: Broken\nversion: 1\nroles:\n  ops: Ops\n---\n## Act\n\n- Do it @ops due:soon\n");
        var run = await Crisis(null, "lint", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{path}:10:14: error: 'due:soon' is not a deadline: write due:+30m, due:+4h, due:+2d or due:+2wd (minutes, hours, days, weeks or working days after opening)", run.Output.Trim());
    }

    [Fact]
    public async Task Lint_names_a_FIFO_or_a_device_instead_of_waiting_on_it()
    {
        var fifo = Path.Combine(_folder, "pipe.md");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();

        var run = await Crisis(null, "lint", fifo, "/dev/zero");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{fifo}:1:1: error: cannot read the file: it is a named pipe (FIFO), not a regular file", run.Output);
        Assert.Contains("/dev/zero:1:1: error: cannot read the file: it is a character device, not a regular file", run.Output);
    }

    [Fact]
    public async Task Lint_refuses_a_playbook_over_the_configured_size()
    {
        var path = WritePlaybook("large.md", "# Runbook\n\n## Act\n\n" + string.Concat(Enumerable.Repeat("- Call the DPO\n", 1000)));
        _environment["Crisis__Playbooks__MaxBytes"] = "10240";

        var run = await Crisis(null, "lint", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: cannot read the file: it is 14.7 KB, more than the 10.0 KB a playbook may be (setting Crisis:Playbooks:MaxBytes)", run.Output);
    }

    [Fact]
    public async Task Lint_warnings_alone_pass()
    {
        var path = WritePlaybook("foreign.md", "# Runbook\n\n## Act\n\n- Call the team\n");
        var run = await Crisis(null, "lint", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}:1:1: warning: no front matter", run.Output);
    }

    [Fact]
    public async Task Lint_shows_where_an_imported_document_was_read_by_the_import_rules()
    {
        var path = WritePlaybook("wiki-page.md", "---\ntitle: Wiki page\nauthor: Ops\n---\n# Wiki page\n\n## Act\n\n```sh\nrestart\n\n## Check\n\n| Task | Owner |\n|---|---|\n| Watch the logs | Ops |\n\n## See also\n\n- The runbook index\n");
        var run = await Crisis(null, "lint", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}:3:1: warning: unknown front matter key 'author'", run.Output);
        Assert.Contains($"{path}:9:1: warning: this code block is never closed: it ends before the heading on line 12", run.Output);
        Assert.Contains($"{path}:18:1: warning: 'See also' is reference material", run.Output);
        Assert.Contains("1 playbooks (1 steps)", run.Error);
    }

    [Fact]
    public async Task Import_prints_a_native_playbook_that_lints_and_says_what_it_inferred_and_where()
    {
        var path = WritePlaybook("breach-sop.md",
            "# Breach SOP\n\n## First day\n\n- Within 1 hour: Privacy Officer notified\n- Notify the regulator within 72 hours\n- Tell the insurer; Owner: Facilities Manager\n");

        var run = await Crisis(null, "import", path);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("---\nid: breach-sop\n", run.Output);
        Assert.Contains("- [ ] Within 1 hour: Privacy Officer notified @legal due:+1h\n", run.Output);
        Assert.Contains($"{path}:5: inferred due:+1h from \"Within 1 hour\"", run.Error);
        Assert.Contains($"{path}:5: inferred @legal from \"Privacy Officer\"", run.Error);
        Assert.Contains($"{path}:6: inferred due:+72h from \"within 72 hours\"", run.Error);
        Assert.Contains($"{path}:7: no role for \"Facilities Manager\"", run.Error);
        Assert.Contains($"{path}:1:1: warning: no front matter", run.Error);
        Assert.Contains("2 deadlines and 1 owners inferred", run.Error);

        var converted = WritePlaybook("converted.md", run.Output);
        var lint = await Crisis(null, "lint", converted);
        Assert.Equal(0, lint.ExitCode);
        Assert.Contains("0 errors", lint.Error);
    }

    [Fact]
    public async Task Import_writes_to_out_with_the_chosen_language_and_category_and_refuses_bad_usage()
    {
        var path = WritePlaybook("预案.md", "# 数据泄露预案\n\n## 处置\n\n- 客服在 24 小时内回访\n");
        var outFile = Path.Combine(_folder, "imported.md");

        var run = await Crisis(null, "import", path, "--out", outFile, "--category", "data-breach", "--lang", "zh-CN");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}:5: inferred @cs from \"客服\"", run.Output);
        Assert.Equal("", run.Error);
        var written = File.ReadAllText(outFile);
        Assert.Contains("category: data-breach\nversion: 1\nlanguage: zh-CN\n", written);
        Assert.Contains("  cs: \"客服负责人\"\n", written);
        Assert.Contains("- [ ] 客服在 24 小时内回访 @cs due:+24h\n", written);
        Assert.Equal(0, (await Crisis(null, "lint", outFile)).ExitCode);

        Assert.Equal(2, (await Crisis(null, "import", Path.Combine(_folder, "missing.md"))).ExitCode);
        var badCategory = await Crisis(null, "import", path, "--category", "flood");
        Assert.Equal(2, badCategory.ExitCode);
        Assert.Contains("--category must be one of recall", badCategory.Error);
    }

    [Fact]
    public async Task Lint_speaks_chinese_when_asked_and_keeps_each_problems_code_in_json()
    {
        var path = WritePlaybook("broken-front-matter.md", "---\nid: Broken Id\ntitle: Broken\nversion: 1\napprovers: [press]\n---\n## Act\n\n- Do it\n");
        var run = await Crisis(null, "lint", "--lang", "zh-CN", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:2:5: 错误: id“Broken Id”必须是小写短名：只能用小写字母、数字和单个“-”", run.Output);
        Assert.Contains($"{path}:5:13: 错误: 审批人“press”不是在“roles”下声明的角色", run.Output);
        Assert.Contains($"{path}:9:3: 警告: ", run.Output);

        var json = await Crisis(null, "lint", "--json", "--lang", "zh-CN", path);
        using var document = JsonDocument.Parse(json.Output);
        var error = document.RootElement[0].GetProperty("errors")[0];
        Assert.Equal(("front-matter-not-slug", "id“Broken Id”必须是小写短名：只能用小写字母、数字和单个“-”"), (error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));

        var unknown = await Crisis(null, "lint", "--lang", "fr", path);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--lang must be en or zh-CN", unknown.Error);
    }

    [Fact]
    public async Task Lint_json_describes_each_playbook()
    {
        var run = await Crisis(null, "lint", "--json", Path.Combine(CrisisServer.RepositoryFolder, "playbooks", "product-recall.md"), Path.Combine(_folder, "missing.md"));
        Assert.Equal(1, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var recall = document.RootElement[0];
        Assert.Equal(("product-recall", "Product recall", "recall", 4), (recall.GetProperty("id").GetString(), recall.GetProperty("title").GetString(), recall.GetProperty("category").GetString(), recall.GetProperty("version").GetInt32()));
        var step = recall.GetProperty("phases")[0].GetProperty("steps")[0];
        Assert.Equal(("confirm-defect", "quality", "+2h"), (step.GetProperty("id").GetString(), step.GetProperty("role").GetString(), step.GetProperty("due").GetString()));
        Assert.Equal(3, recall.GetProperty("phases")[0].GetProperty("steps")[3].GetProperty("subSteps").GetArrayLength());
        Assert.Equal(0, recall.GetProperty("errors").GetArrayLength());
        Assert.Contains("no such file", document.RootElement[1].GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Users_tokens_backup_and_timeline_verification_work_from_the_command_line()
    {
        var added = await Crisis("a long password", "users", "add", "mei", "--role", "commander", "--email", "mei@example.com", "--password-stdin");
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Added user 'mei' (commander)", added.Output);

        var duplicate = await Crisis("a long password", "users", "add", "mei", "--role", "viewer", "--password-stdin");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Error);

        Assert.Equal(2, (await Crisis(null, "users", "add", "x", "--password-stdin")).ExitCode);
        var weak = await Crisis("12345678", "users", "add", "weak", "--role", "viewer", "--password-stdin");
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Error);
        var spaces = await Crisis("            ", "users", "add", "spaceadm", "--role", "admin", "--password-stdin");
        Assert.Equal(1, spaces.ExitCode);
        Assert.Contains("only of spaces", spaces.Error);
        var injected = await Crisis(null, "people", "add", "Ida", "--email", "a@b.example\r\nBcc: x@evil.example");
        Assert.Equal(1, injected.ExitCode);
        Assert.Contains("is not an email address", injected.Error);
        Assert.Equal(2, (await Crisis(null, "frobnicate")).ExitCode);

        var token = await Crisis(null, "tokens", "create", "mei");
        Assert.Equal(0, token.ExitCode);
        Assert.StartsWith("crisis_", token.LastLine);
        Assert.Equal(1, (await Crisis(null, "tokens", "create", "nobody")).ExitCode);
        Assert.Equal(0, (await Crisis(null, "tokens", "create", "mei", "--expires", "90")).ExitCode);
        Assert.Equal(2, (await Crisis(null, "tokens", "create", "mei", "--expires", "7")).ExitCode);
        using (var tokens = Store.Open())
        {
            var lifetimes = tokens.Query<(string CreatedAt, string? ExpiresAt)>("SELECT created_at, expires_at FROM api_tokens ORDER BY id")
                .Select(t => t.ExpiresAt is null ? (double?)null : (DateTimeOffset.Parse(t.ExpiresAt, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(t.CreatedAt, System.Globalization.CultureInfo.InvariantCulture)).TotalDays);
            Assert.Equal([null, 90.0], lifetimes);
        }

        var key = OpenIncidentDirectly();
        var verified = await Crisis(null, "verify-timeline", key);
        Assert.Equal(0, verified.ExitCode);
        Assert.Contains("timeline intact", verified.Output);

        using (var connection = Store.Open())
        {
            connection.Execute("UPDATE events SET actor = 'mallory' WHERE seq = 1");
        }
        var tampered = await Crisis(null, "verify-timeline", key);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("TAMPERED", tampered.Output);
        Assert.Equal(1, (await Crisis(null, "verify-timeline", "INC-1999-0001")).ExitCode);

        var backup = await Crisis(null, "backup", "backups/copy.db");
        Assert.Equal(0, backup.ExitCode);
        using var copyDatabase = new Database($"Data Source={Path.Combine(_folder, "backups", "copy.db")}");
        using var copy = copyDatabase.Open();
        Assert.Equal(1, copy.ExecuteScalar<int>("SELECT COUNT(*) FROM incidents"));
    }

    [Fact]
    public async Task A_password_change_and_disabling_from_the_command_line_end_the_users_sessions()
    {
        Assert.Equal(0, (await Crisis("a long password", "users", "add", "mei", "--role", "commander", "--password-stdin")).ExitCode);
        string Stamp()
        {
            using var connection = Store.Open();
            return connection.ExecuteScalar<string>("SELECT security_stamp FROM users WHERE name = 'mei'")!;
        }
        var signedInWith = Stamp();

        var changed = await Crisis("another long password", "users", "password", "mei", "--password-stdin");
        Assert.Equal(0, changed.ExitCode);
        Assert.Contains("sessions have ended", changed.Output);
        Assert.NotEqual(signedInWith, Stamp());
        Assert.Equal(1, (await Crisis("another long password", "users", "password", "nobody", "--password-stdin")).ExitCode);

        var beforeDisabling = Stamp();
        var disabled = await Crisis(null, "users", "disable", "mei");
        Assert.Equal(0, disabled.ExitCode);
        Assert.NotEqual(beforeDisabling, Stamp());
        Assert.Contains("Disabled 'mei'", disabled.Output);
        using var connection = Store.Open();
        Assert.NotNull(connection.ExecuteScalar<string>("SELECT disabled_at FROM users WHERE name = 'mei'"));
    }

    [Fact]
    public async Task People_add_splits_roles_typed_with_chinese_commas_as_with_ascii_ones()
    {
        var run = await Crisis(null, "people", "add", "王磊", "--email", "wang.lei@aurora.example", "--roles", "quality，comms、legal, it");
        Assert.Equal(0, run.ExitCode);
        using var connection = Store.Open();
        Assert.Equal("[\"quality\",\"comms\",\"legal\",\"it\"]", connection.ExecuteScalar<string>("SELECT roles FROM people WHERE name = '王磊'"));
    }

    [Fact]
    public async Task Seed_demo_gives_a_newcomer_a_living_system_once()
    {
        var seeded = await Crisis(null, "seed-demo");
        Assert.Equal(0, seeded.ExitCode);
        Assert.Contains("password 'crisis-demo-2026'", seeded.Output);

        var database = Store;
        using (var connection = database.Open())
        {
            var incidents = connection.Query<(string Key, string Status)>("SELECT key, status FROM incidents WHERE is_exercise = 0 ORDER BY opened_at").ToList();
            // Fifteen months of closed crises before the recall in progress, so the insights show trends.
            Assert.Equal([.. Enumerable.Repeat("closed", incidents.Count - 1), "open"], incidents.Select(i => i.Status));
            Assert.InRange(incidents.Count, 12, 20);
            var quarters = connection.Query<(string Quarter, double AcknowledgeMinutes)>(
                """
                SELECT substr(opened_at, 1, 4) || '-' || ((CAST(substr(opened_at, 6, 2) AS INTEGER) + 2) / 3), AVG((julianday(acknowledged_at) - julianday(opened_at)) * 1440)
                FROM incidents WHERE is_exercise = 0 GROUP BY 1 ORDER BY 1
                """).ToList();
            Assert.True(quarters.Count >= 5, $"{quarters.Count} quarters");
            Assert.True(quarters[0].AcknowledgeMinutes > quarters[^2].AcknowledgeMinutes, "the team acknowledges faster than a year ago");
            Assert.InRange(connection.ExecuteScalar<int>("SELECT COUNT(DISTINCT category) FROM incidents WHERE is_exercise = 0"), 8, 15);
            Assert.Equal(3, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM exercises WHERE ended_at IS NOT NULL"));
            var open = incidents[^1].Key;
            var done = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM steps s JOIN incidents i ON i.id = s.incident_id WHERE i.key = @open AND s.status = 'done'", new { open });
            var total = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM steps s JOIN incidents i ON i.id = s.incident_id WHERE i.key = @open", new { open });
            Assert.InRange(done, 5, total - 5); // part-way through
            Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM steps WHERE status = 'blocked'"));
            Assert.True(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM people") >= 7);
            // Only each drill's two email injects wait in the outbox: the made-up team is not emailed about its roles.
            Assert.All(connection.Query<string>("SELECT subject FROM outbox"), subject => Assert.StartsWith("[EXERCISE]", subject));
            Assert.Equal(6, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox"));
            Assert.All(connection.Query<string>("SELECT key FROM incidents"), key => Assert.True(new Timeline(database).Verify(key).IsIntact));
            // Customer service's cases: from many channels, some about the recall and linked to it, logged by the agent lin.
            Assert.Equal("agent", connection.ExecuteScalar<string>("SELECT role FROM users WHERE name = 'lin'"));
            var storiesBegin = Timestamps.Format(DateTimeOffset.UtcNow.AddDays(-10.5)); // the CLI seeds with the real clock
            Assert.InRange(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM cases WHERE received_at >= @storiesBegin", new { storiesBegin }), 12, 20);
            Assert.True(connection.ExecuteScalar<int>("SELECT COUNT(DISTINCT substr(received_at, 1, 7)) FROM cases") >= 13, "a year of complaints month by month");
            Assert.InRange(connection.ExecuteScalar<int>("SELECT COUNT(DISTINCT channel) FROM cases"), 8, 12);
            Assert.True(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM cases c JOIN incidents i ON i.id = c.incident_id WHERE i.key = @open", new { open }) >= 3);
            Assert.True(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM cases WHERE status IN ('resolved', 'closed')") >= 3);
            // Past reviews' follow-ups: most done by their owners with what was done, one dropped with its reason, the latest still open and one overdue.
            var followUps = connection.Query<(string Status, string? ClosedBy, string? ClosingNote, string Due)>(
                "SELECT status, closed_by, done_note, due_date FROM review_actions").ToList();
            Assert.True(followUps.Count(item => item.Status == "done" && item.ClosedBy is not null && item.ClosingNote is not null) >= 5);
            Assert.Single(followUps, item => item.Status == "wont_do");
            Assert.Contains(followUps, item => item.Status == "open" && string.CompareOrdinal(item.Due, DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) < 0);
        }

        var again = await Crisis(null, "seed-demo");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already there", again.Error);

        // The closed demo incident has a published review: export it as leadership would read it.
        string closed;
        using (var connection = database.Open())
            closed = connection.QuerySingle<string>("SELECT i.key FROM incidents i JOIN reviews r ON r.incident_id = i.id WHERE r.published_at IS NOT NULL ORDER BY r.published_at DESC LIMIT 1");
        var exported = await Crisis(null, "export-pdf", closed, "--kind", "review", "--lang", "zh-CN", "-o", "review.pdf");
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains("review written to review.pdf", exported.Output);
        var pdf = File.ReadAllBytes(Path.Combine(_folder, "review.pdf"));
        PdfFiles.QpdfCheck(pdf);
        var text = PdfFiles.Text(pdf);
        Assert.Contains("事件复盘报告", text);
        Assert.Contains("8,420", text);
        Assert.Contains("Contract a second forwarder", text);
        PdfFiles.Pictures(pdf, Api.ReviewApiTests.PictureFolder, "demo-review-zh-CN", 1, 3);

        var checklist = await Crisis(null, "export-pdf", closed, "--kind", "checklist", "-o", "checklist.pdf", "--paper", "Letter");
        Assert.Equal(0, checklist.ExitCode);
        Assert.Equal(2, (await Crisis(null, "export-pdf", closed, "--kind", "poster", "-o", "x.pdf")).ExitCode);
        Assert.Equal(2, (await Crisis(null, "export-pdf", closed, "--kind", "review")).ExitCode);
        Assert.Equal(1, (await Crisis(null, "export-pdf", "INC-1999-0001", "--kind", "review", "-o", "x.pdf")).ExitCode);

        // The board's quarterly readiness report of the demo's quarter to date, in Chinese.
        var readiness = await Crisis(null, "export-pdf", "--kind", "readiness", "--lang", "zh-CN", "-o", "readiness.pdf");
        Assert.Equal(0, readiness.ExitCode);
        var readinessText = PdfFiles.Text(File.ReadAllBytes(Path.Combine(_folder, "readiness.pdf")));
        Assert.Contains("季度应急准备报告", readinessText);
        Assert.Contains("奥罗拉婴童", readinessText);
        Assert.Equal(2, (await Crisis(null, "export-pdf", "--kind", "readiness", "--from", "1 Oct", "-o", "x.pdf")).ExitCode);

        string drill;
        using (var connection = database.Open())
            drill = connection.QuerySingle<string>("SELECT key FROM incidents WHERE is_exercise = 1 ORDER BY opened_at DESC LIMIT 1"); // the latest run, with feedback
        Assert.Equal(0, (await Crisis(null, "export-pdf", drill, "--kind", "after-action", "-o", "after-action.pdf")).ExitCode);
        var afterAction = PdfFiles.Text(File.ReadAllBytes(Path.Combine(_folder, "after-action.pdf")));
        Assert.Contains("We did not know who talks to SAMR.", afterAction);
        Assert.Contains("Take the affected listings offline", afterAction); // the expected step by its text, not its id
        Assert.Equal(1, (await Crisis(null, "export-pdf", closed, "--kind", "after-action", "-o", "x.pdf")).ExitCode); // not an exercise
    }

    [Fact]
    public async Task An_acknowledged_tick_survives_the_server_being_killed()
    {
        var port = LocalServer.FreePort();
        using var server = StartCrisis("serve", "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await LocalServer.WaitUntilAnswering(http, "/health", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), "the server");
            var token = (await Crisis(null, "tokens", "create", "admin")).LastLine;
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            using var opened = await http.PostAsync("/api/incidents", JsonContent(new { playbookId = "product-recall", title = "Crash test", severity = 1 }));
            var key = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
            using var ticked = await http.PostAsync($"/api/incidents/{key}/steps/confirm-defect/complete", null);
            Assert.True(ticked.IsSuccessStatusCode);

            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, no checkpoint
            await server.WaitForExitAsync();

            var database = Store;
            using var connection = database.Open();
            Assert.Equal("done", connection.ExecuteScalar<string>("SELECT status FROM steps WHERE step_id = 'confirm-defect'"));
            Assert.True(new Timeline(database).Verify(key).IsIntact);
            Assert.Equal(EventKinds.StepCompleted, new Timeline(database).Read(key)[^1].Kind);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Ticks_acknowledged_from_commits_shared_by_many_clients_survive_the_server_being_killed_mid_commit()
    {
        var port = LocalServer.FreePort();
        using var server = StartCrisis("serve", "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await LocalServer.WaitUntilAnswering(http, "/health", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), "the server");
            http.DefaultRequestHeaders.Authorization = new("Bearer", (await Crisis(null, "tokens", "create", "admin")).LastLine);
            var work = new List<(string Key, string Step)>();
            for (var incident = 0; incident < 8; incident++)
            {
                using var opened = await http.PostAsync("/api/incidents", JsonContent(new { playbookId = "product-recall", title = $"Crash test {incident}", severity = 1 }));
                var body = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement;
                var key = body.GetProperty("key").GetString()!;
                work.AddRange(body.GetProperty("phases").EnumerateArray().SelectMany(phase => phase.GetProperty("steps").EnumerateArray())
                    .Select(step => (key, step.GetProperty("id").GetString()!)));
            }

            // Sixteen clients tick distinct steps; the server is killed while ticks are in flight, once a third is acknowledged.
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(string Key, string Step)>();
            var next = -1;
            using var killed = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                for (int index; (index = Interlocked.Increment(ref next)) < work.Count && !killed.IsCancellationRequested;)
                {
                    try
                    {
                        using var ticked = await http.PostAsync($"/api/incidents/{work[index].Key}/steps/{work[index].Step}/complete", null, killed.Token);
                        if (ticked.IsSuccessStatusCode) acknowledged.Add(work[index]);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                    {
                        return; // the server is gone: this tick was never acknowledged
                    }
                }
            })).ToList();
            SpinWait.SpinUntil(() => acknowledged.Count >= work.Count / 3, TimeSpan.FromMinutes(1));
            var writes = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("writes");
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, no checkpoint
            await server.WaitForExitAsync();
            killed.Cancel();
            await Task.WhenAll(clients);

            Assert.True(acknowledged.Count >= work.Count / 3);
            Assert.True(writes.GetProperty("writes").GetInt64() > writes.GetProperty("transactions").GetInt64(), $"no commit was shared: {writes}");
            var database = Store;
            using var connection = database.Open();
            var done = connection.Query<(string Key, string Step)>(
                "SELECT i.key, s.step_id FROM steps s JOIN incidents i ON i.id = s.incident_id WHERE s.status = 'done'").ToHashSet();
            Assert.DoesNotContain(acknowledged, tick => !done.Contains(tick));
            var timeline = new Timeline(database);
            foreach (var key in work.Select(tick => tick.Key).Distinct())
            {
                Assert.True(timeline.Verify(key).IsIntact);
                Assert.Equal(done.Count(tick => tick.Key == key), timeline.Read(key).Count(e => e.Kind == EventKinds.StepCompleted));
            }
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_chat_delivery_taken_as_the_server_was_killed_is_sent_again_after_the_restart_with_the_same_event_id()
    {
        await using var receiver = new Chat.ChatReceiver();
        await receiver.StartAsync();
        receiver.AnswerFor("itsm", Chat.ChatReceiver.Answer.TakeButHold);
        _environment["Crisis__Chat__Channels__itsm__Kind"] = "webhook";
        _environment["Crisis__Chat__Channels__itsm__Url"] = receiver.Url("webhook", "itsm");
        _environment["Crisis__Chat__Channels__itsm__Secret"] = Chat.ChatReceiver.WebhookSecret;
        _environment["Crisis__Chat__Channels__itsm__Events"] = "incident.opened";
        var port = LocalServer.FreePort();
        var server = StartCrisis("serve", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await LocalServer.WaitUntilAnswering(http, "/health", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), "the server");
            http.DefaultRequestHeaders.Authorization = new("Bearer", (await Crisis(null, "tokens", "create", "admin")).LastLine);
            using var opened = await http.PostAsync("/api/incidents", JsonContent(new { playbookId = "product-recall", title = "Crash test", severity = 1 }));
            Assert.True(opened.IsSuccessStatusCode);
            var taken = Assert.Single(await receiver.WaitFor("itsm", _ => true));
            Assert.True(taken.Taken);

            server.Kill(entireProcessTree: true); // SIGKILL while the receiver's answer is on its way: Crisis never hears it
            await server.WaitForExitAsync();
            var database = Store;
            using (var connection = database.Open())
                Assert.Equal("sending", connection.ExecuteScalar<string>("SELECT status FROM chat_deliveries"));

            server.Dispose();
            port = LocalServer.FreePort();
            server = StartCrisis("serve", "--urls", $"http://127.0.0.1:{port}");
            var both = await receiver.WaitFor("itsm", received => received.Taken, 2);
            Assert.Single(both.Select(received => received.Headers["X-Crisis-Event-Id"]).Distinct()); // the receiver knows it has it
            for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
            {
                using var connection = database.Open();
                var row = connection.QuerySingle<(string Status, int Attempts)>("SELECT status, attempts FROM chat_deliveries");
                if (row.Status == "delivered")
                {
                    Assert.Equal(2, row.Attempts);
                    return;
                }
            }
            Assert.Fail("the delivery was never marked delivered after the restart");
        }
        finally
        {
            receiver.Release();
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            server.Dispose();
        }
    }

    [Fact]
    public async Task A_server_whose_database_cannot_be_written_says_so_in_one_line_naming_the_file_and_exits_non_zero()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            connection.Execute("CREATE TABLE kept (x)");
        }
        // A read-only connection, because chmod stops no write when the tests run as root.
        var run = await Crisis(null, "serve", "--urls", $"http://127.0.0.1:{LocalServer.FreePort()}", $"--ConnectionStrings:Crisis=Data Source={DatabasePath};Mode=ReadOnly");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"crisis serve: cannot use the database {DatabasePath}: the database is read-only", line);
        Assert.DoesNotContain("Exception", run.Output + run.Error);
    }

    [Fact]
    public async Task A_second_server_on_the_same_database_refuses_naming_the_first_and_a_killed_server_blocks_nothing()
    {
        var port = LocalServer.FreePort();
        using var first = StartCrisis("serve", "--urls", $"http://127.0.0.1:{port}");
        Process? third = null;
        try
        {
            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
                await LocalServer.WaitUntilAnswering(http, "/health", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), "the first server");

            using (var second = StartCrisis("serve", "--urls", $"http://127.0.0.1:{LocalServer.FreePort()}"))
            {
                second.StandardInput.Close();
                var refusal = second.StandardError.ReadToEndAsync();
                if (!second.WaitForExit(TimeSpan.FromMinutes(1)))
                {
                    second.Kill(entireProcessTree: true);
                    Assert.Fail("a second server started on the same database");
                }
                Assert.Equal(1, second.ExitCode);
                Assert.Contains($"pid {first.Id}, http://127.0.0.1:{port}", await refusal);
                Assert.Contains(DatabasePath, await refusal);
            }

            // CLI verbs that write work beside the server, as before.
            Assert.Equal(0, (await Crisis("a long password", "users", "add", "beside", "--role", "viewer", "--password-stdin")).ExitCode);
            Assert.Equal(0, (await Crisis(null, "backup", "beside-the-server.db")).ExitCode);

            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, the lock file stays behind
            await first.WaitForExitAsync();
            var nextPort = LocalServer.FreePort();
            third = StartCrisis("serve", "--urls", $"http://127.0.0.1:{nextPort}");
            using var next = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nextPort}") };
            await LocalServer.WaitUntilAnswering(next, "/health", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), "the server after the killed one");
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            if (third is { HasExited: false }) third.Kill(entireProcessTree: true);
            third?.Dispose();
        }
    }

    /// <summary>A <c>crisis serve</c> on the test's database, answering on its port; disposing it kills it.</summary>
    private sealed class RunningServer(Process process, int port) : IDisposable
    {
        public string Owner => $"pid {process.Id}, http://127.0.0.1:{port}";

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    private async Task<RunningServer> Serving()
    {
        var port = LocalServer.FreePort();
        var server = new RunningServer(StartCrisis("serve", "--urls", $"http://127.0.0.1:{port}"), port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await LocalServer.WaitUntilAnswering(http, "/health", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), "the first server");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task A_server_naming_the_same_file_by_a_uri_or_a_symlink_refuses_and_puts_nothing_in_a_file_colon_folder()
    {
        using var first = await Serving();
        File.CreateSymbolicLink(Path.Combine(_folder, "linked"), Path.Combine(_folder, "data"));

        foreach (var dataSource in new[] { $"file:{DatabasePath}?cache=private", $"file://localhost{DatabasePath}", "file:data/crisis.db", Path.Combine(_folder, "linked", "crisis.db") })
        {
            var second = await Crisis(null, "serve", "--urls", $"http://127.0.0.1:{LocalServer.FreePort()}", $"--ConnectionStrings:Crisis=Data Source={dataSource}");
            Assert.Equal(1, second.ExitCode);
            Assert.Contains($"another Crisis server ({first.Owner}) already serves {DatabasePath}", second.Error);
        }
        Assert.False(Directory.Exists(Path.Combine(_folder, "file:")), "a folder named file: was created");
        Assert.Equal(["data", "linked"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Deleting_the_files_beside_the_database_while_a_server_runs_lets_no_second_server_start()
    {
        using var first = await Serving();
        // What an operator tidying "stale" files might delete: anything beside the database but the database and its journal.
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!).Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)))
            File.Delete(file);

        var second = await Crisis(null, "serve", "--urls", $"http://127.0.0.1:{LocalServer.FreePort()}");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"already serves {DatabasePath}", second.Error);

        File.WriteAllText(DatabasePath + ".server", first.Owner);
        var third = await Crisis(null, "serve", "--urls", $"http://127.0.0.1:{LocalServer.FreePort()}");
        Assert.Equal(1, third.ExitCode);
        Assert.Equal(first.Owner, File.ReadAllText(DatabasePath + ".server")); // a refused server removes nothing
    }

    [Fact]
    public void Only_a_lock_held_by_another_process_counts_as_another_server()
    {
        var held = Path.Combine(_folder, "held");
        using var holder = new FileStream(held, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var busy = Assert.ThrowsAny<IOException>(() => new FileStream(held, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        Assert.True(global::Crisis.Web.Health.ServerLock.IsHeldByAnotherProcess(busy));
        var notAFolder = Assert.ThrowsAny<IOException>(() => new FileStream(Path.Combine(held, "crisis.db"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        Assert.False(global::Crisis.Web.Health.ServerLock.IsHeldByAnotherProcess(notAFolder));
        Assert.False(global::Crisis.Web.Health.ServerLock.IsHeldByAnotherProcess(new IOException("Read-only file system", 30))); // EROFS
    }

    [Fact]
    public async Task On_a_read_only_file_system_the_server_and_every_verb_say_why_in_one_line()
    {
        Assert.Equal(0, (await Crisis(null, "people", "add", "Mei")).ExitCode); // creates the database
        var key = OpenIncidentDirectly();
        _store?.Dispose(); // nothing of this process may hold the file open for writing when it is remounted read-only
        var data = Path.GetDirectoryName(DatabasePath)!;
        // A read-only bind mount of the data folder, as a root test may make one (chmod stops no root); else the database opened read-only.
        var readOnlyMount = await Command("mount", "--bind", data, data) && await Command("mount", "-o", "remount,bind,ro", data, data);
        if (!readOnlyMount) _environment["ConnectionStrings__Crisis"] = $"Data Source={DatabasePath};Mode=ReadOnly";
        try
        {
            var serve = await Crisis(null, "serve", "--urls", $"http://127.0.0.1:{LocalServer.FreePort()}", $"--ConnectionStrings:Crisis={_environment.GetValueOrDefault("ConnectionStrings__Crisis", $"Data Source={DatabasePath}")}");
            Assert.Equal(1, serve.ExitCode);
            var line = Assert.Single(serve.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.DoesNotContain("another Crisis server", line);
            Assert.Contains(DatabasePath, line);
            if (readOnlyMount) Assert.Contains("Read-only file system", line);

            foreach (var (verb, args) in new[] { ("users", new[] { "users", "add", "zhang", "--role", "viewer", "--password-stdin" }), ("tokens", new[] { "tokens", "create", "admin" }), ("verify-timeline", new[] { "verify-timeline", key }) })
            {
                var run = await Crisis("a long password", args);
                Assert.Equal(1, run.ExitCode);
                var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.StartsWith($"crisis {verb}: cannot use the database {DatabasePath}: the database ", error);
                Assert.DoesNotContain("Exception", run.Output + run.Error);
            }
        }
        finally
        {
            if (readOnlyMount) Assert.True(await Command("umount", data));
        }
    }

    [Fact]
    public async Task A_verb_on_a_database_that_cannot_be_opened_says_so_in_one_line()
    {
        _environment["ConnectionStrings__Crisis"] = $"Data Source={DatabasePath};Mode=ReadOnly"; // no such file yet, and read-only may not create it
        var run = await Crisis(null, "verify-timeline", "INC-2026-0001");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"crisis verify-timeline: cannot use the database {DatabasePath}: the database file cannot be opened (SQLite Error 14: 'unable to open database file'.)", run.Error.Trim());
    }

    private static async Task<bool> Command(string name, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(name, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Opens an incident in the CLI's database through the same use case, wired the same way, as the API.</summary>
    [Fact]
    public async Task Verify_timeline_prints_the_signed_head_and_names_a_steps_row_edited_in_the_database()
    {
        Assert.Equal(0, (await Crisis(null, "people", "add", "Mei")).ExitCode); // creates the database
        var key = OpenIncidentDirectly();
        Assert.True(File.Exists(Path.Combine(_folder, "data", "keys", "timeline-signing.pem")));
        var anchor = Assert.Single(File.ReadAllLines(Path.Combine(_folder, "data", "timeline-anchors.jsonl")));
        var hash = JsonDocument.Parse(anchor).RootElement.GetProperty("hash").GetString();

        var verified = await Crisis(null, "verify-timeline", key);
        Assert.Equal(0, verified.ExitCode);
        Assert.Contains("signatures verified, step rows match the events", verified.Output);
        Assert.Contains($"signed head: event 1, hash {hash}, signed ", verified.Output);

        using (var connection = Store.Open())
        {
            connection.Execute("UPDATE steps SET status = 'done', status_by = 'mallory' WHERE step_id = 'confirm-defect'");
        }
        var tampered = await Crisis(null, "verify-timeline", key);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains($"{key}: timeline TAMPERED (1 problems)", tampered.Output);
        Assert.Contains("step 'confirm-defect' does not hold what its events say (status is 'done', the events say 'todo'; status set by is 'mallory', the events say empty): the steps table was edited directly", tampered.Output);

        // Who a step was done under, rewritten behind the timeline's back, is named too.
        using (var connection = Store.Open())
        {
            connection.Execute("UPDATE steps SET status_owner_id = (SELECT id FROM people WHERE name = 'Mei') WHERE step_id = 'confirm-defect'");
        }
        var reowned = await Crisis(null, "verify-timeline", key);
        Assert.Equal(1, reowned.ExitCode);
        Assert.Contains("settled under Mei, the events say nobody", reowned.Output);
    }

    private string OpenIncidentDirectly(Action<IServiceProvider, string>? then = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crisis"] = $"Data Source={DatabasePath}",
            ["Crisis:Playbooks"] = Path.Combine(CrisisServer.RepositoryFolder, "playbooks"),
        }).Build();
        using var services = new ServiceCollection().AddCrisis(configuration).BuildServiceProvider();
        var key = services.GetRequiredService<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "CLI test", 2), new Actor("mei"));
        then?.Invoke(services, key);
        return key;
    }

    [Fact]
    public async Task An_evidence_bundle_is_exported_from_the_command_line_and_checked_without_the_database_and_a_changed_file_in_it_fails()
    {
        Assert.Equal(0, (await Crisis("a long password", "users", "add", "mei", "--role", "commander", "--password-stdin")).ExitCode);
        var key = OpenIncidentDirectly((services, key) => services.GetRequiredService<Core.Evidence.EvidenceBook>().Add(key,
            new Core.Evidence.NewEvidence("IMG_2041.JPG", global::Crisis.Core.Tests.Evidence.EvidenceSamples.PhonePhoto()) { Title = "Cracked bottle" }, new Actor("mei")));

        var exported = await Crisis(null, "export-evidence", key, "-o", "bundle.zip", "--lang", "zh-CN");
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains($"{key}: evidence bundle written to bundle.zip", exported.Output);
        var zip = Path.Combine(_folder, "bundle.zip");
        // Checked where the database is not: someone outside the company has only the bundle.
        File.Delete(DatabasePath);
        var verified = await Crisis(null, "verify-evidence", zip);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.Contains("evidence bundle intact", verified.Output);
        Assert.Contains("checked: 1 evidence files against the hashes on the timeline", verified.Output);

        var folder = Path.Combine(_folder, "unzipped");
        System.IO.Compression.ZipFile.ExtractToDirectory(zip, folder);
        var photo = Directory.GetFiles(Path.Combine(folder, "files")).Single();
        File.WriteAllBytes(photo, global::Crisis.Core.Tests.Evidence.EvidenceSamples.Screenshot());
        var tampered = await Crisis(null, "verify-evidence", folder);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("evidence bundle NOT INTACT", tampered.Output);
        Assert.Contains("files/001-IMG_2041.jpg was changed", tampered.Output);
        Assert.Equal(2, (await Crisis(null, "export-evidence", key)).ExitCode);
    }
}
