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
public sealed record StepRecord(string PlaybookId, string StepId, string Text, string? RoleKey, ParentStep? Parent, int Incidents, int Late, int Skipped,
    int LeftUndone, TimeSpan? TypicalDelay, IReadOnlyList<string> IncidentKeys)
{
    public int Missed => Late + Skipped + LeftUndone;
}

/// <summary>The step a sub-step belongs to ("Pause sales on every platform" of "JD"), without which the sub-step says little.</summary>
public sealed record ParentStep(string StepId, string Text);

/// <summary>The incidents opened in one month (<see cref="Month"/>, yyyy-MM of the organisation's time zone), and how many of each category.</summary>
public sealed record InsightMonth(string Month, IReadOnlyList<string> IncidentKeys, IReadOnlyDictionary<string, long> ByCategory);

/// <summary>How long messages to one audience waited from being drafted to being approved, and the incidents they were for.</summary>
public sealed record ApprovalGroup(string Audience, Spread Times, IReadOnlyList<string> IncidentKeys);

/// <summary>The complaints received in one month, by channel.</summary>
public sealed record CaseMonth(string Month, long Cases, IReadOnlyDictionary<string, long> ByChannel);

/// <summary>How many complaint cases are linked to an incident.</summary>
public sealed record IncidentCaseCount(string IncidentKey, int Cases);

/// <summary>What the incidents of a filter say together.</summary>
/// <summary>One incident of the range, oldest first: what it was and how long each stage took (none where it has not happened yet).</summary>
public sealed record IncidentFacts(string Key, string Title, string Category, int Severity, DateTimeOffset Opened, TimeSpan? Acknowledge, TimeSpan? Contain,
    TimeSpan? Resolve);

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
    IReadOnlyList<IncidentCaseCount> CasesPerIncident,
    IReadOnlyList<IncidentFacts> Incidents)
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
        var lastDay = last ?? LocalDays.DayOf(time.GetUtcNow(), zone);
        var firstDay = first ?? lastDay.AddYears(-1).AddDays(1);
        foreach (var (day, field) in new[] { (lastDay, "to"), (firstDay, "from") })
        {
            if (day < EarliestDay || day > LatestDay)
                throw new RuleViolationException($"{day:yyyy-MM-dd} is outside the days insights cover ({EarliestDay:yyyy-MM-dd} to {LatestDay:yyyy-MM-dd})") { Field = field };
        }
        if (firstDay > lastDay)
            throw new RuleViolationException($"the range starts on {firstDay:yyyy-MM-dd}, after it ends on {lastDay:yyyy-MM-dd}") { Field = "from" };
        return new InsightFilter { From = LocalDays.StartOf(firstDay, zone), To = LocalDays.StartOf(lastDay.AddDays(1), zone) };
    }

    /// <summary>The first day of the organisation's time zone that <paramref name="filter"/> covers.</summary>
    public DateOnly FirstDay(InsightFilter filter) => LocalDays.DayOf(filter.From, organisation.TimeZone());

    /// <summary>The last day of the organisation's time zone that <paramref name="filter"/> covers.</summary>
    public DateOnly LastDay(InsightFilter filter) => LocalDays.DayOf(filter.To.AddTicks(-1), organisation.TimeZone());

    public IncidentInsightsView Compute(InsightFilter filter)
    {
        using var connection = database.Open();
        var (where, parameters) = Where(filter);
        var incidents = connection.Query<IncidentRow>(
            $"""
            SELECT i.key, i.title, i.category, i.severity, i.opened_at, i.acknowledged_at, i.contained_at, i.resolved_at
            FROM incidents i {where} ORDER BY i.opened_at, i.id
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
            StepsMissedMost(connection, where, parameters, time.GetUtcNow()),
            approvals.GroupBy(approval => approval.Audience)
                .Select(group => new ApprovalGroup(group.Key, Spread.Of(group.Select(approval => approval.Waited)), group.Select(approval => approval.IncidentKey).Distinct().ToList()))
                .OrderByDescending(group => group.Times.Median).ThenBy(group => group.Audience, StringComparer.Ordinal).ToList(),
            filter.Exercises ? [] : CasesByMonth(connection, filter, months, zone),
            casesPerIncident,
            incidents.Select(incident => new IncidentFacts(incident.Key, incident.Title, incident.Category, incident.Severity, incident.Opened,
                incident.Acknowledged - incident.Opened, incident.Contained - incident.Opened, incident.Resolved - incident.Opened)).ToList());
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
        // Each month as the range of hour keys whose hours start in it, so the database sums the hours by month and
        // channel: a few rows cross to .NET instead of one for every hour of every channel.
        var parameters = new DynamicParameters();
        var ranges = new List<string>();
        for (var index = 0; index < months.Count; index++)
        {
            var first = index == 0 ? filter.From : FirstHourIn(DateOnly.ParseExact(months[index] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), zone);
            var next = index == months.Count - 1 ? filter.To : FirstHourIn(DateOnly.ParseExact(months[index + 1] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), zone);
            ranges.Add($"({index}, @first{index}, @next{index})");
            parameters.Add($"first{index}", Signals.DailyCounts.HourOf(first));
            parameters.Add($"next{index}", Signals.DailyCounts.HourOf(next));
        }
        var counts = connection.Query<(long Month, string Channel, long Count)>(
            $"""
            WITH months (month, first_hour, next_hour) AS (VALUES {string.Join(", ", ranges)})
            SELECT m.month, c.channel, SUM(c.count)
            FROM months m JOIN case_hourly_counts c ON c.hour >= m.first_hour AND c.hour < m.next_hour
            GROUP BY m.month, c.channel
            """, parameters).ToLookup(row => row.Month);
        return months.Select((month, index) =>
        {
            var byChannel = counts[index].ToDictionary(row => row.Channel, row => row.Count);
            return new CaseMonth(month, byChannel.Values.Sum(), byChannel);
        }).ToList();
    }

    /// <summary>The start of the first whole UTC hour on or after the start of <paramref name="day"/> in <paramref name="zone"/> (later than midnight where the offset is not whole hours).</summary>
    private static DateTimeOffset FirstHourIn(DateOnly day, TimeZoneInfo zone)
    {
        var start = LocalDays.StartOf(day, zone);
        var hour = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);
        return hour < start ? hour.AddHours(1) : hour;
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

    /// <summary>A step the incident missed: done after its deadline, skipped, or still open when the incident was resolved or closed, or past its deadline now.</summary>
    private const string Late = "s.status = 'done' AND s.status_at > s.due_at";
    private const string Skipped = "s.status = 'skipped'";
    private const string LeftUndone = "s.status IN ('todo', 'doing', 'blocked') AND (i.status IN ('resolved', 'closed') OR s.due_at < @now)";

    /// <summary>
    /// Each playbook step with a deadline, across the incidents that had it: how often late, skipped, or left undone.
    /// The counts are summed by the database (timestamps are stored in one fixed-width UTC form, so they compare as text),
    /// so tens of thousands of steps cross to .NET as one row per playbook step; only the missed rows of the steps listed
    /// follow, for the typical delay (the median of how late the late ones were) and the incidents behind each. The text
    /// and role are the newest such incident's; <see cref="InsightWords.Step"/> words them for a reader.
    /// </summary>
    private static List<StepRecord> StepsMissedMost(System.Data.IDbConnection connection, string where, DynamicParameters parameters, DateTimeOffset now)
    {
        parameters.Add("now", Timestamps.Format(now));
        var listed = connection.Query<(string PlaybookId, string StepId, long Incidents, long Late, long Skipped, long LeftUndone)>(
            $"""
            SELECT i.playbook_id, s.step_id, COUNT(*), SUM(CASE WHEN {Late} THEN 1 ELSE 0 END), SUM(CASE WHEN {Skipped} THEN 1 ELSE 0 END),
                SUM(CASE WHEN {LeftUndone} THEN 1 ELSE 0 END)
            FROM steps s JOIN incidents i ON i.id = s.incident_id {where} AND s.due_at IS NOT NULL
            GROUP BY i.playbook_id, s.step_id
            """, parameters)
            .Where(step => step.Late + step.Skipped + step.LeftUndone > 0)
            .OrderByDescending(step => (double)(step.Late + step.Skipped + step.LeftUndone) / step.Incidents).ThenByDescending(step => step.Late + step.Skipped + step.LeftUndone)
            .ThenBy(step => step.PlaybookId, StringComparer.Ordinal).ThenBy(step => step.StepId, StringComparer.Ordinal)
            .Take(StepsListed)
            .ToList();
        if (listed.Count == 0) return [];

        var pairs = new List<string>();
        for (var index = 0; index < listed.Count; index++)
        {
            pairs.Add($"(i.playbook_id = @playbook{index} AND s.step_id = @step{index})");
            parameters.Add($"playbook{index}", listed[index].PlaybookId);
            parameters.Add($"step{index}", listed[index].StepId);
        }
        var missed = connection.Query<MissedStepRow>(
            $"""
            SELECT i.key AS incident_key, i.playbook_id, s.step_id, s.text, s.role_key, s.due_at, s.status_at, CASE WHEN {Late} THEN 0 WHEN {Skipped} THEN 1 ELSE 2 END AS how,
                s.parent_step_id, parent.text AS parent_text
            FROM steps s JOIN incidents i ON i.id = s.incident_id
                LEFT JOIN steps parent ON parent.incident_id = s.incident_id AND parent.step_id = s.parent_step_id
                {where} AND s.due_at IS NOT NULL
                AND (({Late}) OR ({Skipped}) OR ({LeftUndone})) AND ({string.Join(" OR ", pairs)})
            ORDER BY i.opened_at, i.id
            """, parameters).ToLookup(row => (row.PlaybookId, row.StepId));
        return listed.Select(step =>
        {
            var rows = missed[(step.PlaybookId, step.StepId)].ToList();
            var newest = rows[^1];
            var parent = newest.ParentStepId is { } parentId ? new ParentStep(parentId, newest.ParentText ?? "") : null;
            return new StepRecord(step.PlaybookId, step.StepId, newest.Text, newest.RoleKey, parent, (int)step.Incidents, (int)step.Late, (int)step.Skipped, (int)step.LeftUndone,
                Spread.Of(rows.Where(row => row.How == 0).Select(row => Timestamps.Parse(row.StatusAt!) - Timestamps.Parse(row.DueAt))).Median,
                rows.OrderBy(row => row.How).Select(row => row.IncidentKey).Distinct().ToList());
        }).ToList();
    }

    private sealed class IncidentRow
    {
        public string Key { get; init; } = "";
        public string Title { get; init; } = "";
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

    /// <summary>A missed step of one incident; <see cref="How"/> is 0 late, 1 skipped, 2 left undone.</summary>
    private sealed class MissedStepRow
    {
        public string IncidentKey { get; init; } = "";
        public string PlaybookId { get; init; } = "";
        public string StepId { get; init; } = "";
        public string Text { get; init; } = "";
        public string? RoleKey { get; init; }
        public string DueAt { get; init; } = "";
        public string? StatusAt { get; init; }
        public long How { get; init; }
        public string? ParentStepId { get; init; }
        public string? ParentText { get; init; }
    }
}
