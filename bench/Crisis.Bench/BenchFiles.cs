using System.Text;

namespace Crisis.Bench;

internal static class BenchFiles
{
    public static string Repository { get; } = FindRepository();

    public static string ShippedPlaybooks => Path.Combine(Repository, "playbooks");

    /// <summary>A realistic large playbook: 10 phases of 20 steps, a quarter with sub-steps, guidance on every step.</summary>
    public static string LargePlaybook(int steps = 200)
    {
        var builder = new StringBuilder(
            """
            ---
            id: large
            title: Large playbook
            category: other
            version: 1
            roles:
              commander: Incident commander
              ops: Operations
              comms: Communications
            ---

            # Large playbook

            """);
        var written = 0;
        for (var phase = 1; written < steps; phase++)
        {
            builder.AppendLine($"\n## Phase {phase}\n");
            for (var i = 1; i <= 20 && written < steps; i++)
            {
                var role = (i % 3) switch { 0 => "commander", 1 => "ops", _ => "comms" };
                builder.AppendLine($"- [ ] Step {i} of phase {phase}: check the **thing** and record it @{role} due:+{i}h{(i % 5 == 0 ? " sev:1,2" : "")}");
                builder.AppendLine("  Guidance: who to call, what to look at, and where to write it down.");
                written++;
                if (i % 4 == 0 && written < steps)
                {
                    builder.AppendLine($"  - [ ] Sub-step {i}a @{role}");
                    written++;
                }
            }
        }
        return builder.ToString();
    }

    private static string FindRepository()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Crisis.sln"))) return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("run the benchmarks from inside the repository");
    }
}
