using Crisis.Core.Storage;
using Crisis.Web;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisis.Bench;

/// <summary>A temp folder holding benchmark databases, removed with everything in it once their connections are closed.</summary>
internal sealed class BenchFolder : IDisposable
{
    private readonly List<IDisposable> _opened = [];

    public string Path { get; } = Directory.CreateTempSubdirectory("crisis-bench-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The app's services (AddCrisis) over a migrated database in this folder, the given playbooks and the shipped templates.</summary>
    public IServiceProvider Services(string playbooks, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crisis"] = $"Data Source={File("bench.db")}",
            ["Crisis:Playbooks"] = playbooks,
            ["Crisis:Templates"] = System.IO.Path.Combine(BenchFiles.Repository, "templates"),
            ["Crisis:Brand:Name"] = "Aurora Baby",
            ["Crisis:Brand:Website"] = "https://aurora.example",
            ["Crisis:Brand:Hotline"] = "400-820-0000",
            ["Crisis:Brand:Email"] = "care@aurora.example",
        }).Build();
        var services = new ServiceCollection().AddCrisis(configuration).AddSingleton(time).BuildServiceProvider();
        _opened.Add(services);
        Migrator.Migrate(services.GetRequiredService<Database>(), time);
        return services;
    }

    /// <summary>
    /// The whole app, as <c>crisis serve</c> runs it, on a loopback port over a database in this folder and the playbooks
    /// in <paramref name="playbooks"/>, with an admin whose password is <see cref="AdminPassword"/>; logging off.
    /// </summary>
    public async Task<(WebApplication App, Uri Address)> StartApp(string playbooks)
    {
        var app = CrisisApp.Build(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Crisis=Data Source={File("crisis.db")}",
             $"--Crisis:Playbooks={playbooks}", $"--CRISIS_ADMIN_PASSWORD={AdminPassword}"],
            builder => builder.Logging.ClearProviders());
        CrisisApp.Prepare(app.Services, TextWriter.Null);
        await app.StartAsync();
        _opened.Add(app);
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    public const string AdminPassword = "bench-password";

    /// <summary>A bare table in WAL mode, the floor for any durable write here: one row, one transaction, as Crisis runs.</summary>
    public Database RawInsertDatabase()
    {
        var database = new Database($"Data Source={File("raw.db")}");
        _opened.Add(database);
        database.UseWriteAheadLog();
        using var connection = database.Open();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        return database;
    }

    public static int RawInsert(Database database)
    {
        using var connection = database.Open();
        return connection.Execute("INSERT INTO t (body) VALUES ('step.completed')");
    }

    public void Dispose()
    {
        foreach (var opened in _opened) opened.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}
