using System.Globalization;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Risks;

/// <summary>A risk's scale, readiness and gaps in the reader's words.</summary>
public static class RiskWords
{
    public static string Likelihood(int level, CultureInfo culture) => SharedTexts.Find("risk-likelihood:" + level, culture) ?? level.ToString(culture);

    public static string Impact(int level, CultureInfo culture) => SharedTexts.Find("risk-impact:" + level, culture) ?? level.ToString(culture);

    public static string Level(string level, CultureInfo culture) => SharedTexts.Find("risk-level:" + level, culture) ?? level;

    /// <summary>What a gap calls out, naming the playbook it is about by its title where it still has one.</summary>
    public static string Gap(RiskGap gap, PlaybookLibrary playbooks, CultureInfo culture)
    {
        var playbook = gap.PlaybookId is { } id ? playbooks.TitleOrReference(id, culture.Name) : "";
        return string.Format(culture, SharedTexts.Get("risk-gap:" + gap.Kind, culture), gap.Kind is RiskGapKinds.OverdueFollowUps or RiskGapKinds.WeakExercise ? gap.Count : playbook);
    }

    /// <summary>
    /// A history entry as a sentence: who added, loaded or changed the risk, and for a change which fields; a likelihood or
    /// impact names its values. An entry this version cannot read says only who changed the risk.
    /// </summary>
    public static string Event(RiskEvent entry, string actor, CultureInfo culture)
    {
        if (entry.Kind != RiskEventKinds.Changed) return string.Format(culture, SharedTexts.Find("risk-event:" + entry.Kind, culture) ?? SharedTexts.Get("risk-event:changed-something", culture), actor);
        var fields = entry.Data.Select(change => change.Key switch
        {
            "likelihood" or "impact" when Levels(change.Value) is var (from, to) => string.Format(culture, SharedTexts.Get("risk-change:" + change.Key, culture),
                change.Key == "likelihood" ? Likelihood(from, culture) : Impact(from, culture), change.Key == "likelihood" ? Likelihood(to, culture) : Impact(to, culture)),
            var field => SharedTexts.Find("risk-field:" + field, culture),
        }).OfType<string>().ToList();
        return fields.Count == 0
            ? string.Format(culture, SharedTexts.Get("risk-event:changed-something", culture), actor)
            : string.Format(culture, SharedTexts.Get("risk-event:changed", culture), actor, SharedTexts.List(fields, culture));
    }

    /// <summary>The from and to of a likelihood or impact change, as the history stores them ([3, 4]); null when they are not numbers.</summary>
    private static (int From, int To)? Levels(object? value) =>
        value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } pair && pair.GetArrayLength() == 2
        && pair[0].TryGetInt32(out var from) && pair[1].TryGetInt32(out var to)
            ? (from, to)
            : null;
}
