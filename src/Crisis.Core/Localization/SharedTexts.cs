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

    public static readonly ResourceManager Resources = new(typeof(SharedTexts));

    /// <summary>Every key, as the English (neutral) resources list them.</summary>
    public static IEnumerable<string> Keys =>
        Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>().Select(entry => (string)entry.Key);

    /// <summary>The text under <paramref name="key"/> in <paramref name="culture"/> (English where Chinese lacks it), or null.</summary>
    public static string? Find(string key, CultureInfo culture) => Resources.GetString(key, culture);

    public static string Get(string key, CultureInfo culture) =>
        Find(key, culture) ?? throw new MissingManifestResourceException($"No shared text '{key}' in Localization/SharedTexts.resx.");

    public static string UtcTime(DateTimeOffset at) => at.ToUniversalTime().ToString(UtcTimeFormat, CultureInfo.InvariantCulture);
}
