using System.Globalization;
using Crisis.Core.Localization;

namespace Crisis.Core.Insights;

/// <summary>The keys insights group by, in the reader's words.</summary>
public static class InsightWords
{
    /// <summary>A playbook category: "Product recall", "产品召回"; a category this version does not know reads as it is stored.</summary>
    public static string Category(string category, CultureInfo culture) => SharedTexts.Find("playbook-category:" + category, culture) ?? category;

    /// <summary>A quarter as <see cref="IncidentInsights"/> keys it (2026-Q4): "Q4 2026", "2026年第4季度".</summary>
    public static string Quarter(string quarter, CultureInfo culture) =>
        quarter.Split("-Q") is [var year, var number]
            ? string.Format(CultureInfo.InvariantCulture, SharedTexts.Get("insights:quarter", culture), year, number)
            : quarter;
}
