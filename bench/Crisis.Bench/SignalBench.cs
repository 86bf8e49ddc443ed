using System.Diagnostics;
using System.Globalization;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Signals;
using Crisis.Core.Storage;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Bench;

/// <summary>
/// The early warning at scale: a real SQLite file holding a year of complaints (one million by default), then batches
/// of new cases logged as an import or a webhook logs them, and the time one evaluation pass takes to read each batch
/// and run every shipped rule over it. The stored cases are history (the cursor starts past them), as after an upgrade.
/// </summary>
internal static class SignalBench
{
    private static readonly string[] Summaries =
    [
        "Parcel arrived two days late", "Refund not received after return", "Lid does not close properly", "Colour differs from the photos",
        "Bottle leaks at the seam", "Customer service did not answer", "Teat tore after a week", "奶瓶刻度印刷模糊", "物流太慢，包装破损",
        "退款一直没有到账", "Seal smells of plastic", "疑似假货，防伪码查不到",
    ];

    private static readonly string[] Alarming = ["宝宝喝奶时被烫伤了", "The warmer caught fire on the second use", "孩子用后皮肤过敏起红疹"];

    public static int Run(int stored, int batchSize, int runs)
    {
        using var folder = new BenchFolder();
        var now = new DateTimeOffset(2026, 11, 11, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var services = folder.Services(BenchFiles.ShippedPlaybooks, time);
        var database = services.GetRequiredService<Database>();
        var random = new Random(20261111);

        var filling = Stopwatch.StartNew();
        Fill(database, stored, now, random);
        filling.Stop();
        Console.WriteLine($"Stored {stored:N0} cases over the year before {now:yyyy-MM-dd} in {filling.Elapsed.TotalSeconds:F1} s; "
            + $"file {new FileInfo(folder.File("bench.db")).Length / (1024.0 * 1024):N0} MB (WAL checkpointed)");

        var book = services.GetRequiredService<CaseBook>();
        var evaluation = services.GetRequiredService<EarlyWarning>();
        var passes = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            time.Advance(TimeSpan.FromMinutes(10));
            var logging = Stopwatch.StartNew();
            book.LogMany(Batch(batchSize, run, time.GetUtcNow(), random), CaseSources.Import("bench"), new Actor("bench"));
            logging.Stop();
            var evaluating = Stopwatch.StartNew();
            var pass = evaluation.EvaluateNew();
            evaluating.Stop();
            passes.Add(evaluating.Elapsed.TotalMilliseconds);
            Console.WriteLine($"  run {run}: logged {batchSize:N0} cases in {logging.Elapsed.TotalMilliseconds:F0} ms; evaluation pass read {pass.Cases:N0} in "
                + $"{evaluating.Elapsed.TotalMilliseconds:F0} ms, raised {pass.Raised} signals, extended {pass.Extended}");
        }
        passes.Sort();
        Console.WriteLine($"Evaluation of a {batchSize:N0}-case batch over {stored:N0} stored cases, {runs} runs: median {passes[passes.Count / 2]:F0} ms, "
            + $"fastest {passes[0]:F0} ms, slowest {passes[^1]:F0} ms");
        return passes[^1] < 1000 ? 0 : 1;
    }

    /// <summary>
    /// A year of complaints inserted row by row in one transaction (a prepared statement), spread over 12 channels, 8
    /// categories, 2,000 SKUs and 20,000 batches; then the hourly counts as the migration builds them, and the cursor past them.
    /// </summary>
    internal static void Fill(Database database, int count, DateTimeOffset now, Random random)
    {
        using var connection = database.Open();
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                """
                INSERT INTO cases (channel, category, status, summary, sku, batch, source, external_id, received_at, response_due_at, resolution_due_at,
                    response_warn_at, resolution_warn_at, created_by, created_at, updated_at)
                VALUES ($channel, $category, 'closed', $summary, $sku, $batch, 'import:history', $external, $received, $received, $received, $received, $received,
                    'bench', $received, $received)
                """;
            var parameters = new[] { "$channel", "$category", "$summary", "$sku", "$batch", "$external", "$received" }
                .ToDictionary(name => name, name => insert.Parameters.Add(new SqliteParameter(name, null)));
            insert.Prepare();
            for (var i = 0; i < count; i++)
            {
                parameters["$channel"].Value = CaseChannels.All[random.Next(CaseChannels.All.Count)];
                parameters["$category"].Value = CaseCategories.All[random.Next(CaseCategories.All.Count)];
                parameters["$summary"].Value = Summaries[random.Next(Summaries.Length)];
                parameters["$sku"].Value = $"SKU-{random.Next(2_000):D4}";
                parameters["$batch"].Value = $"B{random.Next(20_000):D5}";
                parameters["$external"].Value = i.ToString(CultureInfo.InvariantCulture);
                parameters["$received"].Value = Timestamps.Format(now.AddSeconds(-random.NextDouble() * 365 * 24 * 3600));
                insert.ExecuteNonQuery();
            }
            // In the same transaction: a running app's signal evaluation must find the cases already counted and behind its cursor.
            connection.Execute(
                """
                INSERT INTO case_hourly_counts (channel, hour, count)
                SELECT channel, substr(received_at, 1, 13), COUNT(*) FROM cases GROUP BY channel, substr(received_at, 1, 13);
                UPDATE signal_cursors SET last_id = (SELECT MAX(id) FROM cases) WHERE name = 'cases';
                """, transaction: transaction);
            transaction.Commit();
        }
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>
    /// New complaints as a busy import brings them: each on a batch and SKU of its own among the stored ones (the most
    /// cluster counts a pass can need), eight with safety words, and twelve safety complaints on one batch, a cluster.
    /// </summary>
    private static List<NewCase> Batch(int size, int run, DateTimeOffset now, Random random) =>
    [
        .. Enumerable.Range(0, size).Select(i => new NewCase
        {
            Channel = CaseChannels.All[random.Next(CaseChannels.All.Count)],
            Category = i < 12 ? CaseCategories.Safety : CaseCategories.All[random.Next(CaseCategories.All.Count)],
            Summary = i is >= 12 and < 20 ? Alarming[random.Next(Alarming.Length)] : Summaries[random.Next(Summaries.Length)],
            Sku = $"SKU-{random.Next(2_000):D4}",
            Batch = i < 12 ? $"HOT-{run}" : $"B{random.Next(20_000):D5}",
            ReceivedAt = now.AddMinutes(-random.Next(600)),
        }),
    ];
}
