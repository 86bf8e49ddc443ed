using System.Diagnostics;
using System.Globalization;
using Crisis.Core.Insights;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Bench;

/// <summary>
/// Insights at the scale the issue names: a real SQLite file holding two years of incidents (1,000 by default) from the
/// shipped playbooks' categories, each with 30 steps on deadlines (some late, skipped or left undone) and 200 timeline
/// events, then <see cref="IncidentInsights.Compute"/> over all of them, timed.
/// </summary>
internal static class InsightsBench
{
    public static int Run(int incidents, int eventsEach, int runs)
    {
        using var folder = new BenchFolder();
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var services = folder.Services(BenchFiles.ShippedPlaybooks, time);
        var database = services.GetRequiredService<Database>();

        var filling = Stopwatch.StartNew();
        Fill(database, incidents, eventsEach, now, new Random(20261130));
        filling.Stop();
        Console.WriteLine($"Stored {incidents:N0} incidents, {incidents * StepsEach:N0} steps and {incidents * eventsEach:N0} events in {filling.Elapsed.TotalSeconds:F1} s; "
            + $"file {new FileInfo(folder.File("bench.db")).Length / (1024.0 * 1024):N0} MB");

        var insights = services.GetRequiredService<IncidentInsights>();
        var filter = new InsightFilter { From = now.AddYears(-2), To = now };
        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var view = insights.Compute(filter);
            watch.Stop();
            times.Add(watch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"  run {run}: {view.IncidentCount:N0} incidents in {view.ByQuarter.Count} quarters, {view.StepsMissedMost.Count} steps listed, "
                + $"median time to resolve {view.Overall.Resolve.Median?.TotalHours:F1} h, in {watch.Elapsed.TotalMilliseconds:F0} ms");
        }
        times.Sort();
        Console.WriteLine($"Insights over {incidents:N0} incidents and {incidents * eventsEach:N0} events, {runs} runs: median {times[times.Count / 2]:F0} ms, "
            + $"fastest {times[0]:F0} ms, slowest {times[^1]:F0} ms");
        return 0;
    }

    private const int StepsEach = 30;

    /// <summary>Incidents inserted as rows, as the use cases leave them: opened over two years, most contained and resolved, their steps and events.</summary>
    private static void Fill(Database database, int count, int eventsEach, DateTimeOffset now, Random random)
    {
        var categories = PlaybookCategories.All;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute("INSERT INTO playbook_versions (playbook_id, version, hash, title, markdown, first_seen) VALUES ('bench', 1, 'h', 'Bench', '', @at)",
            new { at = Timestamps.Format(now) }, transaction);
        var snapshot = """{"id":"bench","category":"recall","roles":[{"key":"commander","name":"Incident commander"},{"key":"ops","name":"Operations"}]}""";
        using var incident = Command(connection, transaction,
            """
            INSERT INTO incidents (id, key, title, severity, status, playbook_id, playbook_version, playbook_hash, snapshot, category, opened_by, opened_at,
                acknowledged_at, contained_at, resolved_at, last_event_hash)
            VALUES ($id, $key, 'Bench incident', $severity, $status, 'bench', 1, 'h', $snapshot, $category, 'bench', $opened, $acknowledged, $contained, $resolved, 'x')
            """, "$id", "$key", "$severity", "$status", "$snapshot", "$category", "$opened", "$acknowledged", "$contained", "$resolved");
        using var step = Command(connection, transaction,
            """
            INSERT INTO steps (incident_id, step_id, phase_index, position, text, role_key, due_at, status, status_at)
            VALUES ($incident, $step, 0, $position, $text, $role, $due, $status, $at)
            """, "$incident", "$step", "$position", "$text", "$role", "$due", "$status", "$at");
        using var @event = Command(connection, transaction,
            "INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash) VALUES ($incident, $seq, $at, 'bench', $kind, '{}', 'p', 'h')",
            "$incident", "$seq", "$at", "$kind");
        for (var id = 1; id <= count; id++)
        {
            var opened = now.AddSeconds(-random.NextDouble() * 2 * 365 * 24 * 3600);
            var resolved = random.NextDouble() < 0.85 ? opened.AddHours(2 + random.NextDouble() * 96) : (DateTimeOffset?)null;
            Set(incident, ("$id", id), ("$key", $"INC-B-{id:D5}"), ("$severity", 1 + random.Next(3)), ("$status", resolved is null ? "open" : "resolved"),
                ("$snapshot", snapshot), ("$category", categories[random.Next(categories.Count)]), ("$opened", Timestamps.Format(opened)),
                ("$acknowledged", Timestamps.Format(opened.AddMinutes(1 + random.Next(60)))),
                ("$contained", resolved is null ? null : Timestamps.Format(opened.AddHours(1 + random.NextDouble() * 12))),
                ("$resolved", resolved is null ? null : Timestamps.Format(resolved.Value)));
            for (var position = 0; position < StepsEach; position++)
            {
                var due = opened.AddHours(1 + position);
                var fate = random.NextDouble();
                var (status, at) = fate < 0.6 ? ("done", due.AddMinutes(-10)) : fate < 0.8 ? ("done", due.AddMinutes(5 + random.Next(240)))
                    : fate < 0.9 ? ("skipped", due) : ("todo", (DateTimeOffset?)null);
                Set(step, ("$incident", id), ("$step", $"step-{position}"), ("$position", position), ("$text", $"Step {position} of the bench playbook"),
                    ("$role", position % 2 == 0 ? "commander" : "ops"), ("$due", Timestamps.Format(due)), ("$status", status),
                    ("$at", at is null ? null : Timestamps.Format(at.Value)));
            }
            for (var seq = 1; seq <= eventsEach; seq++)
                Set(@event, ("$incident", id), ("$seq", seq), ("$at", Timestamps.Format(opened.AddMinutes(seq))), ("$kind", seq == 1 ? "incident.opened" : "step.completed"));
        }
        transaction.Commit();
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values) command.Parameters[name].Value = value ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
