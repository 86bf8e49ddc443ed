using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.People;
using Crisis.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crisis.Bench;

/// <summary>
/// How long the busiest pages take, as a signed-in browser asks for them: the checklist of a 300-step incident, the
/// dashboard with many open incidents, and the complaint cases list over a large table, its first page and one deep
/// in. The app runs in this process on a loopback port; each time is from sending the request to the last byte of the
/// page, one request at a time, so it is the server's time plus a loopback round trip.
/// </summary>
internal static partial class PagesBench
{
    /// <summary>Requests before timing: enough for the runtime to compile the hot code fully (tiered compilation).</summary>
    private const int WarmUp = 60;

    /// <summary>A brand's crisis team and the people around it: each step offers them as whom to give it to.</summary>
    private const int People = 30;

    public static async Task<int> Run(int openIncidents, int storedCases, int requests)
    {
        using var folder = new BenchFolder();
        var playbooks = Directory.CreateDirectory(folder.File("playbooks")).FullName;
        foreach (var shipped in Directory.GetFiles(BenchFiles.ShippedPlaybooks, "*.md")) File.Copy(shipped, Path.Combine(playbooks, Path.GetFileName(shipped)));
        File.WriteAllText(Path.Combine(playbooks, "large.md"), BenchFiles.LargePlaybook(300));
        var (app, address) = await folder.StartApp(playbooks);

        var api = new HttpClient { BaseAddress = address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Services.GetRequiredService<Accounts>().CreateToken("admin"));
        var seeding = Stopwatch.StartNew();
        var people = app.Services.GetRequiredService<PeopleDirectory>();
        for (var i = 1; i <= People; i++) people.Add(new NewPerson($"Team member {i}", $"member{i}@aurora.example"));
        var large = await Open(api, "large", "Checklist of 300 steps");
        var shippedIds = new[] { "product-recall", "data-breach", "supply-disruption", "complaint-surge", "negative-publicity" };
        for (var i = 1; i < openIncidents; i++) await Open(api, shippedIds[i % shippedIds.Length], $"Open incident {i}");
        if (storedCases > 0) SignalBench.Fill(app.Services.GetRequiredService<Database>(), storedCases, DateTimeOffset.UtcNow, new Random(19));
        Console.WriteLine($"Seeded {People} people, {openIncidents:N0} open incidents (one of 300 steps) and {storedCases:N0} cases in {seeding.Elapsed.TotalSeconds:F0} s");

        using var browser = await SignedIn(address);
        var deepCase = storedCases / 2;
        var pages = new (string Name, string Path)[]
        {
            ("checklist of a 300-step incident", $"/incidents/{large}"),
            ($"dashboard, {openIncidents:N0} open incidents", "/"),
            ($"cases list, first page of {storedCases:N0}", "/cases"),
            ($"cases list, a page {storedCases - deepCase:N0} cases in", $"/cases?before={deepCase}"),
        };
        foreach (var (name, path) in pages) Console.WriteLine($"  {name}: {(await browser.GetByteArrayAsync(path)).Length / 1024.0:F0} KB of HTML");
        Console.WriteLine($"{requests} requests a page after {WarmUp} to warm up, one at a time (ms, request sent to last byte):");
        foreach (var (name, path) in pages)
        {
            for (var i = 0; i < WarmUp; i++) await Time(browser, path);
            var times = new List<double>();
            var (allocatedBefore, collectionsBefore) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
            for (var i = 0; i < requests; i++) times.Add(await Time(browser, path));
            var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)requests / (1 << 20);
            times.Sort();
            Console.WriteLine($"  {name,-45} median {Statistics.Median(times),6:F1}  p95 {times[(int)Math.Ceiling(0.95 * times.Count) - 1],6:F1}  " +
                              $"fastest {times[0],6:F1}  slowest {times[^1],6:F1}  {allocated,5:F1} MB allocated a request, {GC.CollectionCount(0) - collectionsBefore} collections");
        }
        return 0;
    }

    private static async Task<string> Open(HttpClient api, string playbook, string title)
    {
        using var opened = await api.PostAsJsonAsync("/api/incidents", new { playbookId = playbook, title, severity = 2 });
        opened.EnsureSuccessStatusCode();
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>A client holding the admin's sign-in cookie (in <paramref name="cookies"/>), signed in through the sign-in form as a browser is.</summary>
    internal static async Task<HttpClient> SignedIn(Uri address, CookieContainer? cookies = null, int maxConnections = 2)
    {
        var handler = new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false, MaxConnectionsPerServer = maxConnections };
        var browser = new HttpClient(handler) { BaseAddress = address };
        var form = await browser.GetStringAsync("/signin");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var signedIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = BenchFolder.AdminPassword, ["__RequestVerificationToken"] = token,
        }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"signing in answered {(int)signedIn.StatusCode}");
        return browser;
    }

    private static async Task<double> Time(HttpClient browser, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var page = await browser.GetAsync(path);
        await page.Content.LoadIntoBufferAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)page.StatusCode}");
        return elapsed;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
