using System.Globalization;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Signals;

/// <summary>
/// Signals and rules in the reader's words, from the shared texts: what fired ("6 safety complaints about batch 2611
/// within 24 hours"), the title an incident opened from it suggests, what a rule watches for, a history entry. Pages, the
/// incident's timeline and the API's readers all get the same sentences; rule kinds and keys are never shown.
/// </summary>
public static class SignalWords
{
    /// <summary>What a rule found on one key, in a sentence without its full stop.</summary>
    public static string Fired(SignalFacts facts, CultureInfo culture) => facts.Rule switch
    {
        SignalRuleKinds.Cluster => Format(culture, "signal-fired:cluster", Complaints(facts.Count, facts.Category, culture), Scoped(facts, culture), Window(facts.WindowHours, culture)),
        SignalRuleKinds.Spike when facts.Baseline is > 0 => Format(culture, "signal-fired:spike", Channel(facts.Channel, culture), Complaints(facts.Count, null, culture),
            Day(facts.Day, culture), Number(facts.Count / facts.Baseline.Value), facts.BaselineDays, Number(facts.Baseline.Value)),
        SignalRuleKinds.Spike => Format(culture, "signal-fired:spike:no-baseline", Channel(facts.Channel, culture), Complaints(facts.Count, null, culture),
            Day(facts.Day, culture), facts.BaselineDays),
        SignalRuleKinds.SafetyWords => facts.Scope is null
            ? Format(culture, "signal-fired:safety-words:unscoped", Complaints(facts.Count, null, culture), SharedTexts.List(facts.Words ?? [], culture))
            : Format(culture, "signal-fired:safety-words", Complaints(facts.Count, null, culture), Scoped(facts, culture), SharedTexts.List(facts.Words ?? [], culture)),
        SignalRuleKinds.MonitoringAlert => facts.Count > 1
            ? Format(culture, "signal-fired:monitoring-alert:many", facts.Source, facts.Title, facts.Count)
            : Format(culture, "signal-fired:monitoring-alert", facts.Source, facts.Title),
        _ => "—",
    };

    /// <summary>The title an incident opened from the signal starts with: "Cluster of safety complaints about batch 2611".</summary>
    public static string Title(SignalFacts facts, CultureInfo culture) => facts.Rule switch
    {
        SignalRuleKinds.Cluster => Format(culture, "signal-title:cluster", Category(facts.Category, culture), Scoped(facts, culture)),
        SignalRuleKinds.Spike => Format(culture, "signal-title:spike", Channel(facts.Channel, culture)),
        SignalRuleKinds.SafetyWords when facts.Scope is null => Format(culture, "signal-title:safety-words:unscoped", facts.Words is [var word, ..] ? word : "—"),
        SignalRuleKinds.SafetyWords => Format(culture, "signal-title:safety-words", Scoped(facts, culture)),
        SignalRuleKinds.MonitoringAlert => facts.Title ?? "—",
        _ => "—",
    };

    /// <summary>What a signal's chart counts: every case of its cluster's batch or SKU and category, its spike's whole channel, or its own cases.</summary>
    public static string ChartCounts(SignalFacts facts, CultureInfo culture) => facts.Rule switch
    {
        SignalRuleKinds.Cluster => Format(culture, "signal-chart:cluster", Category(facts.Category, culture), Scoped(facts, culture)),
        SignalRuleKinds.Spike => Format(culture, "signal-chart:spike", Channel(facts.Channel, culture)),
        _ => Text("signal-chart:cases", culture),
    };

    /// <summary>A day as the chart and the sentences write it: "2 Nov 2026", "2026年11月2日".</summary>
    public static string Day(DateOnly day, CultureInfo culture) => day.ToString(Text("signal:day-format", culture), CultureInfo.InvariantCulture);

    /// <summary>What a rule watches for, as its settings say it.</summary>
    public static string Describe(SignalRule rule, CultureInfo culture) => rule.Kind switch
    {
        SignalRuleKinds.Cluster => Format(culture, "signal-rule-says:cluster", rule.Threshold, Category(rule.Category, culture),
            Text("signal-scope-name:" + rule.Scope, culture), Window(rule.WindowHours, culture)),
        SignalRuleKinds.Spike => Format(culture, "signal-rule-says:spike", Number(rule.Factor ?? 0), rule.BaselineDays, rule.Threshold),
        SignalRuleKinds.SafetyWords => Format(culture, "signal-rule-says:safety-words", rule.Words.Count),
        _ => Text("signal-rule-says:" + rule.Kind, culture),
    };

    /// <summary>The kind of rule in words: "Cluster of complaints", "安全风险词".</summary>
    public static string RuleName(string kind, CultureInfo culture) => Text("signal-rule:" + kind, culture);

    public static string Status(string status, CultureInfo culture) => Text("signal-status:" + status, culture);

    /// <summary>A signal's evidence counted: "6 cases", "1 alert", "6 cases, 1 alert".</summary>
    public static string Evidence(long cases, long alerts, CultureInfo culture) =>
        alerts == 0 ? Counted("signal:cases", cases, culture)
        : cases == 0 ? Counted("signal:alerts", alerts, culture)
        : SharedTexts.List([Counted("signal:cases", cases, culture), Counted("signal:alerts", alerts, culture)], culture);

    /// <summary>
    /// One entry of a signal's history as a sentence, <paramref name="actor"/> already named as people know them; a merge
    /// names the other signal by the title of what it fired on.
    /// </summary>
    public static string Event(SignalEvent entry, string actor, CultureInfo culture)
    {
        long Count(string name) => entry.Data.TryGetValue(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
        string Said(string name) => entry.Data.TryGetValue(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : "";
        string Other() => entry.Data.TryGetValue("fired", out var fired) ? Title(SignalFacts.Read(fired), culture) : "—";
        return entry.Kind switch
        {
            SignalEventKinds.Extended when Count("linked") > 0 && Said("incident") is { Length: > 0 } incident => Format(culture, "signal-event:extended:incident", actor,
                Evidence(Count("cases"), Count("alerts"), culture), Evidence(Count("linked"), 0, culture), incident),
            SignalEventKinds.Raised or SignalEventKinds.Extended => Format(culture, "signal-event:" + entry.Kind, actor, Evidence(Count("cases"), Count("alerts"), culture)),
            SignalEventKinds.Dismissed => Format(culture, "signal-event:dismissed", actor, Said("reason")),
            SignalEventKinds.Merged or SignalEventKinds.Absorbed => Format(culture, "signal-event:" + entry.Kind, actor, Other()),
            SignalEventKinds.IncidentOpened => Format(culture, "signal-event:incident-opened", actor, Said("incident")),
            _ => Format(culture, "signal-event:" + entry.Kind, actor),
        };
    }

    /// <summary>The suggested playbook by its title in the reader's language (its English title where it has no twin).</summary>
    public static string Playbook(string playbookId, PlaybookLibrary playbooks, CultureInfo culture) =>
        playbooks.Find(playbookId, SharedTexts.IsChinese(culture) ? "zh-CN" : "en")?.Playbook.Title ?? playbookId;

    private static string Complaints(long count, string? category, CultureInfo culture) =>
        category is null ? Counted("signal:complaints", count, culture)
            : string.Format(CultureInfo.InvariantCulture, Text("signal:category-complaints" + (count == 1 ? ":one" : ""), culture), count, Category(category, culture));

    private static string Counted(string key, long count, CultureInfo culture) =>
        string.Format(CultureInfo.InvariantCulture, Text(key + (count == 1 ? ":one" : ""), culture), count.ToString("#,0", CultureInfo.InvariantCulture));

    /// <summary>"batch 2611", "SKU AB-260".</summary>
    private static string Scoped(SignalFacts facts, CultureInfo culture) =>
        facts.Scope is null ? "—" : string.Format(CultureInfo.InvariantCulture, Text("signal-scope:" + facts.Scope, culture), facts.Value);

    /// <summary>A category as a sentence says it: "safety", "安全类".</summary>
    private static string Category(string? category, CultureInfo culture) => category is null ? "—" : Text("signal-category:" + category, culture);

    private static string Channel(string? channel, CultureInfo culture) => channel is null ? "—" : SharedTexts.Find("case-channel:" + channel, culture) ?? channel;

    /// <summary>"24 hours", "3 days": in days from two whole days on.</summary>
    private static string Window(int? hours, CultureInfo culture) =>
        hours is not { } span ? "—" : (span % 24 == 0 && span >= 48 ? new Deadline(span / 24, DeadlineUnit.Days) : new Deadline(span, DeadlineUnit.Hours)).Describe(culture);

    private static string Day(DateOnly? day, CultureInfo culture) => day is { } known ? Day(known, culture) : "—";

    private static string Number(double value) => value.ToString("#,0.#", CultureInfo.InvariantCulture);

    private static string Text(string key, CultureInfo culture) => SharedTexts.Get(key, culture);

    private static string Format(CultureInfo culture, string key, params object?[] values) => string.Format(CultureInfo.InvariantCulture, Text(key, culture), values);
}
