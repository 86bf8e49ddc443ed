using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisis.Bench;

/// <summary>
/// Tick throughput through the real API: the app on a loopback port, N concurrent clients each completing
/// distinct steps over HTTP, bounded by count. Then raw single-row SQLite inserts on the same machine, for scale.
/// </summary>
internal static class TickLoad
{
    public static async Task<int> Run(int clients, int ticksPerClient)
    {
        using var folder = new BenchFolder();
        var playbooks = Directory.CreateDirectory(folder.File("playbooks")).FullName;
        File.WriteAllText(Path.Combine(playbooks, "large.md"), BenchFiles.LargePlaybook());
        var app = CrisisApp.Build(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Crisis=Data Source={folder.File("crisis.db")}",
             $"--Crisis:Playbooks={playbooks}", "--CRISIS_ADMIN_PASSWORD=bench-password"],
            builder => builder.Logging.ClearProviders());
        CrisisApp.Prepare(app.Services, TextWriter.Null);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var token = app.Services.GetRequiredService<Accounts>().CreateToken("admin");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Enough open incidents that every client ticks steps no other client touches.
        var work = new List<(string Key, string Step)>();
        while (work.Count < clients * ticksPerClient)
        {
            var created = await http.PostAsJsonAsync("/api/incidents", new { playbookId = "large", title = "Load test", severity = 1 });
            var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
            var key = incident.GetProperty("key").GetString()!;
            work.AddRange(incident.GetProperty("phases").EnumerateArray()
                .SelectMany(p => p.GetProperty("steps").EnumerateArray())
                .Select(s => (key, s.GetProperty("id").GetString()!)));
        }

        var latencies = new double[clients * ticksPerClient];
        var failures = 0;
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
        await app.StopAsync();

        Array.Sort(latencies);
        var ticks = latencies.Length;
        Console.WriteLine($"API ticks: {clients} concurrent clients x {ticksPerClient} ticks = {ticks} ticks in {total.Elapsed.TotalSeconds:F2} s, {failures} failed");
        Console.WriteLine($"  throughput {ticks / total.Elapsed.TotalSeconds:F0} ticks/s, latency p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms");

        var raw = folder.RawInsertDatabase();
        var rawCount = 5000;
        var rawTimer = Stopwatch.StartNew();
        for (var i = 0; i < rawCount; i++) BenchFolder.RawInsert(raw);
        rawTimer.Stop();
        Console.WriteLine($"Raw SQLite single-row inserts (WAL, synchronous=FULL, one transaction each, one writer): {rawCount / rawTimer.Elapsed.TotalSeconds:F0} rows/s");
        return failures == 0 ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
