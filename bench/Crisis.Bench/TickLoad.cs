using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Crisis.Bench;

/// <summary>
/// Tick throughput through the real API: the app on a loopback port, N concurrent clients each completing
/// distinct steps over HTTP, bounded by count. Then raw single-row SQLite inserts on the same machine, for scale.
/// </summary>
internal static class TickLoad
{
    private const int RawInsertsPerRound = 3000;

    public static async Task<int> Run(int clients, int ticksPerClient, int rounds)
    {
        using var folder = new BenchFolder();
        var playbooks = Directory.CreateDirectory(folder.File("playbooks")).FullName;
        File.WriteAllText(Path.Combine(playbooks, "large.md"), BenchFiles.LargePlaybook());
        var (app, address) = await folder.StartApp(playbooks);
        var token = app.Services.GetRequiredService<Accounts>().CreateToken("admin");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var database = app.Services.GetRequiredService<Crisis.Core.Storage.Database>();
        var raw = folder.RawInsertDatabase();

        // Enough open incidents that every tick of every round completes a step nobody else touches.
        var perRound = clients * ticksPerClient;
        var work = new List<(string Key, string Step)>();
        while (work.Count < perRound * (rounds + 1))
        {
            var created = await http.PostAsJsonAsync("/api/incidents", new { playbookId = "large", title = "Load test", severity = 1 });
            var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
            var key = incident.GetProperty("key").GetString()!;
            work.AddRange(incident.GetProperty("phases").EnumerateArray()
                .SelectMany(p => p.GetProperty("steps").EnumerateArray())
                .Select(s => (key, s.GetProperty("id").GetString()!)));
        }

        Console.WriteLine($"API ticks: {clients} concurrent clients x {ticksPerClient} ticks a round, one warm-up round and {rounds} measured; " +
                          $"each round followed by {RawInsertsPerRound} raw single-row inserts (WAL, synchronous=FULL, one transaction each, one writer)");
        var measured = new List<Round>();
        var failures = 0;
        for (var round = 0; round <= rounds; round++)
        {
            var commitsBefore = database.GroupCommit;
            var result = await Tick(http, work.Skip(round * perRound).Take(perRound).ToList(), clients, ticksPerClient);
            var commits = database.GroupCommit;
            var perCommit = (double)(commits.Writes - commitsBefore.Writes) / Math.Max(1, commits.Transactions - commitsBefore.Transactions);
            var rawTimer = Stopwatch.StartNew();
            for (var i = 0; i < RawInsertsPerRound; i++) BenchFolder.RawInsert(raw);
            var rawRate = RawInsertsPerRound / rawTimer.Elapsed.TotalSeconds;
            var line = result with { RawRate = rawRate, WritesPerCommit = perCommit };
            Console.WriteLine($"  {(round == 0 ? "warm-up" : $"round {round}"),-8} {line.TicksPerSecond,7:F0} ticks/s  p50 {line.P50,6:F1} ms  p99 {line.P99,6:F1} ms  " +
                              $"CPU {line.CpuMsPerTick:F2} ms/tick  {perCommit:F1} writes a commit  raw {rawRate,6:F0} rows/s  ratio {line.Ratio:F2}  failed {line.Failed}");
            if (round == 0) continue;
            measured.Add(line);
            failures += line.Failed;
        }
        await app.StopAsync();

        Console.WriteLine($"Median of {rounds}: {Median(measured, r => r.TicksPerSecond):F0} ticks/s, p50 {Median(measured, r => r.P50):F1} ms, " +
                          $"p99 {Median(measured, r => r.P99):F1} ms, raw {Median(measured, r => r.RawRate):F0} rows/s, " +
                          $"ratio {Median(measured, r => r.Ratio):F2}, CPU {Median(measured, r => r.CpuMsPerTick):F2} ms a tick (server and clients, both cores), " +
                          $"{Median(measured, r => r.WritesPerCommit):F1} writes a commit");
        return failures == 0 ? 0 : 1;
    }

    private sealed record Round(double TicksPerSecond, double P50, double P99, double CpuMsPerTick, int Failed, double RawRate = 0, double WritesPerCommit = 0)
    {
        public double Ratio => TicksPerSecond / RawRate;
    }

    private static async Task<Round> Tick(HttpClient http, List<(string Key, string Step)> work, int clients, int ticksPerClient)
    {
        var latencies = new double[work.Count];
        var failures = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < ticksPerClient; i++)
            {
                var index = client * ticksPerClient + i;
                var (key, step) = work[index];
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync($"/api/incidents/{key}/steps/{step}/complete", null);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        })));
        total.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Array.Sort(latencies);
        return new Round(work.Count / total.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            cpu.TotalMilliseconds / work.Count, failures);
    }

    private static double Median(List<Round> rounds, Func<Round, double> figure) => Statistics.Median(rounds.Select(figure));

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
