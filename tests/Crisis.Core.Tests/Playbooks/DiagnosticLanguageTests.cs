using System.Text.RegularExpressions;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>What the parser reports reads in the reader's language on the pages, and exactly as before in English for <c>crisis lint</c>.</summary>
public partial class DiagnosticLanguageTests
{
    private static readonly string[] ParserFolders =
        new[] { "Playbooks", "Text", "Communications", "Exercises" }.Select(folder => Path.Combine(ShippedPlaybooks.FindRepositoryFolder("src"), "Crisis.Core", folder))
            .Append(Path.Combine(ShippedPlaybooks.FindRepositoryFolder("src"), "Crisis.Web", "Cli")).ToArray();
    private static readonly string[] DocumentFolders =
        [Path.Combine(AppContext.BaseDirectory, "Playbooks", "Import"), Path.Combine(AppContext.BaseDirectory, "Playbooks", "Examples"), ShippedPlaybooks.Folder];

    [Fact]
    public void Every_message_key_in_the_parser_has_an_english_and_a_chinese_text()
    {
        var keys = ParserFolders.SelectMany(folder => Directory.GetFiles(folder, "*.cs"))
            .SelectMany(file => DiagnosticKey().Matches(File.ReadAllText(file)).Select(match => match.Groups["key"].Value))
            .Distinct().ToList();
        Assert.True(keys.Count > 40, $"only {keys.Count} diagnostic keys found in {string.Join(", ", ParserFolders)}");
        var missing = keys.Where(key => Own(key, SharedTexts.English) is null || Own(key, SharedTexts.Chinese) is null).ToList();
        Assert.True(missing.Count == 0, $"no English or Chinese text in Localization/SharedTexts for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_diagnostic_of_the_test_documents_has_a_chinese_text_and_its_english_message_is_the_english_text()
    {
        var diagnostics = DocumentFolders.SelectMany(folder => Directory.GetFiles(folder, "*.md", SearchOption.AllDirectories))
            .SelectMany(file => PlaybookParser.ParseFile(file).Diagnostics).ToList();
        Assert.True(diagnostics.Count > 20, $"only {diagnostics.Count} diagnostics: are the test documents copied?");
        var keyless = diagnostics.Where(d => d.Words is null).Select(d => d.Message).Distinct().ToList();
        Assert.True(keyless.Count == 0, $"messages without a shared text: {string.Join(" | ", keyless)}");
        foreach (var diagnostic in diagnostics)
        {
            Assert.Equal(diagnostic.Message, diagnostic.MessageIn(SharedTexts.English));
            Assert.NotEqual(diagnostic.Message, diagnostic.MessageIn(SharedTexts.Chinese));
        }
    }

    [Fact]
    public void A_warning_reads_in_chinese_with_its_arguments_and_unchanged_in_english()
    {
        var result = PlaybookParser.Parse("# Recall\n\n## Contain\n\n- [x] Stop shipping\n\n```\nunclosed\n## Notify\n\n- Tell customers\n", "recall.md");

        var ticked = Assert.Single(result.Diagnostics, d => d.Words?.Key == "diagnostic:step-ticked");
        Assert.Equal("step 'Stop shipping' is ticked ([x]) in the source: imported as an open step, as every step of a new incident starts open", ticked.Message);
        Assert.Equal("步骤“Stop shipping”在原文中已勾选（[x]）：导入为未完成步骤，因为新事件的每个步骤都从未完成开始", ticked.MessageIn(SharedTexts.Chinese));
        var fence = Assert.Single(result.Diagnostics, d => d.Words?.Key == "diagnostic:unclosed-to-heading");
        Assert.Equal("this code block is never closed: it ends before the heading on line 9", fence.Message);
        Assert.Equal("此代码块没有结束：在第 9 行的标题之前截止", fence.MessageIn(SharedTexts.Chinese));
    }

    /// <summary>Readers whose every message key must be produced by one of the documents below.</summary>
    private static readonly string[] CoveredSources =
        ["Text/FrontMatter.cs", "Playbooks/PlaybookMetadata.cs", "Playbooks/PlaybookLibrary.cs", "Communications/TemplateParser.cs", "Communications/TemplateLibrary.cs", "Exercises/ScenarioParser.cs"];

    /// <summary>Keys only a bug in Crisis can produce.</summary>
    private static readonly string[] OnlyOnABug = ["diagnostic:template-internal-error", "diagnostic:scenario-internal-error"];

    private const string TemplateHead = "---\nid: notice\ntitle: Notice\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\n";
    private const string ScenarioHead = "---\nid: drill\ntitle: Drill\nplaybook: drill-book\nseverity: SEV1\nduration: 30m\n---\n\nBriefing.\n\n";

    private static readonly string[] BrokenPlaybooks =
    [
        "---\nid: x\ntitle: " + new string('[', 40) + new string(']', 40) + "\nversion: 1\n---\n## P\n- a\n",
        "---\nid: x\ntitle: T\n  version: 1\n---\n## P\n- a\n",
        "---\nid: x\ntitle: \"unclosed\nversion: 1\n---\n## P\n- a\n",
        "---\nid: x\ntitle: [unclosed\nversion: 1\n---\n## P\n- a\n",
        "---\nid: x\ntitle: {a: [b\n---\n## P\n- a\n",
        "---\n- id\n- title\n---\n## P\n- a\n",
        "---\nid: x\ntitle: ''\nversion: 1\n---\n## P\n- a\n",
        "---\nid: x\ntitle: [a, b]\nversion: 1\n---\n## P\n- a\n",
        "---\nid: Bad Id\ntitle: T\nversion: 0\ncategory: gossip\n---\n## P\n- a\n",
        "---\nid: x\ntitle: T\nversion: 1\ntags: [[a], b]\napprovers: legal\n---\n## P\n- a\n",
        "---\nid: x\ntitle: T\nversion: 1\nroles: [a, b]\n---\n## P\n- a\n",
        "---\nid: x\ntitle: T\nversion: 1\nroles:\n  Bad Key: Legal\n  ops: ''\nseverities: [SEV12]\napprovers: [legal]\n---\n## P\n- a @ops\n",
        "---\nid: x\nversion: 1\nauthor: someone\n---\n## P\n- a\n",
        "---\nid: x\ntitle: T\nversion: 1\nsources: [a]\n---\n## P\n- a\n",
        "---\nid: x\ntitle: T\nversion: 1\ncategory: recall\nroles:\n  legal: Legal\nsources:\n  Bad Key: Order 19\n---\n## P\n- a @legal due:+2wd required:law source:order-19\n- b @legal due:+2wd required:law\n",
    ];

    private static readonly string[] BrokenTemplates =
    [
        "No front matter at all.\n",
        TemplateHead + "labels:\n  missing: Missing\nvariables:\n  product: Product\n  unused: Unused\n---\n\n{{ product }} {{ batch }}\n",
        TemplateHead + "variables:\n  product: Product\n---\n",
        TemplateHead + "variables:\n  product: Product\n---\n\n{% if product %}unclosed\n",
        "---\nid: notice\ntitle: Notice\naudience: customers\nchannel: email\nlanguage: en\nsubject: \"{% if x %}\"\n---\n\nBody\n",
        TemplateHead + "---\n\n{{ 1 | divided_by: 0 }}\n",
        TemplateHead + "variables: [a]\nlabels:\n  Bad: x\n---\n\nBody\n",
        TemplateHead + "labels: [a]\n---\n\nBody\n",
        "---\n- id\n---\n\nBody\n",
    ];

    private static readonly string[] BrokenScenarios =
    [
        "No front matter at all.\n",
        "---\n- id\n---\n\nBriefing.\n",
        ScenarioHead + "## On demand:\n\nA call.\n",
        "---\nid: drill\ntitle: Drill\nplaybook: drill-book\nseverity: SEV7\nduration: soon\n---\n\nBriefing.\n",
        "---\nid: drill\ntitle: Drill\nplaybook: no-such-book\nseverity: SEV1\nduration: 30m\n---\n\nBriefing.\n",
        "---\nid: drill\ntitle: Drill\nplaybook: drill-book\nseverity: SEV3\nduration: 30m\n---\n\nBriefing.\n",
        ScenarioHead + "## T+45m Late @ops\n\nToo late.\n\n## T+5m Wrong role @nobody\n\nexpect: no-such-step within 10m\nexpect: tpl:no-such-template within 10m\n" +
            "if: missed never-expected\n\n## Nothing to see\n\n## T+soon Odd time\n\n## T+5m @ops\n\nexpect: whenever\nif: maybe\n\n" +
            "## T+6m Twice @ops\n\nexpect: act within 5m\nif: missed act\nif: met act\nemail:\n",
    ];

    /// <summary>
    /// Every problem the front matter, template and scenario readers and the libraries can report, produced from a small
    /// broken document of its own, reads in Chinese: no English sentence is left in the Chinese message but the document's
    /// own words and what a library (YamlDotNet, DotLiquid, the file system) says.
    /// </summary>
    [Fact]
    public void Every_diagnostic_of_a_broken_front_matter_template_or_scenario_reads_in_chinese()
    {
        var folder = Directory.CreateTempSubdirectory("crisis-diagnostics-").FullName;
        try
        {
            var diagnostics = Produce(folder);
            var produced = diagnostics.SelectMany(d => KeysOf(d.Words!)).ToHashSet();
            var sourceFolder = Path.Combine(ShippedPlaybooks.FindRepositoryFolder("src"), "Crisis.Core");
            var expected = CoveredSources.SelectMany(file => DiagnosticKey().Matches(File.ReadAllText(Path.Combine(sourceFolder, file))).Select(m => m.Groups["key"].Value))
                .Except(OnlyOnABug).ToHashSet();
            var notProduced = expected.Except(produced).ToList();
            Assert.True(notProduced.Count == 0, $"no broken document produces: {string.Join(", ", notProduced)}");

            var problems = diagnostics.Select(EnglishLeftInChinese).OfType<string>().Distinct().ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void No_diagnostic_is_made_from_an_english_only_message()
    {
        var src = ShippedPlaybooks.FindRepositoryFolder("src");
        var made = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "Diagnostic.cs" && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(x => x.line.Contains("new Diagnostic(", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(src, x.file)}:{x.index + 1}: {x.line.Trim()}").ToList();
        Assert.True(made.Count == 0, $"make diagnostics with Diagnostic.Of and a diagnostic: key, so pages show them in the reader's language:\n{string.Join("\n", made)}");
    }

    private static List<Diagnostic> Produce(string folder)
    {
        var diagnostics = new List<Diagnostic>();
        var playbooks = BrokenPlaybooks.Select((text, index) => PlaybookParser.Parse(text, Path.Combine(folder, $"broken-{index}.md"))).ToList();
        diagnostics.AddRange(playbooks.SelectMany(result => result.Diagnostics));
        var twin = PlaybookParser.Parse("---\nid: twin\ntitle: Twin\nversion: 1\n---\n## P\n- a\n", Path.Combine(folder, "twin.md"));
        diagnostics.AddRange(PlaybookLibrary.ReportDuplicateIds([twin, twin with { Path = Path.Combine(folder, "twin-again.md") }]).SelectMany(r => r.Diagnostics));
        diagnostics.AddRange(PlaybookParser.ParseFile(Path.Combine(folder, "missing.md")).Diagnostics);

        var templates = BrokenTemplates.Select((text, index) => TemplateParser.Parse(text, Path.Combine(folder, "templates", $"broken-{index}.en.md"))).ToList();
        templates.Add(TemplateParser.ParseFile(Path.Combine(folder, "templates", "missing.en.md")));
        diagnostics.AddRange(TemplateLibrary.CrossCheck(templates).SelectMany(result => result.Diagnostics));

        var book = PlaybookParser.Parse("---\nid: drill-book\ntitle: Drill\nversion: 1\nseverities: [SEV1]\nroles:\n  ops: Operations\n---\n## Act\n- Act @ops\n",
            Path.Combine(folder, "drill-book.md")).Playbook;
        var context = new ScenarioContext((id, _) => id == book.Id ? book : null, new HashSet<string> { "notice" });
        diagnostics.AddRange(BrokenScenarios.SelectMany((text, index) => ScenarioParser.Parse(text, Path.Combine(folder, "exercises", $"broken-{index}.md"), context).Diagnostics));
        diagnostics.AddRange(ScenarioParser.ParseFile(Path.Combine(folder, "exercises", "missing.md"), context).Diagnostics);

        var crashed = diagnostics.Where(d => d.Code is "internal-error" or "template-internal-error" or "scenario-internal-error").Select(d => d.Message).ToList();
        Assert.True(crashed.Count == 0, $"a reader failed on a broken document: {string.Join(" | ", crashed)}");
        var keyless = diagnostics.Where(d => d.Words is null).Select(d => d.Message).Distinct().ToList();
        Assert.True(keyless.Count == 0, $"messages without a shared text: {string.Join(" | ", keyless)}");
        return diagnostics;
    }

    private static IEnumerable<string> KeysOf(DiagnosticWords words) =>
        words.Arguments.OfType<DiagnosticWords>().SelectMany(KeysOf).Prepend(words.Key);

    /// <summary>
    /// Null when <paramref name="diagnostic"/> reads in Chinese. Text arguments are the document's words or a library's
    /// message and are left out; our own words (keys and nested words) must each have a Chinese text of their own.
    /// </summary>
    private static string? EnglishLeftInChinese(Diagnostic diagnostic)
    {
        var words = diagnostic.Words!;
        var withoutText = words with { Arguments = words.Arguments.Select(argument => argument is string ? (object)"…" : argument).ToList() };
        var chinese = withoutText.In(SharedTexts.Chinese);
        var untranslated = KeysOf(words).Where(key => Own(key, SharedTexts.Chinese) is not { } zh || zh == Own(key, SharedTexts.English)).ToList();
        if (untranslated.Count > 0) return $"{words.Key}: no Chinese text for {string.Join(", ", untranslated)}";
        return EnglishSentence().IsMatch(chinese) ? $"{words.Key}: English left in \"{chinese}\"" : null;
    }

    /// <summary>Three English words in a row.</summary>
    [GeneratedRegex(@"\b[A-Za-z]{2,}(?:[ ’']+[A-Za-z]{2,}){2,}\b")]
    private static partial Regex EnglishSentence();

    private static string? Own(string key, System.Globalization.CultureInfo culture) =>
        SharedTexts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.GetString(key);

    [GeneratedRegex("\"(?<key>diagnostic:[a-z0-9-]+)\"")]
    private static partial Regex DiagnosticKey();
}
