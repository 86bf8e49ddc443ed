using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Core.Tests;

/// <summary>A real SQLite file in a fresh temp folder, migrated, with a fake clock and a playbook folder of its own.</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("crisis-test-").FullName;
        Database = new Database($"Data Source={Path.Combine(Folder, "crisis.db")}");
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Migrator.Migrate(Database, Time);
        PlaybookFolder = Directory.CreateDirectory(Path.Combine(Folder, "playbooks")).FullName;
        Playbooks = new PlaybookLibrary(PlaybookFolder);
    }

    public string Folder { get; }
    public Database Database { get; }
    public FakeTimeProvider Time { get; }
    public string PlaybookFolder { get; }
    public PlaybookLibrary Playbooks { get; }

    public void AddPlaybook(string fileName, string markdown) => File.WriteAllText(Path.Combine(PlaybookFolder, fileName), markdown);

    public Crisis.Core.Communications.TemplateLibrary ShippedTemplates { get; } = new(ShippedPlaybooks.FindRepositoryFolder("templates"));

    public void AddShippedPlaybook(string fileName) => File.Copy(Path.Combine(ShippedPlaybooks.Folder, fileName), Path.Combine(PlaybookFolder, fileName));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
