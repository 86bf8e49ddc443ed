using BenchmarkDotNet.Attributes;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;

namespace Crisis.Bench;

[MemoryDiagnoser]
public class ParseBenchmarks
{
    private (string Path, string Text)[] _files = [];

    [GlobalSetup]
    public void Setup() => _files = Directory.GetFiles(BenchFiles.ShippedPlaybooks, "*.md").Select(p => (p, File.ReadAllText(p))).ToArray();

    [Benchmark(Description = "parse all shipped playbooks")]
    public int ParseAllShipped() => _files.Sum(f => PlaybookParser.Parse(f.Text, f.Path).Playbook.StepCount);

    [Benchmark(Description = "parse a 200-step playbook")]
    public int ParseLarge() => PlaybookParser.Parse(BenchFiles.LargePlaybook(), "large.md").Playbook.StepCount;
}

/// <summary>Opening writes the snapshot, 200 step rows and the first event in one transaction on a real SQLite file.</summary>
public class OpenIncidentBenchmarks
{
    private BenchFolder _folder = null!;
    private OpenIncident _open = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new BenchFolder();
        var playbooks = Directory.CreateDirectory(_folder.File("playbooks")).FullName;
        File.WriteAllText(Path.Combine(playbooks, "large.md"), BenchFiles.LargePlaybook());
        var database = new Database($"Data Source={_folder.File("bench.db")}");
        Migrator.Migrate(database, TimeProvider.System);
        _open = new OpenIncident(database, new PlaybookLibrary(playbooks), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Description = "open an incident from a 200-step playbook")]
    public string Open() => _open.Execute(new OpenIncidentRequest("large", "Benchmark incident", 1), new Actor("bench"));
}

public class SqliteInsertBenchmarks
{
    private BenchFolder _folder = null!;
    private Database _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new BenchFolder();
        _database = _folder.RawInsertDatabase();
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Description = "raw SQLite single-row insert (own transaction)")]
    public int Insert() => BenchFolder.RawInsert(_database);
}
