using System.Collections;
using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en")]

namespace Crisis.Core.Localization;

/// <summary>
/// The words pages, reports and emails share, in English (SharedTexts.resx) and Simplified Chinese
/// (SharedTexts.zh-CN.resx): statuses, roles, event sentences, impact and metric labels, report and email texts.
/// Reports and emails read them in the language they are written in; the web reads them through its string localizer.
/// </summary>
public static class SharedTexts
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>How every page, report and email writes a moment: in UTC, to the minute.</summary>
    private const string UtcTimeFormat = "yyyy-MM-dd HH:mm 'UTC'";

    /// <summary>The culture of the texts in <paramref name="language"/>: Chinese for "zh-CN" or "zh", else English.</summary>
    public static CultureInfo In(string? language) => language is "zh-CN" or "zh" ? Chinese : English;

    public static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    public static readonly ResourceManager Resources = new(typeof(SharedTexts));

    /// <summary>Every key, as the English (neutral) resources list them.</summary>
    public static IEnumerable<string> Keys =>
        Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>().Select(entry => (string)entry.Key);

    /// <summary>The text under <paramref name="key"/> in <paramref name="culture"/> (English where Chinese lacks it), or null.</summary>
    public static string? Find(string key, CultureInfo culture) => Resources.GetString(key, culture);

    public static string Get(string key, CultureInfo culture) =>
        Find(key, culture) ?? throw new MissingManifestResourceException($"No shared text '{key}' in Localization/SharedTexts.resx.");

    /// <summary>
    /// Items as a list reads in <paramref name="culture"/>: "Quality lead, Communications lead", "质量负责人、传播负责人".
    /// Every list people read is joined here, so no page or report picks the separator itself.
    /// </summary>
    public static string List(IEnumerable<string> items, CultureInfo culture) => string.Join(Get("list-separator", culture), items);

    /// <summary>
    /// A severity as the reader says it: "SEV1" in English, "一级" in Chinese. The number stays the key: addresses, the API
    /// and playbook files write SEV1.
    /// </summary>
    public static string Severity(int level, CultureInfo culture) => Find("severity:" + level, culture) ?? $"SEV{level}";

    /// <summary>
    /// An amount as a reader of <paramref name="culture"/> writes it: "¥201,340.00" for yuan in Chinese, "CNY 201,340.00"
    /// in English (where ¥ could be the yen) and for any other currency.
    /// </summary>
    public static string Money(decimal amount, string? currency, CultureInfo culture)
    {
        var code = currency ?? "CNY";
        var figure = amount.ToString("#,0.00", CultureInfo.InvariantCulture);
        return code == "CNY" && IsChinese(culture) ? "¥" + figure : $"{code} {figure}";
    }

    public static string UtcTime(DateTimeOffset at) => at.ToUniversalTime().ToString(UtcTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A moment in <paramref name="zone"/>, with the zone named so a reader elsewhere can place it: "2026-11-02 17:00
    /// (Beijing time, UTC+8)", "2026-11-02 17:00（北京时间，UTC+8）". The offset is the one in force at that moment, so
    /// summer time shows. In UTC it is <see cref="UtcTime"/>.
    /// </summary>
    public static string ZonedTime(DateTimeOffset at, TimeZoneInfo zone, CultureInfo culture)
    {
        if (IsUtc(zone)) return UtcTime(at);
        return string.Format(CultureInfo.InvariantCulture, Get("zoned-time", culture), LocalTime(at, zone), ZoneName(zone, culture), UtcOffset(zone.GetUtcOffset(at)));
    }

    /// <summary>A moment in <paramref name="zone"/> without the zone ("2026-11-02 17:00"), where the zone is named once nearby.</summary>
    public static string LocalTime(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The zone as people call it ("Beijing time"), or its id where the shared texts have no name for it.</summary>
    public static string ZoneName(TimeZoneInfo zone, CultureInfo culture) => IsUtc(zone) ? "UTC" : Find("zone:" + zone.Id, culture) ?? zone.Id;

    public static bool IsUtc(TimeZoneInfo zone) => zone.Id is "UTC" or "Etc/UTC" || zone.Equals(TimeZoneInfo.Utc);

    /// <summary>UTC+8, UTC-5, UTC+5:30.</summary>
    public static string UtcOffset(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().Hours.ToString(CultureInfo.InvariantCulture)
        + (offset.Minutes == 0 ? "" : ":" + offset.Duration().Minutes.ToString("00", CultureInfo.InvariantCulture));
}
