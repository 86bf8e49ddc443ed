using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Reports;

namespace Crisis.Core.Tests.Localization;

/// <summary>Every shared text exists in English and Chinese, so a missing translation fails here rather than on a page, in a PDF or in an email.</summary>
public partial class SharedTextsTests
{
    private static readonly Dictionary<string, string> English = Own(SharedTexts.English);
    private static readonly Dictionary<string, string> Chinese = Own(SharedTexts.Chinese);

    /// <summary>What a language's own resources hold, without falling back to English.</summary>
    private static Dictionary<string, string> Own(CultureInfo culture) =>
        SharedTexts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);

    [Fact]
    public void Every_key_has_an_english_and_a_chinese_text_with_the_same_placeholders()
    {
        Assert.True(English.Count > 200, $"only {English.Count} English texts: is SharedTexts.resx still embedded?");
        var problems = English.Keys.Union(Chinese.Keys).Select(Problem).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_event_kind_has_an_english_and_a_chinese_sentence()
    {
        // Every page and report tells events in EventStory's sentences: "story:" + kind, or its variants (":raised", ":lowered").
        var sentences = EventKinds.All.Select(kind => (Kind: kind, Keys: English.Keys.Union(Chinese.Keys)
            .Where(key => key == "story:" + kind || key.StartsWith("story:" + kind + ":", StringComparison.Ordinal)).ToList())).ToList();
        var problems = sentences.Where(told => told.Keys.Count == 0).Select(told => $"{told.Kind}: no sentence")
            .Concat(sentences.SelectMany(told => told.Keys).Select(Problem).OfType<string>()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_report_and_email_text_reads_in_both_languages()
    {
        var notificationTexts = typeof(SharedTexts).Assembly.GetType("Crisis.Core.Communications.NotificationTexts", throwOnError: true)!;
        foreach (var (type, language) in new[] { (typeof(ReportTexts), "en"), (typeof(ReportTexts), "zh-CN"), (notificationTexts, "en"), (notificationTexts, "zh-CN") })
        {
            var texts = type.GetMethod("For", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [language]);
            foreach (var property in type.GetProperties().Where(property => property.PropertyType == typeof(string)))
                Assert.False(string.IsNullOrWhiteSpace((string?)property.GetValue(texts)), $"{type.Name}.{property.Name} in {language}");
        }
    }

    [Fact]
    public void A_list_a_label_and_an_aside_are_punctuated_as_each_language_punctuates()
    {
        Assert.Equal("Mei Chen, Li Wei", SharedTexts.List(["Mei Chen", "Li Wei"], SharedTexts.English));
        Assert.Equal("客户、媒体", SharedTexts.List(["客户", "媒体"], SharedTexts.Chinese));
        var english = ReportTexts.For("en");
        var chinese = ReportTexts.For("zh-CN");
        Assert.Equal("Late: 3", english.Labelled(english.Late, 3));
        Assert.Equal("超时完成：3", chinese.Labelled(chinese.Late, 3));
        Assert.Equal("Product recall (v2)", english.Parenthesised("Product recall", "v2"));
        Assert.Equal("产品召回（v2）", chinese.Parenthesised("产品召回", "v2"));
    }

    private static string? Problem(string key) =>
        English.GetValueOrDefault(key) is not { Length: > 0 } english ? $"{key}: no English"
        : Chinese.GetValueOrDefault(key) is not { Length: > 0 } chinese ? $"{key}: no Chinese"
        : !Placeholders(english).SetEquals(Placeholders(chinese)) ? $"{key}: the placeholders of “{english}” and “{chinese}” differ"
        : null;

    private static HashSet<string> Placeholders(string format) => Placeholder().Matches(format).Select(match => match.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();
}
