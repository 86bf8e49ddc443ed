using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases;

/// <summary>How long a channel gives the brand to first answer a complaint and to resolve it.</summary>
public sealed record ChannelClock(string Channel, TimeSpan Response, TimeSpan Resolution)
{
    /// <summary>The clocks warn when this share of their time is left.</summary>
    public const double WarningShare = 0.2;

    public CaseDeadlines DeadlinesFrom(DateTimeOffset receivedAt) => new(
        receivedAt + Response, receivedAt + Resolution,
        receivedAt + Response * (1 - WarningShare), receivedAt + Resolution * (1 - WarningShare));
}

public sealed record CaseDeadlines(DateTimeOffset ResponseDue, DateTimeOffset ResolutionDue, DateTimeOffset ResponseWarn, DateTimeOffset ResolutionWarn);

/// <summary>
/// The response and resolution clocks per channel: an admin's setting where there is one, else the shipped default.
/// The defaults are examples of a brand's own service levels (docs/sources.md, <c>case-clocks</c>), not platform rules.
/// </summary>
public sealed class CaseClocks(Database database, TimeProvider time)
{
    public static readonly IReadOnlyDictionary<string, ChannelClock> Defaults = new[]
    {
        Clock(CaseChannels.Tmall, 12, 72), Clock(CaseChannels.Taobao, 12, 72), Clock(CaseChannels.JD, 12, 72),
        Clock(CaseChannels.Pinduoduo, 12, 72), Clock(CaseChannels.Douyin, 12, 72), Clock(CaseChannels.Red, 12, 72),
        Clock(CaseChannels.WeChat, 4, 48), Clock(CaseChannels.OwnShop, 12, 72), Clock(CaseChannels.Hotline, 4, 48),
        Clock(CaseChannels.Regulator12315, 24, 168), Clock(CaseChannels.SocialMedia, 2, 48), Clock(CaseChannels.Other, 24, 120),
    }.ToDictionary(clock => clock.Channel);

    private static ChannelClock Clock(string channel, int responseHours, int resolutionHours) =>
        new(channel, TimeSpan.FromHours(responseHours), TimeSpan.FromHours(resolutionHours));

    /// <summary>Every channel's clocks in force, in the channels' order.</summary>
    public IReadOnlyList<ChannelClock> All()
    {
        using var connection = database.Open();
        return All(connection, null);
    }

    internal static IReadOnlyList<ChannelClock> All(System.Data.IDbConnection connection, System.Data.IDbTransaction? transaction)
    {
        var set = connection.Query<(string Channel, long Response, long Resolution)>(
                "SELECT channel, response_minutes, resolution_minutes FROM case_clocks", transaction: transaction)
            .ToDictionary(row => row.Channel, row => new ChannelClock(row.Channel, TimeSpan.FromMinutes(row.Response), TimeSpan.FromMinutes(row.Resolution)));
        return CaseChannels.All.Select(channel => set.GetValueOrDefault(channel) ?? Defaults[channel]).ToList();
    }

    /// <summary>Sets a channel's clocks; cases already open keep the deadlines they were given.</summary>
    public void Set(string channel, TimeSpan response, TimeSpan resolution, Incidents.Actor actor)
    {
        var clock = new ChannelClock(channel, response, resolution);
        if (Problems(clock, "").ToList() is { Count: > 0 } problems) throw RuleViolationException.Together(problems);
        database.InTransaction((connection, transaction) =>
        {
            Write(connection, transaction, [clock], actor, time.GetUtcNow());
            return 0;
        });
    }

    /// <summary>
    /// What is wrong with <paramref name="clock"/>, each refusal naming its field after <paramref name="fieldPrefix"/>
    /// (<c>response</c>, or <c>clocks.tmall.response</c> where a form sets every channel at once).
    /// </summary>
    internal static IEnumerable<RuleViolationException> Problems(ChannelClock clock, string fieldPrefix)
    {
        if (!CaseChannels.All.Contains(clock.Channel))
        {
            yield return new RuleViolationException($"'{clock.Channel}' is not a channel") { Field = fieldPrefix + "channel", TextKey = RefusalTexts.Required };
            yield break;
        }
        if (clock.Response < TimeSpan.FromMinutes(1) || clock.Response > MaxResponse)
            yield return new RuleViolationException($"the {clock.Channel} response clock must be between a minute and {MaxResponse.TotalDays} days")
                { Field = fieldPrefix + "response", TextKey = RefusalTexts.ResponseClock, TextArguments = [MaxResponse.TotalHours] };
        else if (clock.Resolution < clock.Response || clock.Resolution > MaxResolution)
            yield return new RuleViolationException($"the {clock.Channel} resolution clock must be at least the response clock and at most {MaxResolution.TotalDays} days")
                { Field = fieldPrefix + "resolution", TextKey = RefusalTexts.ResolutionClock, TextArguments = [clock.Response.TotalHours, MaxResolution.TotalHours] };
    }

    private static readonly TimeSpan MaxResponse = TimeSpan.FromDays(90);
    private static readonly TimeSpan MaxResolution = TimeSpan.FromDays(365);

    /// <summary>Stores the clocks an admin set; one equal to its shipped default is removed, so a later default applies to it again.</summary>
    internal static void Write(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, IEnumerable<ChannelClock> clocks, Incidents.Actor actor, DateTimeOffset now)
    {
        foreach (var clock in clocks)
        {
            if (clock == Defaults[clock.Channel])
            {
                connection.Execute("DELETE FROM case_clocks WHERE channel = @Channel", new { clock.Channel }, transaction);
                continue;
            }
            connection.Execute(
                """
                INSERT INTO case_clocks (channel, response_minutes, resolution_minutes, updated_by, updated_at)
                VALUES (@channel, @response, @resolution, @by, @now)
                ON CONFLICT (channel) DO UPDATE SET response_minutes = excluded.response_minutes,
                    resolution_minutes = excluded.resolution_minutes, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """,
                new { channel = clock.Channel, response = (long)clock.Response.TotalMinutes, resolution = (long)clock.Resolution.TotalMinutes, by = actor.Name, now },
                transaction);
        }
    }

    /// <summary>
    /// The clock a reader of the case needs to hear about: the response clock while the customer waits for a first answer
    /// and once it was missed, else the resolution clock.
    /// </summary>
    public static CaseDue Deciding(DateTimeOffset responseDue, DateTimeOffset resolutionDue, DateTimeOffset? respondedAt) =>
        respondedAt is null || respondedAt > responseDue
            ? new CaseDue(CaseClockNames.Response, responseDue)
            : new CaseDue(CaseClockNames.Resolution, resolutionDue);

    /// <summary>How a case stands against its clocks at <paramref name="now"/>.</summary>
    public static string StateOf(CaseTimes times, DateTimeOffset now)
    {
        if (times.ResolvedAt is { } resolved)
            return resolved <= times.ResolutionDue && (times.RespondedAt ?? resolved) <= times.ResponseDue ? CaseClockStates.Met : CaseClockStates.Missed;
        var responseMissed = (times.RespondedAt ?? now) > times.ResponseDue;
        if (responseMissed || now > times.ResolutionDue) return CaseClockStates.Overdue;
        var warnFrom = times.RespondedAt is null ? times.ResponseWarn : times.ResolutionWarn;
        return now >= warnFrom ? CaseClockStates.DueSoon : CaseClockStates.OnTrack;
    }
}

/// <summary>One of a case's two clocks (<see cref="CaseClockNames"/>) and when it runs out.</summary>
public sealed record CaseDue(string Clock, DateTimeOffset At);

/// <summary>A case's two clocks (<c>case-clock-name:KEY</c>): the first answer to the customer, then the resolution.</summary>
public static class CaseClockNames
{
    public const string Response = "response";
    public const string Resolution = "resolution";

    public static readonly IReadOnlyList<string> All = [Response, Resolution];
}

/// <summary>A case's clock times, as <see cref="CaseClocks.StateOf"/> reads them.</summary>
public sealed record CaseTimes(DateTimeOffset ResponseDue, DateTimeOffset ResolutionDue, DateTimeOffset ResponseWarn, DateTimeOffset ResolutionWarn,
    DateTimeOffset? RespondedAt, DateTimeOffset? ResolvedAt);
