using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Crisis.Core.Tests.Localization;

/// <summary>
/// The Chinese of the product says each thing one way (docs/glossary.md): a translation that uses a variant the glossary
/// avoids fails here with its key and text, and so does a line of a shipped zh-CN playbook, scenario or template.
/// </summary>
public class GlossaryTests
{
    /// <summary>
    /// A glossary term and the variants it replaces. <paramref name="WhereEnglishSays"/> limits the check to texts whose
    /// English says it (发布 is right for a message, wrong for an inject). <paramref name="FileSyntaxMaySay"/>: texts about
    /// the file syntax (diagnostics, front matter) may write the variant, as the files do (SEV1).
    /// </summary>
    public sealed record Rule(string Chinese, string[] Avoid, string? WhereEnglishSays = null, bool FileSyntaxMaySay = false)
    {
        /// <summary>The first avoided variant the text uses, or null. A variant inside the term itself (注入 in 情景注入) does not count.</summary>
        public string? Misuse(string chinese, string english)
        {
            if (WhereEnglishSays is { } said && !Regex.IsMatch(english, said, RegexOptions.IgnoreCase | RegexOptions.Singleline)) return null;
            return Avoid.FirstOrDefault(variant => (Chinese.Contains(variant, StringComparison.Ordinal) ? chinese.Replace(Chinese, "") : chinese)
                .Contains(variant, StringComparison.Ordinal));
        }
    }

    public static readonly Rule[] Rules =
    [
        new("创建事件", ["开启事件", "开启了事件", "新建事件", "开启时间", "开启于", "开启后"]),
        new("总指挥", ["指挥官", "事件指挥官", "事件总指挥", "应急总指挥"]),
        new("严重级别", ["严重等级", "严重程度"]),
        new("一级", ["SEV"], FileSyntaxMaySay: true),
        new("处置中", ["处理中", "进行中的事件"]),
        new("记录", ["条事件", "事件日志"]),
        new("记录", ["事件"], WhereEnglishSays: @"^(?!.*incident).*(\bevents?\b|happened)"),
        new("关键节点", ["关键事件"]),
        new("防篡改校验", ["链头", "链尾"]),
        new("内部资料，注意保密", ["机密", "绝密", "秘密"]),
        new("预案", ["剧本"]),
        new("已逾期", ["超期", "过期未完成"]),
        new("超时完成", ["逾期"], WhereEnglishSays: @"\blate\b"),
        new("签名", ["姓名缩写", "首字母"]),
        new("消息", ["沟通"], WhereEnglishSays: "message|communication"),
        new("批准", ["已审批", "审批通过"]),
        new("演练", ["演习", "练习"]),
        new("演练", ["复盘"], WhereEnglishSays: "rehears"),
        new("演练情景", ["演练脚本"]),
        new("情景注入", ["注入事件", "注入"]),
        new("下发", ["发布"], WhereEnglishSays: "releas"),
        new("未下发", ["未演练"], WhereEnglishSays: "not.played"),
        new("待判定", ["进行中"], WhereEnglishSays: @"\bpending\b"),
        new("导调员", ["培训师", "教练"]),
        new("协同导调员", ["协训员"]),
        new("参演人员", ["参与人员", "参与者"]),
        new("即时讲评", ["演练复盘", "热复盘"]),
        new("复盘", ["回顾会"]),
        new("改进项", ["行动项", "改进措施", "后续事项", "跟进事项"]),
        new("第 {0} 个为什么", ["为什么 {0}"]),
        new("工单", ["案例", "个案", "案件"], WhereEnglishSays: @"\bcases?\b"),
        new("预警", ["信号"], WhereEnglishSays: @"\bsignals?\b"),
        new("安全风险词", ["安全词"]),
        new("排除", ["驳回", "忽略"], WhereEnglishSays: @"\bdismiss"),
        new("客服专员", ["客服代理", "坐席代理"]),
        new("跟进中", ["处理中"], WhereEnglishSays: "in progress"),
        new("风险清单", ["风险登记册", "风险登记表"]),
    ];

    private static readonly string Repository = Path.GetDirectoryName(ShippedPlaybooks.Folder)!;

    /// <summary>Every Chinese translation the product ships, with its English: the shared texts and the web's own.</summary>
    public static IEnumerable<(string Source, string Key, string Chinese, string English)> Translations()
    {
        var sources = new[] { Path.Combine("src", "Crisis.Core", "Localization", "SharedTexts.zh-CN.resx") }
            .Concat(Directory.GetFiles(Path.Combine(Repository, "src", "Crisis.Web", "Resources"), "*.zh-CN.resx").Select(file => Path.GetRelativePath(Repository, file)));
        foreach (var source in sources)
        {
            var english = Values(Path.Combine(Repository, source.Replace(".zh-CN.resx", ".resx", StringComparison.Ordinal)));
            foreach (var (key, chinese) in Values(Path.Combine(Repository, source)))
                yield return (source, key, chinese, english.GetValueOrDefault(key, key));
        }
    }

    private static Dictionary<string, string> Values(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(data => data.Attribute("name")!.Value, data => data.Element("value")!.Value);

    [Fact]
    public void Every_chinese_translation_uses_the_glossary_terms()
    {
        var translations = Translations().ToList();
        Assert.True(translations.Count > 500, $"only {translations.Count} translations found: are the resx files still where the test looks?");
        var problems = (
            from text in translations
            from rule in Rules
            where !(rule.FileSyntaxMaySay && text.Key.StartsWith("diagnostic:", StringComparison.Ordinal))
            let variant = rule.Misuse(text.Chinese, text.English)
            where variant is not null
            select $"{text.Source}: “{text.Key}” says {variant} (the glossary says {rule.Chinese}): {text.Chinese}").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_glossary_document_lists_every_term_the_test_holds_to()
    {
        // Table rows: | English | 中文 | Avoid | Note |
        var rows = File.ReadLines(Path.Combine(Repository, "docs", "glossary.md"))
            .Where(line => line.StartsWith('|')).Select(line => line.Split('|')).Where(cells => cells.Length >= 5).ToList();
        var unlisted = Rules.Where(rule => !rows.Any(cells => cells[2].Contains(rule.Chinese, StringComparison.Ordinal)
                && rule.Avoid.All(variant => cells[3].Contains(variant, StringComparison.Ordinal))))
            .Select(rule => $"{rule.Chinese} (avoid {string.Join(", ", rule.Avoid)})").ToList();
        Assert.True(unlisted.Count == 0, "docs/glossary.md has no row for: " + string.Join("; ", unlisted));
    }

    [Fact]
    public void Shipped_chinese_playbooks_scenarios_and_templates_say_things_the_glossary_way()
    {
        var files = Directory.GetFiles(Path.Combine(Repository, "playbooks"), "*.zh-CN.md", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Repository, "templates"), "*.zh-CN.md", SearchOption.AllDirectories)).Order().ToList();
        var findings = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var frontMatterEnd = lines.Length > 0 && lines[0] == "---" ? Array.IndexOf(lines, "---", 1) : -1;
            for (var index = 0; index < lines.Length; index++)
            {
                foreach (var rule in Rules.Where(rule => rule.WhereEnglishSays is null && !(rule.FileSyntaxMaySay && index <= frontMatterEnd)))
                {
                    if (rule.Misuse(lines[index], "") is { } variant)
                        findings.Add($"{Path.GetRelativePath(Repository, file)}:{index + 1}: {variant} (the glossary says {rule.Chinese}): {lines[index].Trim()}");
                }
            }
        }
        Assert.NotEmpty(files);
        Assert.True(findings.Count == 0, "shipped zh-CN content differs from docs/glossary.md:\n" + string.Join("\n", findings));
    }
}
