using BenchmarkDotNet.Attributes;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

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
    private string _folder = "";
    private OpenIncident _open = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("crisis-bench-").FullName;
        var playbooks = Directory.CreateDirectory(Path.Combine(_folder, "playbooks")).FullName;
        File.WriteAllText(Path.Combine(playbooks, "large.md"), BenchFiles.LargePlaybook());
        var database = new Database($"Data Source={Path.Combine(_folder, "bench.db")}");
        Migrator.Migrate(database, TimeProvider.System);
        _open = new OpenIncident(database, new PlaybookLibrary(playbooks), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "open an incident from a 200-step playbook")]
    public string Open() => _open.Execute(new OpenIncidentRequest("large", "Benchmark incident", 1), new Actor("bench"));
}

/// <summary>The floor for any durable write here: one row, one transaction, WAL with synchronous=FULL, as Crisis runs.</summary>
public class SqliteInsertBenchmarks
{
    private string _folder = "";
    private Database _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("crisis-bench-").FullName;
        _database = new Database($"Data Source={Path.Combine(_folder, "raw.db")}");
        _database.UseWriteAheadLog();
        using var connection = _database.Open();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "raw SQLite single-row insert (own transaction)")]
    public int Insert() => RawInsert.One(_database);
}

internal static class RawInsert
{
    public static int One(Database database)
    {
        using var connection = database.Open();
        return connection.Execute("INSERT INTO t (body) VALUES ('step.completed')");
    }
}
