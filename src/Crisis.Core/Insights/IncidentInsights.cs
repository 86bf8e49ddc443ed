using System.Globalization;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Insights;

/// <summary>Which incidents an insight is over: those opened in [<see cref="From"/>, <see cref="To"/>), real or drills, of a category, severity or playbook.</summary>
public sealed record InsightFilter
{
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Category { get; init; }
    public int? Severity { get; init; }
    public string? PlaybookId { get; init; }

    /// <summary>Exercises instead of real incidents: the two are never mixed, a drill's times would flatter the figures.</summary>
    public bool Exercises { get; init; }
}

/// <summary>How a set of durations spreads: the median and the quartiles around it, the fastest and the slowest.</summary>
public sealed record Spread(int Count, TimeSpan? Median, TimeSpan? LowerQuartile, TimeSpan? UpperQuartile, TimeSpan? Fastest, TimeSpan? Slowest)
{
    public static Spread Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Order().ToList();
        if (sorted.Count == 0) return new Spread(0, null, null, null, null, null);
        return new Spread(sorted.Count, Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75), sorted[0], sorted[^1]);
    }

    /// <summary>Linear between the two nearest ranks, as spreadsheets compute it (Excel's QUARTILE.INC).</summary>
    private static TimeSpan Quantile(IReadOnlyList<TimeSpan> sorted, double q)
    {
        var rank = q * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }
}

/// <summary>How long incidents took from being opened to being acknowledged, contained and resolved.</summary>
public sealed record ResponseTimes(Spread Acknowledge, Spread Contain, Spread Resolve);

/// <summary>The incidents of one category, severity or quarter (<see cref="Key"/>), their times, and which they are.</summary>
public sealed record InsightGroup(string Key, ResponseTimes Times, IReadOnlyList<string> IncidentKeys);

/// <summary>
/// One playbook step across the incidents that had it: how often it was done late, skipped, or left undone when the
/// incident ended, by how much it was typically late, and the role that owns it.
/// </summary>
public sealed record StepRecord(string PlaybookId, string StepId, string Text, string? RoleKey, int Incidents, int Late, int Skipped,
    int LeftUndone, TimeSpan? TypicalDelay, IReadOnlyList<string> IncidentKeys)
{
    public int Missed => Late + Skipped + LeftUndone;
}

/// <summary>The incidents opened in one month (<see cref="Month"/>, yyyy-MM of the organisation's time zone), and how many of each category.</summary>
public sealed record InsightMonth(string Month, IReadOnlyList<string> IncidentKeys, IReadOnlyDictionary<string, long> ByCategory);

/// <summary>How long messages to one audience waited from being drafted to being approved, and the incidents they were for.</summary>
public sealed record ApprovalGroup(string Audience, Spread Times, IReadOnlyList<string> IncidentKeys);

/// <summary>The complaints received in one month, by channel.</summary>
public sealed record CaseMonth(string Month, long Cases, IReadOnlyDictionary<string, long> ByChannel);

/// <summary>How many complaint cases are linked to an incident.</summary>
public sealed record IncidentCaseCount(string IncidentKey, int Cases);

/// <summary>What the incidents of a filter say together.</summary>
public sealed record IncidentInsightsView(
    InsightFilter Filter,
    ResponseTimes Overall,
    IReadOnlyList<InsightGroup> ByCategory,
    IReadOnlyList<InsightGroup> BySeverity,
    IReadOnlyList<InsightGroup> ByQuarter,
    IReadOnlyList<InsightMonth> ByMonth,
    IReadOnlyList<StepRecord> StepsMissedMost,
    IReadOnlyList<ApprovalGroup> ApprovalsByAudience,
    IReadOnlyList<CaseMonth> CasesByMonth,
    IReadOnlyList<IncidentCaseCount> CasesPerIncident)
{
    public int IncidentCount => ByCategory.Sum(group => group.IncidentKeys.Count);
}

/// <summary>
/// Figures across incidents, computed from the record and never typed: how fast incidents are acknowledged, contained
/// and resolved by category, severity and quarter (the quarter of the organisation's time zone), how many were opened
/// each month, which playbook steps are late, skipped or left undone most often, how long messages wait for approval by
/// audience, and the complaints around them. Acknowledged has the meaning of a review's metrics (the first step acted
/// on), kept on the incident row as the timeline records it.
/// </summary>
public sealed class IncidentInsights(Database database, OrganisationSettings organisation, TimeProvider time)
{
    /// <summary>The days a range may name: wide enough for any record, narrow enough that the months and quarters around them exist.</summary>
    public static readonly DateOnly EarliestDay = new(2000, 1, 1), LatestDay = new(2100, 12, 31);

    /// <summary>The steps <see cref="IncidentInsightsView.StepsMissedMost"/> lists at most.</summary>
    public const int StepsListed = 20;

    /// <summary>
    /// The incidents opened from the start of <paramref name="first"/> to the end of <paramref name="last"/>, days of the
    /// organisation's time zone; by default the twelve months to today.
    /// </summary>
    public InsightFilter Days(DateOnly? first, DateOnly? last)
    {
        var zone = organisation.TimeZone();
        var lastDay = last ?? Signals.DailyCounts.DayOf(time.GetUtcNow(), zone);
        var firstDay = first ?? lastDay.AddYears(-1).AddDays(1);
        foreach (var (day, field) in new[] { (lastDay, "to"), (firstDay, "from") })
        {
            if (day < EarliestDay || day > LatestDay)
                throw new RuleViolationException($"{day:yyyy-MM-dd} is outside the days insights cover ({EarliestDay:yyyy-MM-dd} to {LatestDay:yyyy-MM-dd})") { Field = field };
        }
        if (firstDay > lastDay)
            throw new RuleViolationException($"the range starts on {firstDay:yyyy-MM-dd}, after it ends on {lastDay:yyyy-MM-dd}") { Field = "from" };
        return new InsightFilter { From = Signals.DailyCounts.StartOf(firstDay, zone), To = Signals.DailyCounts.StartOf(lastDay.AddDays(1), zone) };
    }

    /// <summary>The first day of the organisation's time zone that <paramref name="filter"/> covers.</summary>
    public DateOnly FirstDay(InsightFilter filter) => Signals.DailyCounts.DayOf(filter.From, organisation.TimeZone());

    /// <summary>The last day of the organisation's time zone that <paramref name="filter"/> covers.</summary>
    public DateOnly LastDay(InsightFilter filter) => Signals.DailyCounts.DayOf(filter.To.AddTicks(-1), organisation.TimeZone());

    public IncidentInsightsView Compute(InsightFilter filter)
    {
        using var connection = database.Open();
        var (where, parameters) = Where(filter);
        var incidents = connection.Query<IncidentRow>(
            $"""
            SELECT i.key, i.category, i.severity, i.opened_at, i.acknowledged_at, i.contained_at, i.resolved_at
            FROM incidents i {where} ORDER BY i.opened_at, i.id
            """, parameters).ToList();
        var steps = connection.Query<StepRow>(
            $"""
            SELECT i.key AS incident_key, i.playbook_id, i.status AS incident_status, s.step_id, s.text, s.role_key, s.status, s.due_at, s.status_at
            FROM steps s JOIN incidents i ON i.id = s.incident_id {where} AND s.due_at IS NOT NULL
            ORDER BY i.opened_at, i.id
            """, parameters).ToList();
        var approvals = connection.Query<ApprovalRow>(
            $"""
            SELECT i.key AS incident_key, m.audience, m.created_at, m.approved_at
            FROM messages m JOIN incidents i ON i.id = m.incident_id {where} AND m.approved_at IS NOT NULL
            ORDER BY i.opened_at, i.id
            """, parameters).ToList();
        var casesPerIncident = connection.Query<(string Key, long Cases)>(
            $"""
            SELECT i.key, COUNT(*)
            FROM cases c JOIN incidents i ON i.id = c.incident_id {where}
            GROUP BY i.key ORDER BY COUNT(*) DESC, i.key
            """, parameters).Select(row => new IncidentCaseCount(row.Key, (int)row.Cases)).ToList();
        var zone = organisation.TimeZone();
        string Quarter(IncidentRow incident)
        {
            var local = TimeZoneInfo.ConvertTime(incident.Opened, zone);
            return string.Create(CultureInfo.InvariantCulture, $"{local.Year}-Q{(local.Month + 2) / 3}");
        }
        var months = Months(filter, zone);

        return new IncidentInsightsView(
            filter,
            Times(incidents),
            Groups(incidents, incident => incident.Category).OrderByDescending(group => group.IncidentKeys.Count).ThenBy(group => group.Key, StringComparer.Ordinal).ToList(),
            Groups(incidents, incident => incident.Severity.ToString(CultureInfo.InvariantCulture)).OrderBy(group => group.Key, StringComparer.Ordinal).ToList(),
            Groups(incidents, Quarter).OrderBy(group => group.Key, StringComparer.Ordinal).ToList(),
            IncidentsByMonth(incidents, months, zone),
            StepsMissedMost(steps, time.GetUtcNow()),
            approvals.GroupBy(approval => approval.Audience)
                .Select(group => new ApprovalGroup(group.Key, Spread.Of(group.Select(approval => approval.Waited)), group.Select(approval => approval.IncidentKey).Distinct().ToList()))
                .OrderByDescending(group => group.Times.Median).ThenBy(group => group.Audience, StringComparer.Ordinal).ToList(),
            filter.Exercises ? [] : CasesByMonth(connection, filter, months, zone),
            casesPerIncident);
    }

    /// <summary>Each month (yyyy-MM of <paramref name="zone"/>) the filter's range touches, in order.</summary>
    private static List<string> Months(InsightFilter filter, TimeZoneInfo zone)
    {
        var first = TimeZoneInfo.ConvertTime(filter.From, zone);
        var last = TimeZoneInfo.ConvertTime(filter.To.AddTicks(-1), zone);
        var months = new List<string>();
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= new DateOnly(last.Year, last.Month, 1); month = month.AddMonths(1))
            months.Add(MonthKey(month.Year, month.Month));
        return months;
    }

    private static string MonthKey(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    private static string MonthOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return MonthKey(local.Year, local.Month);
    }

    private static List<InsightMonth> IncidentsByMonth(IReadOnlyList<IncidentRow> incidents, IReadOnlyList<string> months, TimeZoneInfo zone)
    {
        var byMonth = incidents.ToLookup(incident => MonthOf(incident.Opened, zone));
        return months.Select(month => new InsightMonth(month, byMonth[month].Select(incident => incident.Key).ToList(),
            byMonth[month].GroupBy(incident => incident.Category).ToDictionary(group => group.Key, group => (long)group.Count()))).ToList();
    }

    /// <summary>
    /// The complaints received each month of the range, by channel, from the hourly counts early warning keeps (so a
    /// million cases are summed from a few thousand rows). Cases have no category or severity of an incident: every case
    /// received in the range counts, whatever the other filters say.
    /// </summary>
    private static List<CaseMonth> CasesByMonth(System.Data.IDbConnection connection, InsightFilter filter, IReadOnlyList<string> months, TimeZoneInfo zone)
    {
        var hours = connection.Query<(string Channel, string Hour, long Count)>(
            "SELECT channel, hour, count FROM case_hourly_counts WHERE hour >= @from AND hour < @to",
            new { from = Signals.DailyCounts.HourOf(filter.From), to = Signals.DailyCounts.HourOf(filter.To) });
        var counts = hours
            .Select(row => (row.Channel, Month: MonthOf(DateTimeOffset.ParseExact(row.Hour, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), zone), row.Count))
            .GroupBy(row => row.Month)
            .ToDictionary(group => group.Key, group => group.GroupBy(row => row.Channel).ToDictionary(channel => channel.Key, channel => channel.Sum(row => row.Count)));
        return months.Select(month =>
        {
            var byChannel = counts.GetValueOrDefault(month) ?? [];
            return new CaseMonth(month, byChannel.Values.Sum(), byChannel);
        }).ToList();
    }

    internal static (string Where, DynamicParameters Parameters) Where(InsightFilter filter)
    {
        var parameters = new DynamicParameters(new { from = Timestamps.Format(filter.From), to = Timestamps.Format(filter.To), exercise = filter.Exercises });
        var clauses = new List<string> { "i.is_exercise = @exercise", "i.opened_at >= @from", "i.opened_at < @to" };
        if (filter.Category is { } category)
        {
            clauses.Add("i.category = @category");
            parameters.Add("category", category);
        }
        if (filter.Severity is { } severity)
        {
            clauses.Add("i.severity = @severity");
            parameters.Add("severity", severity);
        }
        if (filter.PlaybookId is { } playbook)
        {
            clauses.Add("i.playbook_id = @playbook");
            parameters.Add("playbook", playbook);
        }
        return ("WHERE " + string.Join(" AND ", clauses), parameters);
    }

    private static ResponseTimes Times(IReadOnlyCollection<IncidentRow> incidents) => new(
        Spread.Of(incidents.Select(incident => incident.Acknowledged - incident.Opened).OfType<TimeSpan>()),
        Spread.Of(incidents.Select(incident => incident.Contained - incident.Opened).OfType<TimeSpan>()),
        Spread.Of(incidents.Select(incident => incident.Resolved - incident.Opened).OfType<TimeSpan>()));

    private static IEnumerable<InsightGroup> Groups(IEnumerable<IncidentRow> incidents, Func<IncidentRow, string> key) =>
        incidents.GroupBy(key).Select(group => new InsightGroup(group.Key, Times(group.ToList()), group.Select(incident => incident.Key).ToList()));

    /// <summary>
    /// Each playbook step with a deadline, across the incidents that had it: late (done after its deadline), skipped, or
    /// left undone (still open when the incident was resolved or closed, or past its deadline now). The typical delay is
    /// the median of how late the late ones were. The text is the newest incident's; <see cref="InsightWords.Step"/> words it for a reader.
    /// </summary>
    private static List<StepRecord> StepsMissedMost(IReadOnlyList<StepRow> steps, DateTimeOffset now)
    {
        return steps.GroupBy(step => (step.PlaybookId, step.StepId)).Select(group =>
        {
            var rows = group.ToList();
            var late = rows.Where(step => step.Status == StepStatus.Done && step.StatusAtValue > step.Due).ToList();
            var skipped = rows.Where(step => step.Status == StepStatus.Skipped).ToList();
            var undone = rows.Where(step => StepStatus.IsOpen(step.Status) && (IncidentStatus.EndsTheResponse(step.IncidentStatus) || step.Due < now)).ToList();
            var newest = rows[^1];
            return new StepRecord(group.Key.PlaybookId, group.Key.StepId, newest.Text, newest.RoleKey, rows.Select(step => step.IncidentKey).Distinct().Count(),
                late.Count, skipped.Count, undone.Count, Spread.Of(late.Select(step => step.StatusAtValue!.Value - step.Due)).Median,
                late.Concat(skipped).Concat(undone).Select(step => step.IncidentKey).Distinct().ToList());
        })
        .Where(record => record.Missed > 0)
        .OrderByDescending(record => (double)record.Missed / record.Incidents).ThenByDescending(record => record.Missed).ThenBy(record => record.PlaybookId, StringComparer.Ordinal)
        .Take(StepsListed)
        .ToList();
    }

    private sealed class IncidentRow
    {
        public string Key { get; init; } = "";
        public string Category { get; init; } = "";
        public int Severity { get; init; }
        public string OpenedAt { get; init; } = "";
        public string? AcknowledgedAt { get; init; }
        public string? ContainedAt { get; init; }
        public string? ResolvedAt { get; init; }

        public DateTimeOffset Opened => Timestamps.Parse(OpenedAt);
        public DateTimeOffset? Acknowledged => AcknowledgedAt is null ? null : Timestamps.Parse(AcknowledgedAt);
        public DateTimeOffset? Contained => ContainedAt is null ? null : Timestamps.Parse(ContainedAt);
        public DateTimeOffset? Resolved => ResolvedAt is null ? null : Timestamps.Parse(ResolvedAt);
    }

    private sealed class ApprovalRow
    {
        public string IncidentKey { get; init; } = "";
        public string Audience { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string ApprovedAt { get; init; } = "";

        public TimeSpan Waited => Timestamps.Parse(ApprovedAt) - Timestamps.Parse(CreatedAt);
    }

    private sealed class StepRow
    {
        public string IncidentKey { get; init; } = "";
        public string PlaybookId { get; init; } = "";
        public string IncidentStatus { get; init; } = "";
        public string StepId { get; init; } = "";
        public string Text { get; init; } = "";
        public string? RoleKey { get; init; }
        public string Status { get; init; } = "";
        public string DueAt { get; init; } = "";
        public string? StatusAt { get; init; }

        // Read once: each is compared several times per step, over tens of thousands of steps.
        public DateTimeOffset Due => _due ??= Timestamps.Parse(DueAt);
        public DateTimeOffset? StatusAtValue => StatusAt is null ? null : _statusAt ??= Timestamps.Parse(StatusAt);
        private DateTimeOffset? _due;
        private DateTimeOffset? _statusAt;
    }
}
