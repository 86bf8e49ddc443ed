using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crisis.Core.Playbooks;

namespace Crisis.Bench;

/// <summary>
/// Parse time of very large playbooks: realistic content (phases of owned, timed steps with sub-steps, guidance,
/// tables, quotes, code, Chinese and emoji) and deep nesting (a list indented one level more on every line, the shape
/// that took 23 s at 2,000 levels and more than a minute at 5,000), at 5 MB and 25 MB. Each is parsed once to warm up,
/// then timed over several runs; MaxBytes is raised so the 25 MB documents are parsed rather than refused, and the
/// refusal under the default limit is timed too.
/// </summary>
internal static class LargeParseBench
{
    public static int Run(int runs)
    {
        var unlimited = new PlaybookParserOptions { MaxBytes = long.MaxValue };
        foreach (var megabytes in new[] { 5, 25 })
        {
            foreach (var (name, markdown) in new[] { ("realistic", Realistic(megabytes)), ("deep nesting", DeepNesting(megabytes)) })
            {
                var result = PlaybookParser.Parse(markdown, "large.md", options: unlimited);
                var pausedBefore = GC.GetTotalPauseDuration();
                var processorBefore = Environment.CpuUsage.TotalTime;
                var times = Enumerable.Range(0, runs).Select(_ => Time(() => PlaybookParser.Parse(markdown, "large.md", options: unlimited))).Order().ToList();
                var processor = (Environment.CpuUsage.TotalTime - processorBefore).TotalMilliseconds / runs;
                var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds / runs;
                PlaybookParseResult? limited = null;
                var refusal = Time(() => limited = PlaybookParser.Parse(markdown, "large.md"));
                var underLimit = limited!.Errors.Any() ? $"refused under the default limit in {refusal:0.0} ms" : "within the default limit";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{megabytes,2} MB {name,-12} ({Encoding.UTF8.GetByteCount(markdown) / 1048576.0:0.0} MB, {result.Playbook.StepCount:N0} steps, {result.Errors.Count()} errors, " +
                    $"{result.Warnings.Count()} warnings): median {times[times.Count / 2]:0} ms ({times[0]:0}–{times[^1]:0}), processor time {processor:0} ms and GC pauses {paused:0} ms a parse; {underLimit}"));
            }
        }
        return 0;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Realistic(int megabytes)
    {
        var builder = new StringBuilder("---\nid: large\ntitle: Large playbook\ncategory: recall\nversion: 1\nroles:\n  ops: Operations\n  legal: Legal\n---\n\n# Large playbook\n\n");
        for (var phase = 0; builder.Length < megabytes * 1_000_000; phase++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"## Phase {phase}\n\nWhat this phase is for, with **bold** words and a [reference](https://example.com/{phase}).\n\n");
            for (var step = 0; step < 10; step++)
            {
                builder.Append(CultureInfo.InvariantCulture, $"- [ ] Step {phase}.{step}: notify the *team* and check `system-{step}` @ops due:+{step + 1}h\n")
                    .Append("  Guidance: who to call, and what to say when they answer.\n")
                    .Append(CultureInfo.InvariantCulture, $"  - Sub-step {step}: confirm with legal 检查 🙂 @legal\n  - Record the outcome in the log\n");
            }
            builder.Append("\n| contact | phone |\n|---|---|\n| Supplier | +1 555 0100 |\n\n> Note: keep the regulator informed.\n\n```\nrunbook --check\n```\n\n");
        }
        return builder.ToString();
    }

    private static string DeepNesting(int megabytes)
    {
        var builder = new StringBuilder("# Deep\n\n## Act\n\n");
        for (var level = 0; builder.Length < megabytes * 1_000_000; level++) builder.Append(' ', level * 2).Append("- item ").Append(level).Append('\n');
        return builder.ToString();
    }
}
