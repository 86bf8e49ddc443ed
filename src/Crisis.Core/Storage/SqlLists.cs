using System.Text.Json;

namespace Crisis.Core.Storage;

/// <summary>
/// A list of values bound as one JSON parameter and read back as rows: Dapper's <c>IN @ids</c> binds one parameter per
/// item, and SQLite refuses a statement with more than 32,766 (an import or a bulk change can have 100,000). The
/// dialect-specific piece is here: SQLite's <c>json_each</c>; PostgreSQL would read <c>jsonb_array_elements_text</c>.
/// </summary>
public static class SqlLists
{
    /// <summary>"IN (…)" over the list bound as <paramref name="parameter"/> with <see cref="Of{T}"/>.</summary>
    public static string In(string parameter) => $"IN (SELECT value FROM json_each(@{parameter}))";

    public static string Of<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items);
}
