using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crisis.Bench;

/// <summary>
/// Time from starting <c>crisis serve</c> (a process of its own, as an operator starts it) to its first healthy
/// <c>/health</c>: on a fresh database (migrations, admin, signing key) and again on the same database (a restart).
/// </summary>
internal static class StartBench
{
    public static async Task<int> Run(int runs)
    {
        var fresh = new List<double>();
        var restart = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            using var folder = new BenchFolder();
            var first = await TimeToHealthy(folder);
            var second = await TimeToHealthy(folder);
            if (run == 0) continue; // the first start of the machine's run reads the files from disk
            fresh.Add(first);
            restart.Add(second);
            Console.WriteLine($"  run {run}: fresh database {first:F0} ms, restart {second:F0} ms");
        }
        Console.WriteLine($"Start to a healthy /health, median of {runs}: fresh database {Statistics.Median(fresh):F0} ms ({fresh.Min():F0}–{fresh.Max():F0}), " +
                          $"restart {Statistics.Median(restart):F0} ms ({restart.Min():F0}–{restart.Max():F0})");
        return 0;
    }

    private static async Task<double> TimeToHealthy(BenchFolder folder)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "crisis.dll"), "serve", "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Crisis"] = $"Data Source={folder.File("crisis.db")}";
        start.Environment["Crisis__Playbooks"] = Path.Combine(BenchFiles.Repository, "playbooks");
        start.Environment["Crisis__Templates"] = Path.Combine(BenchFiles.Repository, "templates");
        start.Environment["CRISIS_ADMIN_PASSWORD"] = "bench-password";
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(1))
            {
                try
                {
                    using var health = await http.GetAsync("/health");
                    if (health.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                await Task.Delay(5);
            }
            throw new TimeoutException("crisis serve did not answer /health within a minute");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
