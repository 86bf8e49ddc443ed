using System.Data;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Signals;

/// <summary>
/// Turns what a rule found into a signal: the open signal holding the rule and key (its own, or one merged into it) is
/// extended with the new cases or alerts and the updated facts; without one, a finding strong enough raises a new signal.
/// A signal dismissed within <see cref="EarlyWarning.QuietAfterDismissal"/> takes in its key's findings quietly, so a
/// dismissed cluster does not come back with the next case. A signal an incident was opened from holds its batch and SKU
/// keys while the incident is under way: the next complaints about the batch go to that incident, not into a second
/// signal beside it. A channel's spike or a safety word on its own names no product, so what it finds later is news.
/// </summary>
internal static class SignalFiring
{
    public enum Outcome { Nothing, Raised, Extended }

    public static Outcome Fire(IDbConnection connection, IDbTransaction transaction, CaseBook book, RuleHit hit, DateTimeOffset now)
    {
        var holding = connection.Query<(long SignalId, string Facts, string? IncidentKey)>(
            """
            SELECT s.id, k.facts, i.key FROM signal_keys k JOIN signals s ON s.id = k.signal_id LEFT JOIN incidents i ON i.id = s.incident_id
            WHERE k.rule_id = @ruleId AND k.key = @Key
                AND (s.status IN @open OR (s.status = @dismissed AND s.dismissed_at >= @quietSince)
                    OR (s.status = @incidentOpened AND @aboutProduct AND i.status NOT IN @over))
            ORDER BY s.id DESC LIMIT 1
            """,
            new
            {
                ruleId = hit.Rule.Id, hit.Key, open = SignalStatuses.Open, dismissed = SignalStatuses.Dismissed, quietSince = now - EarlyWarning.QuietAfterDismissal,
                incidentOpened = SignalStatuses.IncidentOpened, aboutProduct = hit.Facts.Scope is not null, over = new[] { IncidentStatus.Resolved, IncidentStatus.Closed },
            },
            transaction).ToList();
        if (holding is [var signal]) return Extend(connection, transaction, book, signal.SignalId, signal.IncidentKey, SignalFacts.Read(signal.Facts), hit, now);
        return hit.Raises ? Raise(connection, transaction, hit, now) : Outcome.Nothing;
    }

    private static Outcome Extend(IDbConnection connection, IDbTransaction transaction, CaseBook book, long signalId, string? incidentKey, SignalFacts earlier,
        RuleHit hit, DateTimeOffset now)
    {
        var cases = SignalRecords.LinkCases(connection, transaction, signalId, hit.NewCases);
        var alerts = SignalRecords.LinkAlerts(connection, transaction, signalId, hit.Alerts);
        if (cases + alerts == 0) return Outcome.Nothing;
        var linked = incidentKey is null ? 0 : LinkToIncident(connection, transaction, book, hit.NewCases, incidentKey, now - EarlyWarning.LookBack);
        connection.Execute(
            """
            UPDATE signal_keys SET facts = @facts, last_fired_at = @now WHERE signal_id = @signalId AND rule_id = @ruleId AND key = @Key;
            UPDATE signals SET case_count = case_count + @cases, alert_count = alert_count + @alerts,
                severity = CASE WHEN @Severity < severity THEN @Severity ELSE severity END, last_fired_at = @now, version = version + 1, updated_at = @now
            WHERE id = @signalId;
            """,
            new { facts = hit.Facts.After(earlier).ToJson(), now, signalId, ruleId = hit.Rule.Id, hit.Key, cases, alerts, hit.Severity }, transaction);
        SignalRecords.Record(connection, transaction, signalId, now, Actor.CrisisItself, SignalEventKinds.Extended,
            incidentKey is null ? (object)new { cases, alerts } : new { cases, alerts, incident = incidentKey, linked });
        return Outcome.Extended;
    }

    /// <summary>
    /// The new cases received since <paramref name="recentSince"/> that no incident has yet go to the signal's incident:
    /// one someone linked elsewhere stays where it is, and last year's complaints in an import stay out of this crisis's figures.
    /// </summary>
    private static int LinkToIncident(IDbConnection connection, IDbTransaction transaction, CaseBook book, IReadOnlyList<long> newCases, string incidentKey,
        DateTimeOffset recentSince)
    {
        var unlinked = connection.Query<long>($"SELECT id FROM cases WHERE id {SqlLists.In("ids")} AND incident_id IS NULL AND received_at >= @recentSince",
            new { ids = SqlLists.Of(newCases), recentSince }, transaction).ToList();
        return unlinked.Count == 0 ? 0 : book.Link(connection, transaction, unlinked, incidentKey, new Actor(Actor.CrisisItself));
    }

    private static Outcome Raise(IDbConnection connection, IDbTransaction transaction, RuleHit hit, DateTimeOffset now)
    {
        var signalId = connection.ExecuteScalar<long>(
            """
            INSERT INTO signals (rule_id, status, severity, playbook_id, raised_at, last_fired_at, updated_at)
            VALUES (@ruleId, @status, @Severity, @PlaybookId, @now, @now, @now)
            RETURNING id
            """, new { ruleId = hit.Rule.Id, status = SignalStatuses.New, hit.Severity, hit.Rule.PlaybookId, now }, transaction);
        connection.Execute("INSERT INTO signal_keys (signal_id, rule_id, key, facts, position, last_fired_at) VALUES (@signalId, @ruleId, @Key, @facts, 0, @now)",
            new { signalId, ruleId = hit.Rule.Id, hit.Key, facts = hit.Facts.ToJson(), now }, transaction);
        var cases = SignalRecords.LinkCases(connection, transaction, signalId, hit.Evidence());
        var alerts = SignalRecords.LinkAlerts(connection, transaction, signalId, hit.Alerts);
        connection.Execute("UPDATE signals SET case_count = @cases, alert_count = @alerts WHERE id = @signalId", new { cases, alerts, signalId }, transaction);
        SignalRecords.Record(connection, transaction, signalId, now, Actor.CrisisItself, SignalEventKinds.Raised, new { cases, alerts });
        Chat.ChatNotices.TellSignalRaised(connection, transaction, signalId, hit.Severity, hit.Facts, cases, alerts, now);
        return Outcome.Raised;
    }
}
