using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;

namespace Crisis.Web.Tests.Pages;

/// <summary>The whole interface exists in Chinese: every string a page asks for has a translation.</summary>
public partial class TranslationTests
{
    private static readonly string WebFolder = Path.Combine(CrisisServer.RepositoryFolder, "src", "Crisis.Web");
    private static readonly string SharedTextsFolder = Path.Combine(CrisisServer.RepositoryFolder, "src", "Crisis.Core", "Localization");

    /// <summary>The keys pages find in a culture (null: the neutral English): their own strings and the texts they share with reports and emails.</summary>
    private static HashSet<string> Keys(string? culture) =>
        new[] { Path.Combine(WebFolder, "Resources", "SharedResource"), Path.Combine(SharedTextsFolder, "SharedTexts") }
            .Select(baseName => culture is null ? $"{baseName}.resx" : $"{baseName}.{culture}.resx")
            .SelectMany(resx => XDocument.Load(resx).Root!.Elements("data").Select(d => d.Attribute("name")!.Value))
            .ToHashSet();

    /// <summary>Keys built at run time from domain values, which the views prefix.</summary>
    public static IEnumerable<string> DynamicKeys =>
        IncidentStatusKeys()
            .Concat(Roles.All.Select(r => "role:" + r))
            .Concat(new[] { StepStatus.Todo, StepStatus.Doing, StepStatus.Done, StepStatus.Skipped, StepStatus.Blocked }.Select(s => "step:" + s))
            .Concat(Crisis.Web.Pages.Incidents.ShowModel.Filters.Select(f => "filter:" + f))
            .Concat(new[] { MessageStatus.Draft, MessageStatus.Queued, MessageStatus.Sent, MessageStatus.Failed, MessageStatus.Approved, MessageStatus.Published, "sending" }
                .Select(s => "msg:" + s))
            .Concat(Audiences.All.Select(a => "audience:" + a))
            .Concat(Channels.All.Select(c => "channel:" + c))
            .Concat(Languages.All.Select(language => "language:" + language))
            .Concat(TemplateModel.BrandFields.Select(f => "brand-field:" + f))
            .Concat(TemplateModel.RegulatorFields.Select(f => "regulator-field:" + f))
            .Concat(RegulatorPurposes.All.SelectMany(p => new[] { "regulator-purpose:" + p, "regulator-purpose-help:" + p }))
            .Concat(RegulatorLevels.All.Select(l => "regulator-level:" + l))
            .Concat(RegulatorChannels.All.Select(c => "regulator-channel:" + c))
            .Concat(new[] { ReviewStatus.Draft, ReviewStatus.InReview, ReviewStatus.Published }.Select(s => "review:" + s))
            .Concat(ActionStatus.All.Select(s => "action:" + s))
            .Concat(ClockModes.All.Select(c => "clock:" + c))
            .Concat(new[] { ScoreResults.Met, ScoreResults.Late, ScoreResults.Missed, ScoreResults.Pending, ScoreResults.NotPlayed }.Select(r => "score:" + r))
            .Concat(CaseChannels.All.Select(c => "case-channel:" + c))
            .Concat(CaseCategories.All.Select(c => "case-category:" + c))
            .Concat(CaseStatuses.All.Select(s => "case-status:" + s))
            .Concat(CaseClockStates.All.Select(s => "case-clock:" + s))
            .Concat(CaseClockNames.All.Select(c => "case-clock-name:" + c))
            .Concat(Crisis.Core.Cases.Import.CaseImportFields.All.Select(f => "case-field:" + f));


    private static IEnumerable<string> IncidentStatusKeys() => IncidentStatus.InOrder;

    [Fact]
    public void Every_string_the_pages_use_has_a_chinese_translation()
    {
        var chinese = Keys("zh-CN");
        var used = Directory.GetFiles(Path.Combine(WebFolder, "Pages"), "*.cs*", SearchOption.AllDirectories)
            .SelectMany(file => LocalizedString().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"")))
            .Where(key => !key.EndsWith(':'))
            .Concat(DynamicKeys)
            .Concat(PlaybookCategories.All.Select(PageHelpers.CategoryName))
            .Distinct()
            .ToList();
        Assert.True(used.Count > 100, $"only {used.Count} strings found: is the pattern still right?");
        var missing = used.Where(key => !chinese.Contains(key)).ToList();
        Assert.True(missing.Count == 0, $"no zh-CN translation for: {string.Join(" | ", missing)}");
    }

    [Fact]
    public void Every_key_built_at_run_time_has_english_text()
    {
        var neutral = Keys(null);
        var missing = DynamicKeys.Where(key => key.Contains(':') && !neutral.Contains(key)).ToList();
        Assert.True(missing.Count == 0, $"no English text for: {string.Join(" | ", missing)}");
    }

    [GeneratedRegex("(?:\\bL|localizer)\\[\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LocalizedString();
}
