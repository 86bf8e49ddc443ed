using System.Text.RegularExpressions;
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

    private static string? Own(string key, System.Globalization.CultureInfo culture) =>
        SharedTexts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.GetString(key);

    [GeneratedRegex("\"(?<key>diagnostic:[a-z0-9-]+)\"")]
    private static partial Regex DiagnosticKey();
}
