using System.Data;
using Crisis.Core.Cases;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Signals;

/// <summary>What one pass of the evaluation read and did.</summary>
public sealed record EvaluationPass(int Cases, int Alerts, int Raised, int Extended)
{
    public static readonly EvaluationPass Nothing = new(0, 0, 0, 0);

    public EvaluationPass Plus(EvaluationPass other) => new(Cases + other.Cases, Alerts + other.Alerts, Raised + other.Raised, Extended + other.Extended);
}

/// <summary>
/// Evaluates the early-warning rules against the cases and alerts stored since the last pass, whichever way they came in
/// (a form, the API, an import, a webhook): the evaluation reads them by id from its own cursor, never from the request
/// that stored them. One pass is one transaction: it counts the new cases into the hourly counts, asks every rule that is
/// on what they make of them, raises or extends signals, and moves the cursor, so a pass that fails leaves nothing half
/// done and the next one takes the same cases again.
/// </summary>
/// <remarks>
/// Its cost grows with the new cases, not with the cases stored: a cluster rule counts each batch or SKU in the new cases
/// over its index range; a spike reads a channel's hourly counts for its baseline days; safety words read the new
/// summaries only. The cursor relies on ids growing in the order transactions commit, which holds for SQLite's single
/// writer; a database with concurrent writers would read by a commit sequence instead.
/// </remarks>
public sealed class EarlyWarning(Database database, CaseBook book, OrganisationSettings organisation, TimeProvider time)
{
    /// <summary>The most cases one pass reads; <see cref="EvaluateAll"/> goes on until none is left.</summary>
    public const int CasesPerPass = 5_000;

    /// <summary>A dismissed signal still takes in what its rule finds on the same key this long, instead of coming back at once.</summary>
    public static readonly TimeSpan QuietAfterDismissal = TimeSpan.FromDays(1);

    /// <summary>
    /// How far back a finding may lie and still raise a signal. A 12315 export brings complaints weeks late and they
    /// still warn; a year of history imported for its baselines does not raise a signal for every old cluster, though
    /// its cases count in the baselines and windows and extend a signal already open on their batch.
    /// </summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(30);

    /// <summary>Passes until every stored case and alert has been evaluated.</summary>
    public EvaluationPass EvaluateAll()
    {
        var total = EvaluationPass.Nothing;
        for (var pass = EvaluateNew(); pass.Cases + pass.Alerts > 0; pass = EvaluateNew()) total = total.Plus(pass);
        return total;
    }

    /// <summary>One pass over at most <see cref="CasesPerPass"/> cases (and as many alerts) stored since the last.</summary>
    public EvaluationPass EvaluateNew()
    {
        // Most passes find nothing new: they read that and take no write lock (nor fail while the file is read-only).
        using (var reading = database.Open())
            if (!HasNew(reading, CasesCursor, "cases") && !HasNew(reading, AlertsCursor, "monitoring_alerts")) return EvaluationPass.Nothing;
        var zone = organisation.TimeZone();
        return database.InTransaction((connection, transaction) =>
        {
            var afterCase = Cursor(connection, transaction, CasesCursor);
            var cases = connection.Query<ArrivedCase>(
                "SELECT id, channel, category, sku, batch, summary, received_at FROM cases WHERE id > @afterCase ORDER BY id LIMIT @CasesPerPass",
                new { afterCase, CasesPerPass }, transaction).ToList();
            var afterAlert = Cursor(connection, transaction, AlertsCursor);
            var alerts = connection.Query<ArrivedAlert>(
                "SELECT id, source, title, sku, batch, severity FROM monitoring_alerts WHERE id > @afterAlert ORDER BY id LIMIT @CasesPerPass",
                new { afterAlert, CasesPerPass }, transaction).ToList();
            if (cases.Count == 0 && alerts.Count == 0) return EvaluationPass.Nothing;

            CountByHour(connection, transaction, cases);
            var now = time.GetUtcNow();
            var rules = new RuleReading(connection, transaction, zone, now - LookBack);
            var hits = SignalRules.Enabled(connection, transaction).SelectMany(rule => rule.Kind switch
            {
                SignalRuleKinds.Cluster => rules.Clusters(rule, cases),
                SignalRuleKinds.Spike => rules.Spikes(rule, cases),
                SignalRuleKinds.SafetyWords => rules.SafetyWords(rule, cases),
                SignalRuleKinds.MonitoringAlert => rules.Alerts(rule, alerts),
                _ => [],
            }).ToList();
            var fired = hits.Select(hit => SignalFiring.Fire(connection, transaction, book, hit, now)).ToList();

            if (cases.Count > 0) MoveCursor(connection, transaction, CasesCursor, cases[^1].Id);
            if (alerts.Count > 0) MoveCursor(connection, transaction, AlertsCursor, alerts[^1].Id);
            return new EvaluationPass(cases.Count, alerts.Count, fired.Count(f => f == SignalFiring.Outcome.Raised), fired.Count(f => f == SignalFiring.Outcome.Extended));
        });
    }

    private const string CasesCursor = "cases";
    private const string AlertsCursor = "alerts";

    private static bool HasNew(IDbConnection connection, string cursor, string table) =>
        connection.ExecuteScalar<long?>($"SELECT MAX(id) FROM {table}") > Cursor(connection, null, cursor);

    private static long Cursor(IDbConnection connection, IDbTransaction? transaction, string name) =>
        connection.ExecuteScalar<long>("SELECT last_id FROM signal_cursors WHERE name = @name", new { name }, transaction);

    private static void MoveCursor(IDbConnection connection, IDbTransaction transaction, string name, long lastId) =>
        connection.Execute("UPDATE signal_cursors SET last_id = @lastId WHERE name = @name", new { name, lastId }, transaction);

    private static void CountByHour(IDbConnection connection, IDbTransaction transaction, IReadOnlyList<ArrivedCase> cases) =>
        connection.Execute(
            """
            INSERT INTO case_hourly_counts (channel, hour, count) VALUES (@Channel, @Hour, @Count)
            ON CONFLICT (channel, hour) DO UPDATE SET count = case_hourly_counts.count + excluded.count
            """,
            cases.GroupBy(c => (c.Channel, Hour: DailyCounts.HourOf(c.ReceivedAtValue)))
                .Select(group => new { group.Key.Channel, group.Key.Hour, Count = group.LongCount() }), transaction);
}

/// <summary>A case as the evaluation reads it: what the rules look at, nothing of the customer.</summary>
internal sealed class ArrivedCase
{
    public long Id { get; init; }
    public string Channel { get; init; } = "";
    public string Category { get; init; } = "";
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    public string Summary { get; init; } = "";
    public string ReceivedAt { get; init; } = "";

    public DateTimeOffset ReceivedAtValue => Timestamps.Parse(ReceivedAt);
}

internal sealed class ArrivedAlert
{
    public long Id { get; init; }
    public string Source { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    public string? Severity { get; init; }
}

/// <summary>
/// What a rule found on one key in a pass. <see cref="Raises"/>: enough to raise a signal; a hit that is not (a batch
/// still under its cluster's threshold) only extends a signal already open on its key. On raising, <see cref="Evidence"/>
/// gives every case the finding rests on (the whole window, the whole day); on extending, the new ones are enough.
/// </summary>
internal sealed record RuleHit(SignalRule Rule, string Key, SignalFacts Facts, bool Raises, int Severity,
    IReadOnlyList<long> NewCases, Func<IReadOnlyList<long>> Evidence, IReadOnlyList<long> Alerts);

/// <summary>
/// Each rule kind's reading of a pass's cases, with the queries it needs over the stored cases. A finding that ends before
/// <paramref name="recentSince"/> does not raise a signal (<see cref="EarlyWarning.LookBack"/>).
/// </summary>
internal sealed class RuleReading(IDbConnection connection, IDbTransaction transaction, TimeZoneInfo zone, DateTimeOffset recentSince)
{
    private static string? ScopeValue(ArrivedCase @case, string? scope) => scope == ClusterScopes.Sku ? @case.Sku : @case.Batch;

    public IEnumerable<RuleHit> Clusters(SignalRule rule, IReadOnlyList<ArrivedCase> cases)
    {
        var column = ClusterScopes.Column(rule.Scope);
        var window = TimeSpan.FromHours(rule.WindowHours ?? 24);
        var inWindow = $"FROM cases WHERE {column} = @value AND category = @Category AND received_at >= @from AND received_at <= @to";
        foreach (var group in cases.Where(c => c.Category == rule.Category && ScopeValue(c, rule.Scope) is not null).GroupBy(c => ScopeValue(c, rule.Scope)!))
        {
            var arrived = group.Select(c => c.ReceivedAtValue).Order().ToList();
            var around = new { value = group.Key, rule.Category, from = arrived[0] - window, to = arrived[^1] + window };
            var stored = connection.Query<string>("SELECT received_at " + inWindow, around, transaction).Select(Timestamps.Parse).Order().ToList();
            var (from, to, count) = BusiestWindow(stored, arrived, window);
            var parameters = new { value = group.Key, rule.Category, from, to };
            yield return new RuleHit(rule, $"{rule.Scope}:{group.Key}",
                new SignalFacts
                {
                    Rule = rule.Kind, Count = count, Scope = rule.Scope, Value = group.Key, Category = rule.Category, Threshold = rule.Threshold,
                    WindowHours = rule.WindowHours,
                },
                Raises: count >= rule.Threshold && to >= recentSince, rule.Severity, group.Select(c => c.Id).ToList(),
                () => connection.Query<long>("SELECT id " + inWindow, parameters, transaction).ToList(), Alerts: []);
        }
    }

    /// <summary>
    /// The window of <paramref name="window"/> holding the most stored cases among those holding at least one of the
    /// arrived ones. Cases come in out of the order they were received (an export brings in yesterday's complaints after
    /// today's calls), so the window may end after the newest arrival: it starts at a stored case's time.
    /// </summary>
    private static (DateTimeOffset From, DateTimeOffset To, long Count) BusiestWindow(
        IReadOnlyList<DateTimeOffset> stored, IReadOnlyList<DateTimeOffset> arrived, TimeSpan window)
    {
        var best = (From: arrived[0], To: arrived[0] + window, Count: 0L);
        var end = 0;
        for (var start = 0; start < stored.Count; start++)
        {
            var (from, to) = (stored[start], stored[start] + window);
            end = Math.Max(end, start);
            while (end < stored.Count && stored[end] <= to) end++;
            var firstArrivedInside = FirstAtOrAfter(arrived, from);
            if (firstArrivedInside < arrived.Count && arrived[firstArrivedInside] <= to && end - start > best.Count) best = (from, to, end - start);
        }
        return best;
    }

    private static int FirstAtOrAfter(IReadOnlyList<DateTimeOffset> sorted, DateTimeOffset at)
    {
        var (low, high) = (0, sorted.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] < at) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    public IEnumerable<RuleHit> Spikes(SignalRule rule, IReadOnlyList<ArrivedCase> cases)
    {
        var baselineDays = rule.BaselineDays ?? 28;
        foreach (var channel in cases.GroupBy(c => c.Channel))
        {
            var days = channel.GroupBy(c => LocalDays.DayOf(c.ReceivedAtValue, zone)).OrderBy(day => day.Key).ToList();
            var daily = DailyCounts.OfChannel(connection, transaction, channel.Key, days[0].Key.AddDays(-baselineDays), days[^1].Key, zone)
                .ToDictionary(day => day.Day, day => day.Count);
            foreach (var day in days)
            {
                var count = daily[day.Key];
                var baseline = DailyCounts.Median(Enumerable.Range(1, baselineDays).Select(back => daily[day.Key.AddDays(-back)]));
                if (count < rule.Threshold || count < (rule.Factor ?? 3) * baseline) continue;
                var (from, to) = DailyCounts.Bounds(day.Key, day.Key, zone);
                yield return new RuleHit(rule, $"channel:{channel.Key}",
                    new SignalFacts
                    {
                        Rule = rule.Kind, Count = count, Channel = channel.Key, Day = day.Key, Baseline = baseline, Factor = rule.Factor,
                        BaselineDays = baselineDays, Threshold = rule.Threshold,
                    },
                    Raises: Timestamps.Parse(to) >= recentSince, rule.Severity, day.Select(c => c.Id).ToList(),
                    () => connection.Query<long>("SELECT id FROM cases WHERE channel = @channel AND received_at >= @from AND received_at < @to",
                        new { channel = channel.Key, from, to }, transaction).ToList(), Alerts: []);
            }
        }
    }

    /// <summary>Cases naming safety words, by SKU, else batch, else the first word they name.</summary>
    public IEnumerable<RuleHit> SafetyWords(SignalRule rule, IReadOnlyList<ArrivedCase> cases)
    {
        var words = new SafetyWords(rule.Words);
        var found = cases.Select(c => (Case: c, Words: words.In(c.Summary))).Where(f => f.Words.Count > 0).ToList();
        foreach (var group in found.GroupBy(f => f.Case.Sku is { } sku ? (Scope: ClusterScopes.Sku, Value: sku)
                     : f.Case.Batch is { } batch ? (Scope: ClusterScopes.Batch, Value: batch)
                     : (Scope: (string?)null, Value: f.Words[0].ToLowerInvariant())))
        {
            var ids = group.Select(f => f.Case.Id).ToList();
            yield return new RuleHit(rule, $"{group.Key.Scope ?? "word"}:{group.Key.Value}",
                new SignalFacts
                {
                    Rule = rule.Kind, Count = ids.Count, Scope = group.Key.Scope, Value = group.Key.Scope is null ? null : group.Key.Value,
                    Words = group.SelectMany(f => f.Words).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                },
                Raises: group.Any(f => f.Case.ReceivedAtValue >= recentSince), rule.Severity, ids, () => ids, Alerts: []);
        }
    }

    /// <summary>Alerts by source and what they are about: their SKU, else batch, else title.</summary>
    public IEnumerable<RuleHit> Alerts(SignalRule rule, IReadOnlyList<ArrivedAlert> alerts) =>
        alerts.GroupBy(alert => $"alert:{alert.Source}:{(alert.Sku is not null ? "sku:" + alert.Sku : alert.Batch is not null ? "batch:" + alert.Batch : alert.Title)}")
            .Select(group =>
            {
                var latest = group.Last();
                return new RuleHit(rule, group.Key,
                    new SignalFacts
                    {
                        Rule = rule.Kind, Count = group.Count(), Source = latest.Source, Title = latest.Title,
                        Scope = latest.Sku is not null ? ClusterScopes.Sku : latest.Batch is not null ? ClusterScopes.Batch : null, Value = latest.Sku ?? latest.Batch,
                    },
                    Raises: true, group.Min(alert => AlertSeverities.SuggestedSeverity(alert.Severity) ?? rule.Severity), NewCases: [], () => [],
                    group.Select(alert => alert.Id).ToList());
            });
}
