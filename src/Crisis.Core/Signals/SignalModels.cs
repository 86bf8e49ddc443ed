using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crisis.Core.Signals;

/// <summary>What an early-warning rule watches for (<c>signal-rule:KEY</c> in the shared texts).</summary>
public static class SignalRuleKinds
{
    /// <summary>N cases with the same SKU or batch and category within a window.</summary>
    public const string Cluster = "cluster";
    /// <summary>A channel's complaints in a day far above its usual day.</summary>
    public const string Spike = "spike";
    /// <summary>A case whose summary names a safety word.</summary>
    public const string SafetyWords = "safety-words";
    /// <summary>An alert a monitoring source sent through its webhook.</summary>
    public const string MonitoringAlert = "monitoring-alert";

    public static readonly IReadOnlyList<string> All = [Cluster, Spike, SafetyWords, MonitoringAlert];
}

/// <summary>What the cases of a cluster share (<c>signal-scope-name:KEY</c>).</summary>
public static class ClusterScopes
{
    public const string Sku = "sku";
    public const string Batch = "batch";

    public static readonly IReadOnlyList<string> All = [Batch, Sku];

    /// <summary>The column of the cases a scope counts over: a rule's scope chooses one of these, never text spliced in as it came.</summary>
    internal static string Column(string? scope) => scope == Sku ? "sku" : "batch";
}

/// <summary>Where a signal stands (<c>signal-status:KEY</c>). New and acknowledged signals are open: they wait in the queue.</summary>
public static class SignalStatuses
{
    public const string New = "new";
    public const string Acknowledged = "acknowledged";
    public const string Dismissed = "dismissed";
    public const string Merged = "merged";
    public const string IncidentOpened = "incident-opened";

    public static readonly IReadOnlyList<string> All = [New, Acknowledged, Dismissed, Merged, IncidentOpened];

    public static readonly IReadOnlyList<string> Open = [New, Acknowledged];

    public static bool IsOpen(string status) => Open.Contains(status);
}

/// <summary>The entries of a signal's history (<c>signal-event:KEY</c>).</summary>
public static class SignalEventKinds
{
    public const string Raised = "raised";
    public const string Extended = "extended";
    public const string Acknowledged = "acknowledged";
    public const string Dismissed = "dismissed";
    /// <summary>This signal went into another.</summary>
    public const string Merged = "merged";
    /// <summary>Another signal went into this one.</summary>
    public const string Absorbed = "absorbed";
    public const string IncidentOpened = "incident-opened";

    public static readonly IReadOnlyList<string> All = [Raised, Extended, Acknowledged, Dismissed, Merged, Absorbed, IncidentOpened];
}

/// <summary>
/// What a rule found on one key (a batch, a SKU, a channel, a source's alert), as the signal keeps it and
/// <see cref="SignalWords"/> tells it. Only the fields of its rule's kind are set.
/// </summary>
public sealed record SignalFacts
{
    /// <summary>The kind of rule that found it (<see cref="SignalRuleKinds"/>).</summary>
    public required string Rule { get; init; }

    /// <summary>Cases within the window (cluster), on the day (spike), naming safety words (safety words); alerts sent (monitoring).</summary>
    public long Count { get; init; }

    /// <summary>What the cases share, <see cref="ClusterScopes"/>, with its <see cref="Value"/>; none for a safety word with neither.</summary>
    public string? Scope { get; init; }
    public string? Value { get; init; }
    public string? Category { get; init; }
    public int? Threshold { get; init; }
    public int? WindowHours { get; init; }

    public string? Channel { get; init; }
    /// <summary>The day of a spike, in the organisation's time zone.</summary>
    public DateOnly? Day { get; init; }
    /// <summary>The median day of the <see cref="BaselineDays"/> before <see cref="Day"/>.</summary>
    public double? Baseline { get; init; }
    public double? Factor { get; init; }
    public int? BaselineDays { get; init; }

    public IReadOnlyList<string>? Words { get; init; }

    /// <summary>The intake source that sent the alert, and the latest alert's words.</summary>
    public string? Source { get; init; }
    public string? Title { get; init; }

    /// <summary>
    /// What the signal keeps when its rule finds more on the same key: a cluster its largest count, a spike its latest day,
    /// safety words every word named and every case counted, alerts the latest title and every alert counted.
    /// </summary>
    internal SignalFacts After(SignalFacts earlier) => Rule switch
    {
        SignalRuleKinds.Cluster => Count >= earlier.Count ? this : earlier,
        SignalRuleKinds.SafetyWords => this with
        {
            Count = earlier.Count + Count,
            Words = (earlier.Words ?? []).Concat(Words ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        },
        SignalRuleKinds.MonitoringAlert => this with { Count = earlier.Count + Count },
        _ => this,
    };

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Facts stored by this or an older version; what cannot be read reads as a fact of no rule, told as nothing.</summary>
    public static SignalFacts Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SignalFacts>(json, Json) ?? Unreadable;
        }
        catch (JsonException)
        {
            return Unreadable;
        }
    }

    public static SignalFacts Read(JsonElement element) => element.ValueKind == JsonValueKind.Object ? Read(element.GetRawText()) : Unreadable;

    internal static readonly SignalFacts Unreadable = new() { Rule = "" };
}

/// <summary>A signal as the queue shows it: the first of <see cref="Fired"/> is what raised it, the rest what was merged into it.</summary>
public sealed record SignalSummary(
    long Id, string Status, int Severity, string PlaybookId, IReadOnlyList<SignalFacts> Fired, long CaseCount, long AlertCount,
    DateTimeOffset RaisedAt, DateTimeOffset LastFiredAt, string? IncidentKey, long? MergedIntoId, long Version)
{
    public bool IsOpen => SignalStatuses.IsOpen(Status);
}

/// <summary>A case as a signal's evidence lists it: no customer's details.</summary>
public sealed record SignalCase(long Id, string Channel, string Category, string Status, string Summary, string? Sku, string? Batch, DateTimeOffset ReceivedAt, string? IncidentKey);

/// <summary>An alert a monitoring source sent. <see cref="Severity"/> is the source's own hint (<see cref="AlertSeverities"/>).</summary>
public sealed record MonitoringAlert(long Id, string Source, string Title, string? Description, string? Sku, string? Batch, string? Severity, string? Url, DateTimeOffset ReceivedAt);

/// <summary>How bad a monitoring source says its alert is (<c>alert-severity:KEY</c>), and the severity it suggests.</summary>
public static class AlertSeverities
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    public static readonly IReadOnlyList<string> All = [Critical, High, Medium, Low];

    /// <summary>The incident severity a hint suggests; none leaves the rule's.</summary>
    public static int? SuggestedSeverity(string? hint) => hint switch
    {
        Critical => 1,
        High => 2,
        Medium or Low => 3,
        _ => null,
    };
}

/// <summary>One day's count in the organisation's time zone.</summary>
public sealed record DayCount(DateOnly Day, long Count);

/// <summary>
/// The daily counts behind a signal, for a small chart: the cases of its batch or SKU and category, its channel's whole
/// volume (with <see cref="Baseline"/>, the median day), or the cases linked to it.
/// </summary>
public sealed record SignalChart(IReadOnlyList<DayCount> Days, double? Baseline);

/// <summary>One entry of a signal's history; <see cref="Data"/> holds a reason, a count or the other signal.</summary>
public sealed record SignalEvent(long Id, DateTimeOffset At, string Actor, string Kind, IReadOnlyDictionary<string, JsonElement> Data);

/// <summary>
/// A signal with its evidence: the most recent of its cases (<see cref="SignalSummary.CaseCount"/> says how many in all),
/// its alerts, the chart and its history.
/// </summary>
public sealed record SignalDetails(SignalSummary Signal, IReadOnlyList<SignalCase> Cases, IReadOnlyList<MonitoringAlert> Alerts, SignalChart? Chart,
    IReadOnlyList<SignalEvent> History, string? DismissReason);
