using System.Globalization;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Insights;

/// <summary>The keys insights group by, in the reader's words.</summary>
public static class InsightWords
{
    /// <summary>The shared texts' keys of playbook categories start so; the rest of the key is the category.</summary>
    public const string CategoryPrefix = "playbook-category:";

    /// <summary>A playbook category: "Product recall", "产品召回"; a category this version does not know reads as it is stored.</summary>
    public static string Category(string category, CultureInfo culture) => SharedTexts.Find(CategoryPrefix + category, culture) ?? category;

    /// <summary>A quarter as <see cref="IncidentInsights"/> keys it (2026-Q4): "Q4 2026", "2026年第4季度".</summary>
    public static string Quarter(string quarter, CultureInfo culture) =>
        quarter.Split("-Q") is [var year, var number]
            ? string.Format(CultureInfo.InvariantCulture, SharedTexts.Get("insights:quarter", culture), year, number)
            : quarter;

    /// <summary>A month as <see cref="IncidentInsights"/> keys it (2026-11): "Nov 2026", "2026年11月".</summary>
    public static string Month(string month, CultureInfo culture) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first.ToString(culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "yyyy年M月" : "MMM yyyy", culture)
            : month;

    /// <summary>
    /// A step's text (a sub-step's after its step's: "Pause sales on every platform: JD") and its role's title as the playbook's twin in <paramref name="language"/> words them, where the library
    /// has one; else the text as the incidents had it and the role as the library names it, so a reader never sees a role key.
    /// </summary>
    public static (string Text, string Role) Step(StepRecord step, PlaybookLibrary playbooks, string language)
    {
        var text = playbooks.StepIn(step.PlaybookId, step.StepId, step.Text, language);
        if (step.Parent is { } parent)
            text = string.Format(CultureInfo.InvariantCulture, SharedTexts.Get("insights:sub-step", SharedTexts.In(language)),
                playbooks.StepIn(step.PlaybookId, parent.StepId, parent.Text, language), text);
        return (text, step.RoleKey is { } role ? playbooks.RoleIn(step.PlaybookId, role, language) : "—");
    }

    /// <summary>Counts by key as every list of them reads: the most first, ties by key.</summary>
    public static IEnumerable<KeyValuePair<string, long>> MostFirst(IReadOnlyDictionary<string, long> counts) =>
        counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal);

    /// <summary>A complaint channel: "Tmall", "天猫"; an unknown one as it is stored.</summary>
    public static string Channel(string channel, CultureInfo culture) => SharedTexts.Find("case-channel:" + channel, culture) ?? channel;

    /// <summary>A message audience: "Customers", "消费者".</summary>
    public static string Audience(string audience, CultureInfo culture) => SharedTexts.Find("audience:" + audience, culture) ?? audience;

    /// <summary>
    /// A response time as people compare them: minutes under an hour ("20 min"), hours and minutes under a day
    /// ("3 h 20 min"), days and hours beyond ("2 d 4 h"); "3小时20分钟" in Chinese.
    /// </summary>
    public static string Duration(TimeSpan duration, CultureInfo culture)
    {
        var minutes = (long)Math.Round(Math.Max(0, duration.TotalMinutes));
        string Say(string key, long first, long second = 0) => string.Format(culture, SharedTexts.Get("insights:" + key, culture), first, second);
        return minutes switch
        {
            < 60 => Say("minutes", minutes),
            < 24 * 60 => Say("hours", minutes / 60, minutes % 60),
            _ => Say("days", minutes / (24 * 60), minutes % (24 * 60) / 60),
        };
    }
}
