using System.Text.RegularExpressions;
using Crisis.Core.Communications;
using Crisis.Core.Text;
using Crisis.Pdf;
using Crisis.Pdf.Markdown;

namespace Crisis.Core.Tests.Text;

/// <summary>
/// Bold and italic next to Chinese punctuation (<c>**涉及的信息种类：**姓名</c>) render as emphasis in pages, both parts of
/// an email and PDFs: CommonMark's flanking rules alone leave the asterisks in the text.
/// </summary>
public class ChineseEmphasisTests
{
    private static readonly TemplateLibrary Templates = new(ShippedPlaybooks.FindRepositoryFolder("templates"));

    public static TheoryData<string> ChineseTemplates() =>
        new(Templates.All().Where(result => result.Template.Language == "zh-CN").Select(result => result.Template.Id).Order());

    public static TheoryData<string> ChinesePlaybooks() =>
        new(Directory.EnumerateFiles(ShippedPlaybooks.Folder, "*.zh-CN.md", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(ShippedPlaybooks.Folder, file)).Order());

    [Fact]
    public void Emphasis_ending_in_chinese_punctuation_is_emphasis_everywhere()
    {
        const string markdown = "**涉及的信息种类：**姓名、手机号\n\n*请注意：*本通知";
        Assert.Contains("<strong>涉及的信息种类：</strong>姓名", SafeMarkdown.ToHtml(markdown));
        Assert.Contains("<em>请注意：</em>本通知", SafeMarkdown.ToHtml(markdown));
        Assert.DoesNotContain("*", SafeMarkdown.ToText(markdown));
        var spans = Assert.IsType<Paragraph>(MarkdownBlocks.Convert(markdown)[0]).Content;
        Assert.Contains(spans, span => span is { Text: "涉及的信息种类：", Style: SpanStyle.Bold });
    }

    /// <summary>Each template filled in as a sender would, with Chinese values: the value after <c>**…：**</c> is what
    /// leaves the asterisks in place.</summary>
    [Theory]
    [MemberData(nameof(ChineseTemplates))]
    public void No_shipped_chinese_template_shows_a_literal_emphasis_marker(string id)
    {
        var template = Templates.Get(id, "zh-CN");
        var rendered = TemplateRenderer.Render(template, TemplateModel.Sample(template.Variables.ToDictionary(variable => variable.Name, _ => "姓名和手机号")));
        AssertNoEmphasisMarker($"templates/{id}.zh-CN.md", rendered.Markdown);
    }

    [Theory]
    [MemberData(nameof(ChinesePlaybooks))]
    public void No_shipped_chinese_playbook_shows_a_literal_emphasis_marker(string file)
    {
        var source = File.ReadAllText(Path.Combine(ShippedPlaybooks.Folder, file)).ReplaceLineEndings("\n");
        AssertNoEmphasisMarker(file, Regex.Replace(source, @"\A---\n.*?\n---\n", "", RegexOptions.Singleline));
    }

    private static void AssertNoEmphasisMarker(string file, string markdown)
    {
        var rendered = new Dictionary<string, string>
        {
            ["page and email HTML"] = Regex.Replace(SafeMarkdown.ToHtml(markdown), "<[^>]+>", " "),
            ["email text"] = SafeMarkdown.ToText(markdown),
            ["PDF"] = string.Join("\n", MarkdownBlocks.Convert(markdown).SelectMany(Texts)),
        };
        foreach (var (where, text) in rendered)
        {
            var line = text.Split('\n').FirstOrDefault(line => line.Contains("**") || line.Contains("__"));
            Assert.True(line is null, $"{file}, {where}: {line?.Trim()}");
        }
    }

    private static IEnumerable<string> Texts(Block block) => block switch
    {
        Heading heading => [heading.Text],
        Paragraph paragraph => [string.Concat(paragraph.Content.Select(span => span.Text))],
        ListBlock list => list.Items.SelectMany(item => item.Content).SelectMany(Texts),
        Callout callout => callout.Content.SelectMany(Texts),
        Table table => table.Columns.Select(column => column.Title).Concat(table.Rows.SelectMany(row => row).SelectMany(cell => cell.Content).SelectMany(Texts)),
        _ => [],
    };
}
