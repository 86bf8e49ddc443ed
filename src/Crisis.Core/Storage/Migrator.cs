using System.Reflection;
using Dapper;

namespace Crisis.Core.Storage;

/// <summary>Applies the numbered SQL scripts embedded under Storage/Migrations, each once, each in its own transaction.</summary>
public static class Migrator
{
    public static IReadOnlyList<string> Scripts { get; } = typeof(Migrator).Assembly
        .GetManifestResourceNames()
        .Where(name => name.EndsWith(".sql", StringComparison.Ordinal) && name.Contains(".Migrations.", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <param name="before">Stop at this script (a test building a database as an older version left it).</param>
    /// <returns>The names of the scripts applied by this call.</returns>
    public static IReadOnlyList<string> Migrate(Database database, TimeProvider time, string? before = null)
    {
        database.UseWriteAheadLog();
        using var connection = database.Open();
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
        var applied = connection.Query<string>("SELECT name FROM schema_migrations").ToHashSet();
        var newlyApplied = new List<string>();
        foreach (var resource in Scripts)
        {
            var name = ScriptName(resource);
            if (before is not null && string.CompareOrdinal(name, before) >= 0) break;
            if (applied.Contains(name)) continue;
            using var transaction = connection.BeginTransaction();
            connection.Execute(ReadScript(resource), transaction: transaction);
            connection.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)",
                new { name, at = Timestamps.Format(time.GetUtcNow()) }, transaction);
            transaction.Commit();
            newlyApplied.Add(name);
        }
        return newlyApplied;
    }

    private static string ScriptName(string resource)
    {
        var marker = ".Migrations.";
        return resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
    }

    private static string ReadScript(string resource)
    {
        using var stream = typeof(Migrator).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
