using System.Text.Encodings.Web;
using System.Text.Json;
using Crisis.Core.Exercises;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>
/// Import rules for foreign structures must not change how the playbooks we ship are read: every shipped file is compared
/// with a snapshot of what the parser gave before those rules (ids, phases, steps, tokens, guidance, diagnostics).
/// After an intended change, the new reading is written to the temp folder named in the failure to be reviewed and copied.
/// </summary>
public class ShippedPlaybookSnapshotTests
{
    private static readonly string SnapshotFile = Path.Combine(AppContext.BaseDirectory, "Playbooks", "shipped-playbooks.snapshot.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void Every_shipped_playbook_and_scenario_parses_exactly_as_in_the_snapshot()
    {
        var actual = Snapshot();
        var expected = File.ReadAllText(SnapshotFile).ReplaceLineEndings("\n");
        if (actual != expected)
        {
            var written = Path.Combine(Path.GetTempPath(), "shipped-playbooks.snapshot.json");
            File.WriteAllText(written, actual);
            Assert.Fail($"the shipped playbooks no longer parse as in the snapshot; the new reading is in {written}");
        }
    }

    private static string Snapshot()
    {
        var folder = ShippedPlaybooks.Folder;
        var playbooks = new PlaybookLibrary(folder).All();
        var entries = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var result in playbooks)
        {
            entries[Relative(result.Path)] = new { result.Playbook, Diagnostics = result.Diagnostics.Select(d => (d with { File = Relative(d.File) }).ToString()) };
        }
        var context = new ScenarioContext((id, language) => playbooks.Where(r => r.Playbook.Id == id)
            .OrderByDescending(r => r.Playbook.Language == language).Select(r => r.Playbook).FirstOrDefault(), null);
        foreach (var path in Directory.GetFiles(Path.Combine(folder, "exercises"), "*.md"))
        {
            var result = ScenarioParser.ParseFile(path, context);
            entries[Relative(path)] = new { result.Scenario, Diagnostics = result.Diagnostics.Select(d => (d with { File = Relative(d.File) }).ToString()) };
        }
        return JsonSerializer.Serialize(entries, Json).ReplaceLineEndings("\n") + "\n";

        string Relative(string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
    }
}
