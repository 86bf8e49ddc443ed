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
    /// <summary>
    /// Measures the app as built (what <c>dotnet run</c> starts, compiled as it runs) and as published for a server
    /// (<c>dotnet publish -r linux-x64</c>: ReadyToRun, precompiled), alternating between the two run by run so that
    /// the machine's slower moments fall on both.
    /// </summary>
    public static async Task<int> Run(int runs)
    {
        using var published = new BenchFolder();
        await Publish(published.Path);
        var apps = new (string Name, string Folder)[] { ("as built", AppContext.BaseDirectory), ("published (ReadyToRun)", published.Path) };
        var fresh = apps.ToDictionary(app => app.Name, _ => new List<double>());
        var restart = apps.ToDictionary(app => app.Name, _ => new List<double>());
        for (var run = 0; run <= runs; run++)
        {
            foreach (var (name, app) in apps)
            {
                using var folder = new BenchFolder();
                var first = await TimeToHealthy(folder, app);
                var second = await TimeToHealthy(folder, app);
                if (run == 0) continue; // the first start of the machine's run reads the files from disk
                fresh[name].Add(first);
                restart[name].Add(second);
                Console.WriteLine($"  run {run}, {name}: fresh database {first:F0} ms, restart {second:F0} ms");
            }
        }
        foreach (var (name, _) in apps)
        {
            Console.WriteLine($"Start to a healthy /health, {name}, median of {runs}: fresh database {Statistics.Median(fresh[name]):F0} ms " +
                              $"({fresh[name].Min():F0}–{fresh[name].Max():F0}), restart {Statistics.Median(restart[name]):F0} ms " +
                              $"({restart[name].Min():F0}–{restart[name].Max():F0})");
        }
        return 0;
    }

    internal static async Task Publish(string folder)
    {
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(BenchFiles.Repository, "src", "Crisis.Web"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", folder, "-nologo", "-v", "quiet" })
            publish.ArgumentList.Add(arg);
        Console.WriteLine($"Publishing the app for a server into {folder} ...");
        using var process = Process.Start(publish)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{await output}{await errors}");
    }

    private static async Task<double> TimeToHealthy(BenchFolder folder, string app)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Crisis"] = $"Data Source={folder.File("crisis.db")}",
            ["Crisis__Playbooks"] = Path.Combine(BenchFiles.Repository, "playbooks"),
            ["Crisis__Templates"] = Path.Combine(BenchFiles.Repository, "templates"),
            ["CRISIS_ADMIN_PASSWORD"] = BenchFolder.AdminPassword,
        };
        var clock = Stopwatch.StartNew();
        using var server = Crisis(folder, app, environment, "serve", "--urls", address.ToString());
        try
        {
            await Healthy(address);
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Runs the <c>crisis</c> command of the app in <paramref name="app"/>, in the folder, its output read and dropped unless asked for.</summary>
    internal static Process Crisis(BenchFolder folder, string app, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(app, "crisis.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        if (args is ["serve", ..])
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }
        return process;
    }

    /// <summary>Waits for the server at <paramref name="address"/> to answer /health, at most a minute.</summary>
    internal static async Task Healthy(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("crisis serve did not answer /health within a minute");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
