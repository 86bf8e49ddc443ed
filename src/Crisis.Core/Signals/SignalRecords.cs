using System.Data;
using System.Text.Json;
using Dapper;

namespace Crisis.Core.Signals;

/// <summary>The writes the evaluation and the triage share: a signal's history, and the cases and alerts it holds as evidence.</summary>
internal static class SignalRecords
{
    public static void Record(IDbConnection connection, IDbTransaction transaction, long signalId, DateTimeOffset at, string actor, string kind, object data) =>
        connection.Execute("INSERT INTO signal_events (signal_id, at, actor, kind, data) VALUES (@signalId, @at, @actor, @kind, @data)",
            new { signalId, at, actor, kind, data = JsonSerializer.Serialize(data, SignalFacts.Json) }, transaction);

    /// <summary>Adds cases to a signal's evidence; those it holds already are left. Returns how many it added.</summary>
    public static int LinkCases(IDbConnection connection, IDbTransaction transaction, long signalId, IEnumerable<long> caseIds) =>
        connection.Execute("INSERT INTO signal_cases (signal_id, case_id) VALUES (@signalId, @caseId) ON CONFLICT DO NOTHING",
            caseIds.Select(caseId => new { signalId, caseId }), transaction);

    /// <summary>Gives alerts to a signal. Returns how many it gave.</summary>
    public static int LinkAlerts(IDbConnection connection, IDbTransaction transaction, long signalId, IReadOnlyList<long> alertIds) =>
        alertIds.Count == 0 ? 0 : connection.Execute("UPDATE monitoring_alerts SET signal_id = @signalId WHERE id IN @alertIds", new { signalId, alertIds }, transaction);
}
