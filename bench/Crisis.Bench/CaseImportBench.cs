using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crisis.Core.Cases;
using Crisis.Core.Cases.Import;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Storage;
using Crisis.Core.Tests.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Crisis.Bench;

/// <summary>
/// Imports a realistic Tmall complaint export of 100,000 rows (see <see cref="ComplaintExports.TmallRows"/>) as CSV
/// (UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" saves it) and as XLSX, each into an empty SQLite file in WAL
/// mode with synchronous=FULL, as the app runs, then imports the same file again (every row already there). Times are
/// wall clock, the file already in memory as an upload is: reading (decoding and parsing), then mapping and storing;
/// the processor time beside them (all threads, the garbage collector's too) shows what a busy machine adds.
/// </summary>
internal static class CaseImportBench
{
    public static int Run(int rows)
    {
        var firstReceived = new DateTime(2026, 11, 11, 0, 0, 0);
        var export = ComplaintExports.TmallRows(rows, firstReceived).Prepend(ComplaintExports.TmallHeader).ToList();
        foreach (var (format, content) in new[]
                 {
                     ("CSV", ComplaintExports.Csv(export, Encoding.UTF8, byteOrderMark: true)),
                     ("XLSX", ComplaintExports.Xlsx(export)),
                 })
        {
            using var folder = new BenchFolder();
            var services = folder.Services(BenchFiles.ShippedPlaybooks, TimeProvider.System);
            services.GetRequiredService<Database>().UseWriteAheadLog();
            var import = services.GetRequiredService<CaseImport>();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{format}: {rows:N0} rows, {content.Length / 1048576.0:0.0} MB"));
            for (var round = 1; round <= 2; round++)
            {
                var processorBefore = Environment.CpuUsage.TotalTime;
                var watch = Stopwatch.StartNew();
                var file = CaseFiles.Read("tmall-export." + format.ToLowerInvariant(), content);
                var read = watch.Elapsed;
                // The person answered the one word the shipped words do not know, as the mapping step asks.
                var mapping = import.Propose("tmall-export", file) with { CategoryWords = new() { ["过敏"] = CaseCategories.Safety } };
                var result = import.Import("tmall-export", file, mapping, new Actor("bench", "agent"));
                var total = watch.Elapsed;
                var processor = Environment.CpuUsage.TotalTime - processorBefore;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(round == 1 ? "first import" : "same file again")}: {result.Imported:N0} imported, {result.AlreadyThere:N0} already there, " +
                    $"{result.RefusedRows:N0} refused; read {read.TotalSeconds:0.00} s, mapped and stored {(total - read).TotalSeconds:0.00} s, " +
                    $"total {total.TotalSeconds:0.00} s = {rows / total.TotalSeconds:N0} rows/s (processor time {processor.TotalSeconds:0.00} s)"));
            }
        }
        return 0;
    }
}
