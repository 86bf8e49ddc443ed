namespace Crisis.Core.Risks;

/// <summary>
/// A risk as someone writes it, new or changed. On a change a null leaves the field as it is, an empty text clears an
/// optional one (the description, controls, review date), <see cref="OwnerPersonId"/> 0 gives the risk to nobody, and a
/// list replaces the links it names.
/// </summary>
public sealed record RiskFields
{
    public string? Title { get; init; }
    /// <summary>A playbook category key, as playbooks' front matter writes it (recall, data-breach, ...).</summary>
    public string? Category { get; init; }
    public string? Description { get; init; }
    /// <summary>1 (rare) to 5 (almost certain).</summary>
    public int? Likelihood { get; init; }
    /// <summary>1 (minor) to 5 (severe).</summary>
    public int? Impact { get; init; }
    public long? OwnerPersonId { get; init; }
    /// <summary>Markdown: what already guards against the risk.</summary>
    public string? Controls { get; init; }
    /// <summary>yyyy-MM-dd: when the risk is next looked at again.</summary>
    public string? ReviewDate { get; init; }
    public IReadOnlyList<string>? Playbooks { get; init; }
    public IReadOnlyList<string>? Scenarios { get; init; }
    /// <summary>When given on a change, the risk's version must still be this or the change is refused as a conflict.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>A risk as a reader sees it, with its readiness computed from the record as it stands now.</summary>
public sealed record RiskView(
    long Id, string Title, string Category, string Description, int Likelihood, int Impact, long? OwnerPersonId, string? OwnerName,
    string Controls, DateOnly? ReviewDate, IReadOnlyList<string> Playbooks, IReadOnlyList<string> Scenarios, string? StarterKey,
    long Version, string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt, RiskReadiness Readiness)
{
    /// <summary>Likelihood times impact, 1 to 25.</summary>
    public int Score => Likelihood * Impact;

    public bool IsHigh => RiskScale.IsHigh(Likelihood, Impact);
}

/// <summary>The 5x5 scale risks are rated on.</summary>
public static class RiskScale
{
    public const int Lowest = 1;
    public const int Highest = 5;

    /// <summary>The score from which a risk is high whatever its parts.</summary>
    public const int HighScore = 15;

    public static IReadOnlyList<int> Levels { get; } = [1, 2, 3, 4, 5];

    /// <summary>
    /// A high risk: likelihood times impact of 15 or more, or an impact of 5 however unlikely (a recall that hurts a child
    /// is high even when rare). A high risk without a playbook, or with any other gap, is not ready.
    /// </summary>
    public static bool IsHigh(int likelihood, int impact) => likelihood * impact >= HighScore || impact == Highest;
}

/// <summary>One entry of a risk's history: created or changed, and for a change which fields went from what to what.</summary>
public sealed record RiskEvent(long Id, DateTimeOffset At, string Actor, string Kind, IReadOnlyDictionary<string, object?> Data);

public static class RiskEventKinds
{
    public const string Created = "created";
    /// <summary>Loaded from the starter register; its data names the entry.</summary>
    public const string Loaded = "loaded";
    public const string Changed = "changed";
}
