namespace Crisis.Core.Cases;

/// <summary>A complaint as someone logs it; <see cref="ReceivedAt"/> defaults to now, <see cref="ExternalId"/> is its id in the source.</summary>
public sealed record NewCase
{
    public string? Channel { get; init; }
    public string? Category { get; init; }
    public string? Summary { get; init; }
    public string? OrderId { get; init; }
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    public string? CustomerRef { get; init; }
    public string? CustomerPhone { get; init; }
    public string? CustomerAddress { get; init; }
    public long? OwnerId { get; init; }
    public string? IncidentKey { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public string? ExternalId { get; init; }

    /// <summary>
    /// Where the complaint stands when it comes in, for one its source has worked already (an export holds resolved
    /// tickets too): new when not given, resolved when only <see cref="ResolvedAt"/> is.
    /// </summary>
    public string? Status { get; init; }

    /// <summary>When a resolved or closed complaint was resolved; without it, when it came in here.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
}

/// <summary>How a case came in: <see cref="Form"/>, <see cref="Api"/>, or an import or webhook source by name.</summary>
public static class CaseSources
{
    public const string Form = "form";
    public const string Api = "api";

    public static string Import(string source) => "import:" + source;

    public static string Intake(string source) => "intake:" + source;
}

/// <summary>A case as a reader sees it. The phone and address are masked unless <see cref="ContactRevealed"/>.</summary>
public sealed record CaseView(
    long Id, string Channel, string Category, string Status, string Summary,
    string? OrderId, string? Sku, string? Batch, string? CustomerRef, string? CustomerPhone, string? CustomerAddress, bool ContactRevealed,
    bool PersonalDataPurged, long? OwnerId, string? OwnerName, string? IncidentKey, string? IncidentTitle, string Source, string? ExternalId,
    DateTimeOffset ReceivedAt, DateTimeOffset ResponseDueAt, DateTimeOffset ResolutionDueAt, DateTimeOffset? RespondedAt, DateTimeOffset? ResolvedAt,
    string ClockState, long Version, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The clock a reader needs to hear about (<see cref="CaseClocks.Deciding"/>).</summary>
    public CaseDue DecidingClock() => CaseClocks.Deciding(ResponseDueAt, ResolutionDueAt, RespondedAt);
}

/// <summary>One entry of a case's history. <see cref="Data"/> holds what changed (field names, from and to), never a revealed phone or address.</summary>
public sealed record CaseEvent(long Id, DateTimeOffset At, string Actor, string Kind, IReadOnlyDictionary<string, object?> Data);

public static class CaseEventKinds
{
    public const string Created = "created";
    public const string Changed = "changed";
    public const string Noted = "noted";
    public const string Assigned = "assigned";
    public const string Linked = "linked";
    public const string Revealed = "revealed";
    public const string Purged = "purged";
    /// <summary>Crisis emailed someone that the case's clock is running out, or ran out (<see cref="CaseReminders"/>).</summary>
    public const string Reminded = "reminded";

    public static readonly IReadOnlyList<string> All = [Created, Changed, Noted, Assigned, Linked, Revealed, Purged, Reminded];
}

/// <summary>Which cases a list shows; every field narrows it, none shows all. <see cref="Before"/> pages on: the ids below it.</summary>
public sealed record CaseFilter
{
    public string? Channel { get; init; }
    public string? Category { get; init; }
    public string? Status { get; init; }
    public string? ClockState { get; init; }
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    public long? OwnerId { get; init; }
    public string? IncidentKey { get; init; }
    /// <summary>Open cases only: every status but resolved and closed.</summary>
    public bool OpenOnly { get; init; }
    public long? Before { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>One page of a list, newest first; <see cref="NextBefore"/> asks for the next one, null on the last.</summary>
public sealed record CasePage(IReadOnlyList<CaseView> Cases, long? NextBefore);

/// <summary>What a change sets; a null leaves the field as it is, an empty text clears an optional one.</summary>
public sealed record CaseChanges
{
    public string? Channel { get; init; }
    public string? Category { get; init; }
    public string? Status { get; init; }
    public string? Summary { get; init; }
    public string? OrderId { get; init; }
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    public string? CustomerRef { get; init; }
    public string? CustomerPhone { get; init; }
    public string? CustomerAddress { get; init; }
    /// <summary>When given, the case's version must still be this or the change is refused as a conflict.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>The case a logged complaint became; <see cref="IsNew"/> is false when its source had sent it before.</summary>
public sealed record CaseLogged(long Id, bool IsNew);

/// <summary>What became of one complaint of a batch: the case it made or found, or, when <see cref="Logged"/> is null, its problems (one per wrong field).</summary>
public sealed record CaseOutcome(CaseLogged? Logged, IReadOnlyList<RuleViolationException> Problems);
