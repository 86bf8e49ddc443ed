using System.Diagnostics;
using System.Text;
using Crisis.Core.Playbooks;
using Crisis.Web;
using Microsoft.Extensions.Configuration;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>Whatever a file holds or is, reading it finishes with a clear answer, and every repair is reported at its line.</summary>
public sealed class RobustInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crisis-robust-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_ticked_item_is_an_open_step_with_a_warning_at_its_line()
    {
        var result = PlaybookParser.Parse("# Runbook\n\n## Act\n\n- [x] Call the DPO\n- [ ] Tell the board\n", "runbook.md");

        Assert.Empty(result.Errors);
        Assert.Equal(["Call the DPO", "Tell the board"], result.Playbook.Phases.Single().Steps.Select(s => s.Text));
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains("ticked"));
        Assert.Equal((5, 3), (warning.Line, warning.Column));
        Assert.Contains("imported as an open step", warning.Message);
    }

    [Fact]
    public void NUL_characters_are_replaced_with_a_warning_at_each_line()
    {
        var result = PlaybookParser.Parse("# Runbook\r\n\r\n## Act\r\n\r\n- Call\0 the DPO\r\n- Tell the board\0\0\r\n", "runbook.md");

        Assert.Empty(result.Errors);
        Assert.Equal("Call\uFFFD the DPO", result.Playbook.Phases.Single().Steps[0].Text);
        Assert.Equal([5, 6], result.Warnings.Where(w => w.Message.Contains("NUL")).Select(w => w.Line));
    }

    [Fact]
    public void Invalid_UTF8_is_replaced_with_a_warning_at_its_line()
    {
        var path = Path.Combine(_folder, "runbook.md");
        byte[] invalid = [0xC3, 0x28, 0xFF];
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("# Runbook\r\n\r\n## Act\r\n\r\n- Call the DPO "), .. invalid, .. Encoding.UTF8.GetBytes("\n- Tell 检查\r- Ring\n")]);

        var result = PlaybookParser.ParseFile(path);

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains("UTF-8"));
        Assert.Equal(5, warning.Line);
        Assert.Equal(["Call the DPO \uFFFD(\uFFFD", "Tell 检查", "Ring"], result.Playbook.Phases.Single().Steps.Select(s => s.Text));
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_reads_as_before()
    {
        var path = Path.Combine(_folder, "runbook.md");
        File.WriteAllText(path, "# Runbook\n\n## Act\n\n- Call the DPO\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        Assert.Equal("Call the DPO", PlaybookParser.ParseFile(path).Playbook.Phases.Single().Steps.Single().Text);
        File.WriteAllText(path, "# Runbook\n\n## Act\n\n- Call the DPO\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.DoesNotContain(PlaybookParser.ParseFile(path).Warnings, w => w.Message.Contains("UTF-8"));
    }

    [Fact]
    public async Task A_FIFO_a_device_or_a_folder_is_refused_by_name_without_waiting()
    {
        var fifo = MakeFifo(Path.Combine(_folder, "pipe.md"));
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "folder.md")).FullName;

        foreach (var (path, expected, chinese) in new[] { (fifo, "named pipe (FIFO)", "命名管道"), ("/dev/zero", "character device", "字符设备"), (folder, "folder", "文件夹") })
        {
            var result = await Task.Run(() => PlaybookParser.ParseFile(path)).WaitAsync(TimeSpan.FromSeconds(20));
            var error = Assert.Single(result.Errors);
            Assert.Equal(path, error.File);
            Assert.Contains($"cannot read the file: it is a {expected}", error.Message.Replace("it is an", "it is a"));
            var inChinese = error.MessageIn(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));
            Assert.Contains($"无法读取文件：这是{(chinese == "文件夹" ? "一个" : "")}{chinese}", inChinese);
            Assert.DoesNotMatch("[A-Za-z]{3,}", inChinese.Replace("FIFO", ""));
        }
    }

    [Fact]
    public async Task The_library_scan_reports_a_FIFO_among_the_playbooks_and_reads_the_rest()
    {
        File.WriteAllText(Path.Combine(_folder, "good.md"), "# Runbook\n\n## Act\n\n- Call the DPO\n");
        MakeFifo(Path.Combine(_folder, "pipe.md"));

        var all = await Task.Run(() => new PlaybookLibrary(_folder).All()).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(Assert.Single(all, r => r.Path.EndsWith("good.md")).Errors);
        Assert.Contains("named pipe", Assert.Single(Assert.Single(all, r => r.Path.EndsWith("pipe.md")).Errors).Message);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(2000)]
    [InlineData(5000)]
    public void Deeply_indented_lists_are_flattened_with_a_warning_and_finish_quickly(int depth)
    {
        var builder = new StringBuilder("# Runbook\n\n## Act\n\n");
        for (var level = 0; level < depth; level++) builder.Append(' ', level * 2).Append("- item ").Append(level).Append('\n');
        var options = new PlaybookParserOptions { MaxBytes = long.MaxValue };

        PlaybookParseResult result = null!;
        var time = ThreadCpuTime.Measure(() => result = PlaybookParser.Parse(builder.ToString(), "deep.md", options: options));

        Assert.True(time < TimeSpan.FromSeconds(10), $"{depth} levels took {time}");
        Assert.Empty(result.Errors);
        var step = Assert.Single(result.Playbook.Phases.Single().Steps);
        Assert.Equal("item 1", Assert.Single(step.SubSteps).Text);
        var flattened = Assert.Single(result.Warnings, w => w.Message.Contains("flattened"));
        Assert.Equal(5 + 16, flattened.Line);
        Assert.Contains($"item {depth - 1}", step.SubSteps[0].Guidance);
    }

    [Theory]
    [InlineData("- ")]
    [InlineData("1. ")]
    [InlineData("> ")]
    [InlineData("> - ")]
    [InlineData("\t- ")]
    public void Nesting_on_one_line_is_flattened_too(string level)
    {
        var markdown = "# Runbook\n\n## Act\n\n- Call the DPO\n\n" + string.Concat(Enumerable.Repeat(level, 5000)) + "deep\n\n## Next\n\n- Tell the board\n";

        var result = PlaybookParser.Parse(markdown, "deep.md");

        Assert.Empty(result.Errors);
        Assert.Equal(7, Assert.Single(result.Warnings, w => w.Message.Contains("flattened")).Line);
        Assert.Equal(["Act", "Next"], result.Playbook.Phases.Select(p => p.Title));
    }

    [Fact]
    public void Code_in_a_fence_at_the_margin_keeps_its_indentation()
    {
        var code = new string(' ', 100) + "deeply indented code";
        var result = PlaybookParser.Parse($"# Runbook\n\n## Act\n\n- Run this\n\n```\n{code}\n```\n", "code.md");

        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("flattened"));
        Assert.Contains(code, result.Playbook.Phases.Single().Description);
    }

    [Fact]
    public void Front_matter_nested_thousands_deep_is_an_error_not_a_crash()
    {
        var markdown = "---\nid: deep\ntitle: Deep\nversion: 1\ntags: " + new string('[', 50_000) + new string(']', 50_000) + "\n---\n\n## Act\n\n- Call @a\n";

        var result = PlaybookParser.Parse(markdown, "deep.md");

        Assert.Contains(result.Errors, e => e.Line == 1 && e.Message.Contains("more than 32 levels deep"));
    }

    [Fact]
    public void Using_a_playbook_that_cannot_be_read_is_refused_in_shared_words_saying_why()
    {
        File.WriteAllText(Path.Combine(_folder, "large.md"), "# Runbook\n\n## Act\n\n" + string.Concat(Enumerable.Repeat("- Call the DPO and the board\n", 100)));

        var refused = Assert.Throws<RuleViolationException>(() => new PlaybookLibrary(_folder, new PlaybookParserOptions { MaxBytes = 1024 }).GetUsable("large"));

        Assert.Equal(RefusalTexts.PlaybookUnreadable, refused.TextKey);
        Assert.Equal("large", refused.TextArguments[0]);
        var why = Assert.IsType<DiagnosticWords>(refused.TextArguments[1]).In(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));
        Assert.Matches(@"^文件大小为 2\.\d KB，超过了预案允许的 1\.0 KB（设置项 Crisis:Playbooks:MaxBytes）$", why);
    }

    [Fact]
    public void A_playbook_larger_than_MaxBytes_is_refused_with_the_setting_named()
    {
        var options = new PlaybookParserOptions { MaxBytes = 1024 * 1024 };
        var markdown = "# Runbook\n\n## Act\n\n" + string.Concat(Enumerable.Repeat("- Call the DPO and the board\n", 40_000));
        var path = Path.Combine(_folder, "large.md");
        File.WriteAllText(path, markdown);

        var fromText = Assert.Single(PlaybookParser.Parse(markdown, path, options: options).Errors);
        var fromFile = Assert.Single(PlaybookParser.ParseFile(path, options: options).Errors);
        var fromLibrary = Assert.Single(Assert.Single(new PlaybookLibrary(_folder, options).All()).Errors);

        Assert.Equal("the playbook is 1.1 MB, more than the 1.0 MB a playbook may be (setting Crisis:Playbooks:MaxBytes)", fromText.Message);
        Assert.Equal("cannot read the file: it is 1.1 MB, more than the 1.0 MB a playbook may be (setting Crisis:Playbooks:MaxBytes)", fromFile.Message);
        Assert.Equal(fromFile.Message, fromLibrary.Message);
        Assert.Empty(PlaybookParser.ParseFile(path).Errors);
        Assert.Equal(PlaybookParserOptions.DefaultMaxBytes, PlaybookParserOptions.Default.MaxBytes);
    }

    [Fact]
    public void Forty_thousand_steps_with_the_same_text_get_distinct_ids_quickly()
    {
        var markdown = "# Runbook\n\n## Act\n\n" + string.Concat(Enumerable.Repeat("- Call the DPO\n", 40_000));

        IReadOnlyList<PlaybookStep> steps = [];
        var time = ThreadCpuTime.Measure(() => steps = PlaybookParser.Parse(markdown, "same.md").Playbook.Phases.Single().Steps);

        Assert.True(time < TimeSpan.FromSeconds(10), $"took {time}");
        Assert.Equal(40_000, steps.Select(s => s.Id).Distinct().Count());
        Assert.Equal(["act-call-the-dpo", "act-call-the-dpo-2", "act-call-the-dpo-3"], steps.Take(3).Select(s => s.Id));
    }

    [Fact]
    public void MaxBytes_is_read_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crisis:Playbooks"] = _folder,
            ["Crisis:Playbooks:MaxBytes"] = "2048",
        }).Build();

        var library = new ServiceCollection().AddCrisis(configuration).BuildServiceProvider().GetRequiredService<PlaybookLibrary>();

        Assert.Equal(2048, library.Options.MaxBytes);
        Assert.Equal(PlaybookParserOptions.DefaultMaxBytes, CrisisServices.PlaybookParserOptions(new ConfigurationBuilder().Build()).MaxBytes);
    }

    private static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
