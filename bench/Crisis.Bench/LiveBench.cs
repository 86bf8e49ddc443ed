using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Crisis.Bench;

/// <summary>
/// Live updates at a company's scale. The app, published, runs as a process of its own (as <c>crisis serve</c>); W
/// watchers each hold a real WebSocket to the hub and watch one open recall, half reading in English and half in Chinese,
/// and T tickers complete its steps through the API, each a tick every <see cref="Pace"/>. A tick's latency runs from
/// sending it to the moment the last watcher has the step done; the server's CPU time (/proc) over the ticks is divided
/// by them. Measured twice in one run, each on a fresh database: the design before this one (every watcher told
/// "changed", fetching the page again, with <c>Crisis:LiveFragments=false</c>), then the changed parts sent once drawn
/// for each view.
/// </summary>
internal static partial class LiveBench
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(500);

    public static async Task<int> Run(int watchers, int tickers, int ticksEach)
    {
        using var published = new BenchFolder();
        await StartBench.Publish(published.Path);
        Console.WriteLine($"Live updates: {watchers} watchers on WebSockets (half en, half zh-CN), {tickers} tickers x {ticksEach} ticks, one tick every " +
                          $"{Pace.TotalMilliseconds:F0} ms each, through the API; the app in a process of its own, sharing the machine's {Environment.ProcessorCount} cores with this one");
        var results = new List<(string Design, Result Result)>();
        foreach (var (design, fragments) in new[] { ("page fetched again by each watcher", false), ("changed parts sent, drawn once a view", true) })
        {
            using var folder = new BenchFolder();
            var result = await Measure(folder, published.Path, fragments, watchers, tickers, ticksEach);
            results.Add((design, result));
            Console.WriteLine($"  {design,-40} ticks {result.Ticks,3}  to every watcher: p50 {result.P50,6:F0} ms  p95 {result.P95,6:F0} ms  slowest {result.Slowest,6:F0} ms  " +
                              $"server CPU {result.CpuMsPerTick,7:F1} ms a tick (watchers' {result.WatchersCpuMsPerTick,7:F1})  page fetches {result.PageFetches,6}  " +
                              $"{result.BytesPerMessage / 1024.0,5:F1} KB a message or page  ticks' own p50 {result.TickP50:F0} ms");
        }
        var (before, after) = (results[0].Result, results[1].Result);
        Console.WriteLine($"Server CPU a tick: {after.CpuMsPerTick:F1} ms against {before.CpuMsPerTick:F1} ms ({before.CpuMsPerTick / Math.Max(0.1, after.CpuMsPerTick):F1}x less); " +
                          $"p95 to every watcher {after.P95:F0} ms against {before.P95:F0} ms (goal <= 250 ms)");
        return 0;
    }

    private sealed record Result(int Ticks, double P50, double P95, double Slowest, double CpuMsPerTick, double WatchersCpuMsPerTick, long PageFetches, long BytesPerMessage, double TickP50);

    private static async Task<Result> Measure(BenchFolder folder, string app, bool fragments, int watcherCount, int tickers, int ticksEach)
    {
        var port = StartBench.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Crisis"] = $"Data Source={folder.File("crisis.db")}",
            ["Crisis__Playbooks"] = Path.Combine(BenchFiles.Repository, "playbooks"),
            ["Crisis__Templates"] = Path.Combine(BenchFiles.Repository, "templates"),
            ["Crisis__LiveFragments"] = fragments ? "true" : "false",
            ["CRISIS_ADMIN_PASSWORD"] = BenchFolder.AdminPassword,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var server = StartBench.Crisis(folder, app, environment, "serve", "--urls", address.ToString());
        try
        {
            await StartBench.Healthy(address);
            using var api = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = tickers }) { BaseAddress = address };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Token(folder, app, environment));
            using var opened = await api.PostAsJsonAsync("/api/incidents", new { playbookId = "product-recall", title = "Live updates at scale", severity = 1 });
            opened.EnsureSuccessStatusCode();
            var incident = await opened.Content.ReadFromJsonAsync<JsonElement>();
            var key = incident.GetProperty("key").GetString()!;
            var steps = incident.GetProperty("phases").EnumerateArray().SelectMany(phase => phase.GetProperty("steps").EnumerateArray())
                .Select(step => step.GetProperty("id").GetString()!).ToList();
            if (steps.Count < tickers * ticksEach + 1) throw new InvalidOperationException($"the recall has {steps.Count} steps, fewer than the ticks asked for");

            var readers = new List<(HttpClient Browser, CookieContainer Cookies)>();
            foreach (var culture in new[] { "en", "zh-CN" })
            {
                var cookies = new CookieContainer();
                cookies.Add(address, new Cookie(".AspNetCore.Culture", Uri.EscapeDataString($"c={culture}|uic={culture}")));
                readers.Add((await PagesBench.SignedIn(address, cookies, maxConnections: watcherCount), cookies));
            }
            var watchers = new List<Watcher>();
            for (var i = 0; i < watcherCount; i++)
            {
                var (browser, cookies) = readers[i % readers.Count];
                watchers.Add(await Watcher.Start(address, key, browser, cookies));
            }

            // The first change an incident has after the server starts is told as "changed": it comes before the clock.
            await Tick(api, key, steps[^1]);
            await WaitUntil(() => watchers.All(watcher => watcher.Has(steps[^1])), TimeSpan.FromMinutes(2));
            foreach (var watcher in watchers) watcher.PageFetches = watcher.Messages = watcher.Received = 0;

            var cpuBefore = CpuMilliseconds(server);
            var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sent = new ConcurrentDictionary<string, long>();
            var tickTimes = new ConcurrentBag<double>();
            await Task.WhenAll(Enumerable.Range(0, tickers).Select(ticker => Task.Run(async () =>
            {
                foreach (var step in steps.Skip(ticker * ticksEach).Take(ticksEach))
                {
                    var started = Stopwatch.GetTimestamp();
                    sent[step] = started;
                    await Tick(api, key, step);
                    tickTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var left = Pace - Stopwatch.GetElapsedTime(started);
                    if (left > TimeSpan.Zero) await Task.Delay(left);
                }
            })));
            var ticked = sent.Keys.ToList();
            await WaitUntil(() => watchers.All(watcher => ticked.All(watcher.Has)), TimeSpan.FromMinutes(5));
            var cpu = CpuMilliseconds(server) - cpuBefore;
            var ownCpu = (Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore).TotalMilliseconds;

            var latencies = ticked.Select(step => watchers.Max(watcher => Stopwatch.GetElapsedTime(sent[step], watcher.SeenAt(step)).TotalMilliseconds)).Order().ToList();
            var result = new Result(ticked.Count, Statistics.Median(latencies), latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1], latencies[^1],
                cpu / ticked.Count, ownCpu / ticked.Count, watchers.Sum(watcher => watcher.PageFetches), watchers.Sum(watcher => watcher.Received) / Math.Max(1, watchers.Sum(watcher => watcher.Messages)),
                Statistics.Median(tickTimes));
            foreach (var watcher in watchers) await watcher.DisposeAsync();
            foreach (var (browser, _) in readers) browser.Dispose();
            return result;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task Tick(HttpClient api, string key, string step)
    {
        using var response = await api.PostAsync($"/api/incidents/{key}/steps/{step}/complete", null);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> Token(BenchFolder folder, string app, IReadOnlyDictionary<string, string> environment)
    {
        using var command = StartBench.Crisis(folder, app, environment, "tokens", "create", "admin");
        var output = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"the watchers did not all have the changes within {limit.TotalSeconds:F0} s");
            await Task.Delay(5);
        }
    }

    /// <summary>The process's user and system CPU time so far, from /proc (clock ticks of 10 ms).</summary>
    private static double CpuMilliseconds(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>
    /// One open checklist, as live.js keeps it: told "changed", it fetches the page (one fetch at a time, one more after
    /// it when told again meanwhile); sent the parts a change changed, it reads them. Either way it notes when it first
    /// saw each step done.
    /// </summary>
    private sealed partial class Watcher : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, long> _seen = new();
        private readonly HttpClient _browser;
        private readonly string _key;
        private HubConnection _connection = null!;
        private readonly Lock _gate = new();
        private bool _fetching, _again;
        public long PageFetches, Messages, Received;

        private Watcher(HttpClient browser, string key) => (_browser, _key) = (browser, key);

        public static async Task<Watcher> Start(Uri address, string key, HttpClient browser, CookieContainer cookies)
        {
            var watcher = new Watcher(browser, key);
            watcher._connection = new HubConnectionBuilder()
                .WithUrl(new Uri(address, "/hubs/incidents"), options =>
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                    options.Cookies = cookies;
                })
                .Build();
            watcher._connection.On<string>("changed", changed => { if (changed == key) _ = watcher.Fetch(); });
            watcher._connection.On<JsonElement>("steps", message => watcher.Saw(message.GetProperty("html").GetString()!));
            await watcher._connection.StartAsync();
            await watcher._connection.InvokeAsync("Watch", key);
            return watcher;
        }

        public bool Has(string step) => _seen.ContainsKey(step);

        public long SeenAt(string step) => _seen[step];

        private void Saw(string html)
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref Messages);
            Interlocked.Add(ref Received, html.Length);
            foreach (Match done in DoneStep().Matches(html)) _seen.TryAdd(done.Groups[1].Value, now);
        }

        private async Task Fetch()
        {
            lock (_gate)
            {
                if (_fetching)
                {
                    _again = true;
                    return;
                }
                _fetching = true;
            }
            while (true)
            {
                Interlocked.Increment(ref PageFetches);
                Saw(await _browser.GetStringAsync($"/incidents/{_key}"));
                lock (_gate)
                {
                    if (!_again)
                    {
                        _fetching = false;
                        return;
                    }
                    _again = false;
                }
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        [GeneratedRegex("<li id=\"step-([^\"]+)\"[^>]*? data-status=\"done\"")]
        private static partial Regex DoneStep();
    }
}
