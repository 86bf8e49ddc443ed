using System.Diagnostics;
using System.Globalization;
using System.Net;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Crisis.Core.Storage;
using Crisis.Pdf;
using Crisis.Pdf.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crisis.Bench;

/// <summary>
/// The large post-incident review (300 steps, 1,000 timeline events) rendered by Crisis.Pdf and, in the same run,
/// the same document as HTML printed to PDF by Chromium (Playwright's page.PdfAsync). Time per render and peak
/// resident memory above the idle baseline, sampled from /proc every 5 ms (for Chromium: all its processes).
/// </summary>
internal static class PdfBench
{
    public static async Task<int> Run(int runs)
    {
        using var folder = new BenchFolder();
        var document = ReviewReport.Build(LargeReview(folder), ReportTexts.For("en"), PageFormat.A4);
        var html = HtmlRendering.Write(document);

        var rssBeforeFonts = Rss([Environment.ProcessId]);
        var cold = Stopwatch.StartNew();
        _ = FontLibrary.Default; // finds the families and loads the regular face (its metrics place every line)
        var fonts = cold.Elapsed;
        PdfRenderer.Render(document); // loads the other faces it draws with, and compiles the code paths as it goes
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first render in this process (font loading included): {cold.Elapsed.TotalMilliseconds:0} ms (the library with its regular face {fonts.TotalMilliseconds:0} ms), RSS +{(Rss([Environment.ProcessId]) - rssBeforeFonts) / 1048576.0:0} MB; rebuilt fonts cached in {FontLibrary.DefaultCacheFolder()}"));
        var skia = await Measure(runs, () => Task.FromResult(PdfRenderer.Render(document)), () => [Environment.ProcessId]);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true });
        var page = await browser.NewPageAsync();
        async Task<byte[]> Print()
        {
            await page.SetContentAsync(html);
            return await page.PdfAsync(new()
            {
                Format = "A4", PrintBackground = true, DisplayHeaderFooter = true,
                Margin = new() { Top = "64px", Bottom = "60px", Left = "56px", Right = "56px" },
                HeaderTemplate = $"<div style='font-size:7px;width:100%;padding:0 56px'>{WebUtility.HtmlEncode(document.HeaderLeft)}</div>",
                FooterTemplate = "<div style='font-size:7px;width:100%;padding:0 56px;text-align:right'>Page <span class=pageNumber></span> of <span class=totalPages></span></div>",
            });
        }
        await Print();
        var chromium = await Measure(runs, Print, ChromiumProcesses);

        Console.WriteLine($"large review: {document.Blocks.Count} blocks, HTML {html.Length / 1024} KB");
        Report("Crisis.Pdf (SkiaSharp + HarfBuzz)", skia);
        Report("Chromium page.PdfAsync (HTML of the same content)", chromium);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio (Chromium / Crisis.Pdf): time {chromium.Median / skia.Median:0.0}x, peak memory {chromium.PeakMb / Math.Max(skia.PeakMb, 1):0.0}x"));
        return 0;
    }

    private sealed record Result(double Median, double Min, double Max, double PeakMb, double AllocatedMb, int Pages, int Bytes);

    private static void Report(string name, Result result) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: median {result.Median:0} ms (min {result.Min:0}, max {result.Max:0}); peak RSS +{result.PeakMb:0} MB; managed allocations in this process {result.AllocatedMb:0} MB per render; {result.Pages} pages, {result.Bytes / 1024} KB"));

    private static async Task<Result> Measure(int runs, Func<Task<byte[]>> render, Func<IReadOnlyList<int>> processes)
    {
        var times = new List<double>();
        double peak = 0;
        byte[] pdf = [];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var baseline = Rss(processes());
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                long highest = 0;
                while (!stop.IsCancellationRequested)
                {
                    highest = Math.Max(highest, Rss(processes()));
                    await Task.Delay(5);
                }
                return highest;
            });
            var clock = Stopwatch.StartNew();
            pdf = await render();
            times.Add(clock.Elapsed.TotalMilliseconds);
            stop.Cancel();
            peak = Math.Max(peak, (await sampler - baseline) / 1024.0 / 1024.0);
        }
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0 / runs;
        times.Sort();
        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return new Result(times[times.Count / 2], times[0], times[^1], peak, allocatedMb, read.NumberOfPages, pdf.Length);
    }

    /// <summary>Resident bytes of the given processes, from /proc/PID/status.</summary>
    private static long Rss(IReadOnlyList<int> pids)
    {
        long total = 0;
        foreach (var pid in pids)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (line is not null)
                    total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
        }
        return total;
    }

    private static IReadOnlyList<int> ChromiumProcesses() =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit)).Select(int.Parse!)
            .Where(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/comm").StartsWith("chrom", StringComparison.Ordinal); }
                catch (IOException) { return false; }
            }).ToList();

    /// <summary>An incident from a 300-step playbook with 1,000 timeline events, resolved, with an open review.</summary>
    private static ReviewReportData LargeReview(BenchFolder folder)
    {
        var playbooks = Directory.CreateDirectory(folder.File("playbooks")).FullName;
        File.WriteAllText(Path.Combine(playbooks, "large.md"), BenchFiles.LargePlaybook(300));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var services = folder.Services(playbooks, clock);
        var database = services.GetRequiredService<Database>();
        var key = services.GetRequiredService<OpenIncident>().Execute(new OpenIncidentRequest("large", "Cracked bottles, batch 2611", 1), new Actor("mei"));
        var steps = services.GetRequiredService<StepActions>();
        var ids = services.GetRequiredService<IncidentQueries>().Get(key).AllSteps.Select(step => step.Id).ToList();
        Console.WriteLine($"incident with {ids.Count} steps");
        for (var events = new Timeline(database).Read(key).Count; events < 1000; events++)
        {
            clock.Advance(TimeSpan.FromMinutes(2));
            var i = events - 1;
            if (i < ids.Count) steps.Complete(key, ids[i], new Actor("zhang"));
            else steps.Note(key, ids[i % ids.Count], new Actor("zhang"), $"Recount {i}: shelf empty, photo filed");
        }
        services.GetRequiredService<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, new Actor("mei"), openStepsAcknowledged: new OpenStepsAcknowledgement("Benchmark: the rest is not needed"));
        services.GetRequiredService<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 12_040, ComplaintsPlatform = 310, Complaints12315 = 22, ComplaintsSocial = 95 }, new Actor("mei"));
        services.GetRequiredService<PostIncidentReviews>().Open(key, new Actor("mei"));
        return services.GetRequiredService<IncidentReports>().ReviewData(key);
    }
}
