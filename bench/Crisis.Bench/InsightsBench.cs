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
/// shipped playbooks' categories, each with 30 steps on deadlines (some late, skipped or left undone), 200 timeline
/// events and three approved messages to different audiences, and 200,000 complaint cases over the two years (a tenth
/// of them linked to incidents) with the hourly counts early warning keeps of them; then
/// <see cref="IncidentInsights.Compute"/> over all of it, timed.
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
        Console.WriteLine($"Stored {incidents:N0} incidents, {incidents * StepsEach:N0} steps, {incidents * eventsEach:N0} events, {incidents * Audiences.Length:N0} messages and "
            + $"{Cases:N0} complaint cases in {filling.Elapsed.TotalSeconds:F1} s; "
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
                + $"median time to resolve {view.Overall.Resolve.Median?.TotalHours:F1} h, {view.ApprovalsByAudience.Count} audiences, {view.CasesByMonth.Sum(month => month.Cases):N0} complaints, "
            + $"{view.CasesPerIncident.Count:N0} incidents with cases, in {watch.Elapsed.TotalMilliseconds:F0} ms");
        }
        times.Sort();
        Console.WriteLine($"Insights over {incidents:N0} incidents and {incidents * eventsEach:N0} events, {runs} runs: median {times[times.Count / 2]:F0} ms, "
            + $"fastest {times[0]:F0} ms, slowest {times[^1]:F0} ms");
        return 0;
    }

    private const int StepsEach = 30;
    private const int Cases = 200_000;
    private static readonly string[] Audiences = ["customers", "platform", "regulator"];
    private static readonly string[] Channels = ["tmall", "jd", "pinduoduo", "douyin", "hotline"];

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
        using var message = Command(connection, transaction,
            """
            INSERT INTO messages (incident_id, template_id, template_version, template_hash, language, audience, channel, subject, body, status,
                created_by, created_at, approved_by, approved_at)
            VALUES ($incident, 'bench', 1, 'h', 'en', $audience, 'email', 'Bench message', 'Body', 'approved', 'bench', $created, 'bench', $approved)
            """, "$incident", "$audience", "$created", "$approved");
        using var complaint = Command(connection, transaction,
            """
            INSERT INTO cases (channel, category, status, summary, incident_id, source, received_at, response_due_at, resolution_due_at, response_warn_at,
                resolution_warn_at, created_by, created_at, updated_at)
            VALUES ($channel, 'quality', 'resolved', 'Bench complaint', $incident, 'api', $received, $received, $received, $received, $received, 'bench', $received, $received)
            """, "$channel", "$incident", "$received");
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
            foreach (var audience in Audiences)
            {
                var drafted = opened.AddMinutes(10 + random.Next(120));
                Set(message, ("$incident", id), ("$audience", audience), ("$created", Timestamps.Format(drafted)),
                    ("$approved", Timestamps.Format(drafted.AddMinutes(5 + random.Next(180)))));
            }
            for (var seq = 1; seq <= eventsEach; seq++)
                Set(@event, ("$incident", id), ("$seq", seq), ("$at", Timestamps.Format(opened.AddMinutes(seq))), ("$kind", seq == 1 ? "incident.opened" : "step.completed"));
        }
        for (var index = 0; index < Cases; index++)
        {
            var received = now.AddSeconds(-random.NextDouble() * 2 * 365 * 24 * 3600);
            Set(complaint, ("$channel", Channels[random.Next(Channels.Length)]), ("$incident", index % 10 == 0 ? 1 + random.Next(count) : null),
                ("$received", Timestamps.Format(received)));
        }
        // As early warning keeps them, one row a channel and hour (the query its migration fills them with).
        connection.Execute("INSERT INTO case_hourly_counts (channel, hour, count) SELECT channel, substr(received_at, 1, 13), COUNT(*) FROM cases GROUP BY channel, substr(received_at, 1, 13)",
            transaction: transaction);
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
