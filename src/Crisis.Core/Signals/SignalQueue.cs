using System.Data;
using System.Globalization;
using System.Text.Json;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Signals;

/// <summary>What an incident opened from a signal starts with: the rule's playbook and severity, a title from what fired.</summary>
public sealed record IncidentSuggestion(string PlaybookId, int Severity, string Title);

/// <summary>
/// The triage queue: open signals, most severe and most recent first; each is acknowledged, dismissed with a reason,
/// merged into another, or turned into an incident that takes its cases. Every action is in the signal's history, and
/// a signal that has left the queue stays as it was left.
/// </summary>
public sealed class SignalQueue(Database database, TimeProvider time, OpenIncident open, CaseBook cases, OrganisationSettings organisation)
{
    public const int ListLimit = 200;
    public const int CasesShown = 50;
    public const int AlertsShown = 20;
    public const int ChartDays = 14;
    private const int ReasonLimit = 500;
    /// <summary>Cases linked to the incident per statement, well under what one statement may bind.</summary>
    private const int LinkChunk = 500;

    /// <summary>The open signals, or those in <paramref name="status"/>: at most <see cref="ListLimit"/>.</summary>
    public IReadOnlyList<SignalSummary> List(string? status = null)
    {
        if (status is not null && !SignalStatuses.All.Contains(status))
            throw new RuleViolationException($"'{status}' is not a signal status; one of {string.Join(", ", SignalStatuses.All)}") { Field = "status" };
        using var connection = database.Open();
        return Summaries(connection, null, "WHERE s.status IN @statuses", new { statuses = status is null ? SignalStatuses.Open : [status] },
            status is null ? "s.severity, s.last_fired_at DESC, s.id DESC" : "s.id DESC", ListLimit);
    }

    /// <summary>How many signals wait in the queue.</summary>
    public long OpenCount()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals WHERE status IN @open", new { open = SignalStatuses.Open });
    }

    /// <summary>The signal as the queue lists it, without its evidence.</summary>
    public SignalSummary Summary(long id)
    {
        using var connection = database.Open();
        return Summary(connection, null, id);
    }

    public SignalDetails Get(long id)
    {
        var zone = organisation.TimeZone();
        using var connection = database.Open();
        var signal = Summary(connection, null, id);
        var evidence = connection.Query<SignalCaseRow>(
            """
            SELECT c.id, c.channel, c.category, c.status, c.summary, c.sku, c.batch, c.received_at, i.key AS incident_key
            FROM signal_cases sc JOIN cases c ON c.id = sc.case_id LEFT JOIN incidents i ON i.id = c.incident_id
            WHERE sc.signal_id = @id ORDER BY c.received_at DESC, c.id DESC LIMIT @CasesShown
            """, new { id, CasesShown }).Select(row => row.ToCase()).ToList();
        var alerts = connection.Query<AlertRow>(
            "SELECT id, source, title, description, sku, batch, severity, url, received_at FROM monitoring_alerts WHERE signal_id = @id ORDER BY id DESC LIMIT @AlertsShown",
            new { id, AlertsShown }).Select(row => row.ToAlert()).ToList();
        var history = connection.Query<(long Id, string At, string Actor, string Kind, string Data)>(
                "SELECT id, at, actor, kind, data FROM signal_events WHERE signal_id = @id ORDER BY id", new { id })
            .Select(row => new SignalEvent(row.Id, Timestamps.Parse(row.At), row.Actor, row.Kind, ReadData(row.Data))).ToList();
        var reason = history.LastOrDefault(entry => entry.Kind == SignalEventKinds.Dismissed)?.Data.GetValueOrDefault("reason") is { ValueKind: JsonValueKind.String } said
            ? said.GetString() : null;
        return new SignalDetails(signal, evidence, alerts, Chart(connection, signal, zone), history, reason);
    }

    /// <summary>What opening an incident from the signal suggests, its title in <paramref name="culture"/>.</summary>
    public IncidentSuggestion Suggestion(long id, CultureInfo culture)
    {
        var signal = Summary(id);
        return new IncidentSuggestion(signal.PlaybookId, signal.Severity, SignalWords.Title(signal.Fired[0], culture));
    }

    /// <summary>Someone is looking into it: the signal stays in the queue, marked so nobody else starts on it blind.</summary>
    public SignalSummary Acknowledge(long id, Actor actor, long? expectedVersion = null) => Change(id, actor, expectedVersion, (connection, transaction, signal, now) =>
    {
        if (signal.Status == SignalStatuses.Acknowledged) return;
        SetStatus(connection, transaction, id, SignalStatuses.Acknowledged, now);
        SignalRecords.Record(connection, transaction, id, now, actor.Name, SignalEventKinds.Acknowledged, new { });
    });

    /// <summary>Not an issue, and why: it leaves the queue. Findings on its keys in the next day join it quietly (<see cref="EarlyWarning.QuietAfterDismissal"/>).</summary>
    public SignalSummary Dismiss(long id, string? reason, Actor actor, long? expectedVersion = null)
    {
        var why = TextLimits.Require(reason, ReasonLimit, "a reason", "reason");
        return Change(id, actor, expectedVersion, (connection, transaction, _, now) =>
        {
            connection.Execute("UPDATE signals SET dismissed_at = @now WHERE id = @id", new { now, id }, transaction);
            SetStatus(connection, transaction, id, SignalStatuses.Dismissed, now);
            SignalRecords.Record(connection, transaction, id, now, actor.Name, SignalEventKinds.Dismissed, new { reason = why });
        });
    }

    /// <summary>
    /// The same problem seen twice (a batch's cluster and its safety words): the signal goes into <paramref name="intoId"/>,
    /// which takes its keys, cases and alerts, so what its rules find later extends that one.
    /// </summary>
    public SignalSummary Merge(long id, long intoId, Actor actor, long? expectedVersion = null)
    {
        if (id == intoId)
            throw new RuleViolationException("a signal cannot be merged into itself: choose another") { Field = "into", TextKey = RefusalTexts.MergeIntoItself };
        Change(id, actor, expectedVersion, (connection, transaction, signal, now) =>
        {
            var target = Summary(connection, transaction, intoId);
            EnsureOpen(target);
            connection.Execute(
                """
                INSERT INTO signal_keys (signal_id, rule_id, key, facts, position, last_fired_at)
                SELECT @intoId, rule_id, key, facts, position + (SELECT MAX(position) + 1 FROM signal_keys WHERE signal_id = @intoId), last_fired_at
                FROM signal_keys WHERE signal_id = @id
                ON CONFLICT DO NOTHING;
                INSERT INTO signal_cases (signal_id, case_id) SELECT @intoId, case_id FROM signal_cases WHERE signal_id = @id ON CONFLICT DO NOTHING;
                UPDATE monitoring_alerts SET signal_id = @intoId WHERE signal_id = @id;
                UPDATE signals SET case_count = (SELECT COUNT(*) FROM signal_cases WHERE signal_id = @intoId),
                    alert_count = (SELECT COUNT(*) FROM monitoring_alerts WHERE signal_id = @intoId),
                    severity = CASE WHEN @Severity < severity THEN @Severity ELSE severity END, version = version + 1, updated_at = @now
                WHERE id = @intoId;
                UPDATE signals SET merged_into_id = @intoId WHERE id = @id;
                """, new { id, intoId, signal.Severity, now }, transaction);
            SetStatus(connection, transaction, id, SignalStatuses.Merged, now);
            SignalRecords.Record(connection, transaction, id, now, actor.Name, SignalEventKinds.Merged, new { signal = intoId, fired = target.Fired[0] });
            SignalRecords.Record(connection, transaction, intoId, now, actor.Name, SignalEventKinds.Absorbed, new { signal = id, fired = signal.Fired[0] });
        });
        return Summary(intoId);
    }

    /// <summary>
    /// Opens an incident from the signal in one transaction: the incident as <paramref name="request"/> asks, the signal's
    /// cases linked to it (those not linked to another incident already), "opened from an early-warning signal" with what
    /// fired on its timeline, and the signal out of the queue, naming the incident. Returns the incident's key.
    /// </summary>
    public string OpenIncident(long id, OpenIncidentRequest request, Actor actor)
    {
        EnsureOpen(Summary(id));
        return open.Execute(request, actor, (write, incidentId, incidentKey) =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var signal = Summary(connection, transaction, id);
            EnsureOpen(signal);
            var unlinked = connection.Query<long>(
                "SELECT sc.case_id FROM signal_cases sc JOIN cases c ON c.id = sc.case_id WHERE sc.signal_id = @id AND c.incident_id IS NULL ORDER BY sc.case_id",
                new { id }, transaction).ToList();
            foreach (var chunk in unlinked.Chunk(LinkChunk)) cases.Link(connection, transaction, chunk, incidentKey, actor);
            write.Record(incidentId, incidentKey, actor.Name, EventKinds.IncidentOpenedFromSignal, new
            {
                signal = id,
                fired = signal.Fired.Select(facts => JsonSerializer.SerializeToElement(facts, SignalFacts.Json)).ToList(),
                cases = unlinked.Count,
                alerts = signal.AlertCount,
            });
            connection.Execute("UPDATE signals SET incident_id = @incidentId WHERE id = @id", new { incidentId, id }, transaction);
            SetStatus(connection, transaction, id, SignalStatuses.IncidentOpened, write.Now);
            SignalRecords.Record(connection, transaction, id, write.Now, actor.Name, SignalEventKinds.IncidentOpened, new { incident = incidentKey, cases = unlinked.Count });
        });
    }

    private SignalSummary Change(long id, Actor actor, long? expectedVersion, Action<IDbConnection, IDbTransaction, SignalSummary, DateTimeOffset> change)
    {
        database.InTransaction((connection, transaction) =>
        {
            var signal = Summary(connection, transaction, id);
            EnsureOpen(signal);
            IncidentWrite.EnsureVersion((int?)expectedVersion, (int)signal.Version, () => $"signal {id} has changed since version {expectedVersion}; it is at version {signal.Version}");
            change(connection, transaction, signal, time.GetUtcNow());
            return 0;
        });
        return Summary(id);
    }

    private static void SetStatus(IDbConnection connection, IDbTransaction transaction, long id, string status, DateTimeOffset now) =>
        connection.Execute("UPDATE signals SET status = @status, version = version + 1, updated_at = @now WHERE id = @id", new { status, now, id }, transaction);

    private static void EnsureOpen(SignalSummary signal)
    {
        if (!signal.IsOpen)
            throw new ConflictException($"signal {signal.Id} is no longer open: it is {signal.Status}") { TextKey = RefusalTexts.SignalClosed };
    }

    private static SignalSummary Summary(IDbConnection connection, IDbTransaction? transaction, long id) =>
        Summaries(connection, transaction, "WHERE s.id = @id", new { id }, "s.id", 1).SingleOrDefault() ?? throw new NotFoundException($"signal {id} not found");

    private static IReadOnlyList<SignalSummary> Summaries(IDbConnection connection, IDbTransaction? transaction, string where, object parameters, string order, int limit)
    {
        var rows = connection.Query<SignalRow>(
            $"""
            SELECT s.id, s.status, s.severity, s.playbook_id, s.case_count, s.alert_count, s.raised_at, s.last_fired_at, i.key AS incident_key,
                s.merged_into_id, s.version
            FROM signals s LEFT JOIN incidents i ON i.id = s.incident_id
            {where} ORDER BY {order} LIMIT {limit}
            """, parameters, transaction).ToList();
        var ids = rows.Select(row => row.Id).ToList();
        var fired = connection.Query<(long SignalId, string Facts)>(
                "SELECT signal_id, facts FROM signal_keys WHERE signal_id IN @ids ORDER BY signal_id, position", new { ids }, transaction)
            .ToLookup(key => key.SignalId, key => SignalFacts.Read(key.Facts));
        return rows.Select(row => row.ToSummary(fired[row.Id].ToList())).ToList();
    }

    /// <summary>
    /// The daily counts behind the signal over <see cref="ChartDays"/> days: for a cluster, every case of its batch or SKU
    /// and category (not only those linked); for a spike, its channel's whole volume against the baseline; else its cases.
    /// The days end at the spike's day, else at its newest case; a signal of alerts alone has no chart.
    /// </summary>
    private static SignalChart? Chart(IDbConnection connection, SignalSummary signal, TimeZoneInfo zone)
    {
        var facts = signal.Fired[0];
        var newest = connection.ExecuteScalar<string?>(
            "SELECT MAX(c.received_at) FROM signal_cases sc JOIN cases c ON c.id = sc.case_id WHERE sc.signal_id = @Id", new { signal.Id });
        if ((facts.Day ?? (newest is null ? null : LocalDays.DayOf(Timestamps.Parse(newest), zone))) is not { } last) return null;
        var first = last.AddDays(1 - ChartDays);
        if (facts.Rule == SignalRuleKinds.Spike && facts.Channel is { } channel)
            return new SignalChart(DailyCounts.OfChannel(connection, null, channel, first, last, zone), facts.Baseline);
        var (from, to) = DailyCounts.Bounds(first, last, zone);
        var hours = facts.Rule == SignalRuleKinds.Cluster
            ? connection.Query<(string, long)>(
                $"""
                SELECT {DailyCounts.HourSql("received_at")}, COUNT(*) FROM cases
                WHERE {ClusterScopes.Column(facts.Scope)} = @Value AND category = @Category AND received_at >= @from AND received_at < @to
                GROUP BY {DailyCounts.HourSql("received_at")}
                """, new { facts.Value, facts.Category, from, to })
            : connection.Query<(string, long)>(
                $"""
                SELECT {DailyCounts.HourSql("c.received_at")}, COUNT(*) FROM signal_cases sc JOIN cases c ON c.id = sc.case_id
                WHERE sc.signal_id = @Id AND c.received_at >= @from AND c.received_at < @to
                GROUP BY {DailyCounts.HourSql("c.received_at")}
                """, new { signal.Id, from, to });
        return new SignalChart(DailyCounts.Days(hours, first, last, zone), null);
    }

    /// <summary>History written by an older or damaged version still reads: what cannot be parsed reads as nothing.</summary>
    private static IReadOnlyDictionary<string, JsonElement> ReadData(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, JsonElement>();
        }
    }

    private sealed class SignalRow
    {
        public long Id { get; init; }
        public string Status { get; init; } = "";
        public long Severity { get; init; }
        public string PlaybookId { get; init; } = "";
        public long CaseCount { get; init; }
        public long AlertCount { get; init; }
        public string RaisedAt { get; init; } = "";
        public string LastFiredAt { get; init; } = "";
        public string? IncidentKey { get; init; }
        public long? MergedIntoId { get; init; }
        public long Version { get; init; }

        public SignalSummary ToSummary(IReadOnlyList<SignalFacts> fired) => new(Id, Status, (int)Severity, PlaybookId,
            fired.Count > 0 ? fired : [SignalFacts.Unreadable], CaseCount, AlertCount, Timestamps.Parse(RaisedAt), Timestamps.Parse(LastFiredAt),
            IncidentKey, MergedIntoId, Version);
    }

    private sealed class SignalCaseRow
    {
        public long Id { get; init; }
        public string Channel { get; init; } = "";
        public string Category { get; init; } = "";
        public string Status { get; init; } = "";
        public string Summary { get; init; } = "";
        public string? Sku { get; init; }
        public string? Batch { get; init; }
        public string ReceivedAt { get; init; } = "";
        public string? IncidentKey { get; init; }

        public SignalCase ToCase() => new(Id, Channel, Category, Status, Summary, Sku, Batch, Timestamps.Parse(ReceivedAt), IncidentKey);
    }

    private sealed class AlertRow
    {
        public long Id { get; init; }
        public string Source { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string? Sku { get; init; }
        public string? Batch { get; init; }
        public string? Severity { get; init; }
        public string? Url { get; init; }
        public string ReceivedAt { get; init; } = "";

        public MonitoringAlert ToAlert() => new(Id, Source, Title, Description, Sku, Batch, Severity, Url, Timestamps.Parse(ReceivedAt));
    }
}
