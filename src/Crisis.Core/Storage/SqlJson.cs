namespace Crisis.Core.Storage;

/// <summary>
/// One field of a JSON column (an incident's snapshot) read in SQL, so a statement need not load and deserialise the
/// whole document. The dialect-specific piece is here: SQLite's <c>json_extract</c>; PostgreSQL would read
/// <c>(column::jsonb ->> 'field')</c>.
/// </summary>
public static class SqlJson
{
    public static string Field(string column, string field) => $"json_extract({column}, '$.{field}')";
}
