using Crisis.Core.Storage;
using Crisis.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Core.Tests;

/// <summary>
/// A real SQLite file in a fresh temp folder, migrated, with a fake clock and a playbook folder of its own, and the
/// services over them wired by the production registration (<see cref="CrisisServices.AddCrisis"/>).
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ServiceProvider _services;

    public TestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("crisis-test-").FullName;
        PlaybookFolder = Directory.CreateDirectory(Path.Combine(Folder, "playbooks")).FullName;
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crisis"] = $"Data Source={Path.Combine(Folder, "crisis.db")}",
            ["Crisis:Playbooks"] = PlaybookFolder,
            ["Crisis:Templates"] = ShippedPlaybooks.FindRepositoryFolder("templates"),
            ["Crisis:Brand:Name"] = "Aurora Baby",
            ["Crisis:Brand:Website"] = "https://aurora.example",
            ["Crisis:Brand:Hotline"] = "400-820-0000",
            ["Crisis:Brand:Email"] = "care@aurora.example",
        }).Build();
        _services = StartServices();
        Migrator.Migrate(Database, Time);
    }

    public string Folder { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    public string PlaybookFolder { get; }
    public Database Database => Get<Database>();

    /// <summary>A service as the app would be given it.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The production container over this database, playbook folder and clock; a second one is the app after a restart.</summary>
    public ServiceProvider StartServices(Action<IServiceCollection>? also = null)
    {
        var services = new ServiceCollection().AddCrisis(_configuration).AddSingleton<TimeProvider>(Time);
        also?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public void AddPlaybook(string fileName, string markdown) => File.WriteAllText(Path.Combine(PlaybookFolder, fileName), markdown);

    public void AddShippedPlaybook(string fileName) => File.Copy(Path.Combine(ShippedPlaybooks.Folder, fileName), Path.Combine(PlaybookFolder, fileName));

    public void Dispose()
    {
        _services.Dispose(); // the container disposes the database, closing its connections
        Directory.Delete(Folder, recursive: true);
    }
}

public static class ShippedPlaybooks
{
    public static string Folder { get; } = FindRepositoryFolder("playbooks");

    public static string FindRepositoryFolder(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Crisis.sln"))) return Path.Combine(directory.FullName, name);
        }
        throw new DirectoryNotFoundException($"no Crisis.sln above {AppContext.BaseDirectory}");
    }
}
