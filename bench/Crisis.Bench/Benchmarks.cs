using BenchmarkDotNet.Attributes;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Microsoft.Extensions.DependencyInjection;

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
        _open = _folder.Services(playbooks, TimeProvider.System).GetRequiredService<OpenIncident>();
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

/// <summary>Rendering a shipped template, and a draft approved into the outbox on a real SQLite file.</summary>
[MemoryDiagnoser]
public class MessageBenchmarks
{
    private static readonly Dictionary<string, string> RecallVariables = new()
    {
        ["product"] = "Anti-colic bottle 260 ml", ["batches"] = "2611, 2612", ["hazard"] = "The base can crack when sterilised.",
        ["how_to_identify"] = "The batch number is printed on the base.", ["remedy"] = "A full refund to your original payment method.",
    };

    private static readonly Actor Commander = new("bench", Roles.Commander);
    private BenchFolder _folder = null!;
    private MessageTemplate _template = null!;
    private Messages _messages = null!;
    private string _key = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = new BenchFolder();
        var services = _folder.Services(BenchFiles.ShippedPlaybooks, TimeProvider.System);
        _template = services.GetRequiredService<TemplateLibrary>().Get("recall-customer-notice", "zh-CN");
        _messages = services.GetRequiredService<Messages>();
        _key = services.GetRequiredService<OpenIncident>()
            .Execute(new OpenIncidentRequest("product-recall", "Benchmark recall", 1), Commander);
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Description = "render the Chinese recall notice (Liquid + Markdown to HTML and text)")]
    public int Render()
    {
        var rendered = TemplateRenderer.Render(_template, TemplateModel.Sample(RecallVariables));
        return SafeMarkdown.ToHtml(rendered.Markdown).Length + SafeMarkdown.ToText(rendered.Markdown).Length;
    }

    [Benchmark(Description = "draft and approve an email to 3 recipients (2 transactions, 3 outbox rows)")]
    public string DraftAndApprove()
    {
        var draft = _messages.Draft(_key, new DraftRequest("recall-customer-notice", "en", ["a@example.com", "b@example.com", "c@example.com"], RecallVariables), Commander);
        return _messages.Approve(draft.Id, Commander).Status;
    }
}
