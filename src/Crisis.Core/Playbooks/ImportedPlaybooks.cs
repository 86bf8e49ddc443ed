using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Playbooks;

/// <summary>Whether an imported playbook's id and language are free in the library.</summary>
public enum ImportConflict
{
    None,
    /// <summary>A playbook the same person imported before: they may replace it once they confirm.</summary>
    OwnImport,
    /// <summary>A shipped playbook, one edited by hand, or someone else's import: never overwritten from the import page.</summary>
    Taken,
}

/// <summary>
/// Saves imported playbooks into the library folder, and remembers who saved each file, so that importing again replaces
/// only one's own import and never a playbook someone else wrote.
/// </summary>
public sealed class ImportedPlaybooks(Database database, PlaybookLibrary library, TimeProvider time)
{
    /// <summary>The file an imported playbook is saved as: the id, with the language before .md unless it is English.</summary>
    public static string FileName(string id, string language) => language == "en" ? $"{id}.md" : $"{id}.{language}.md";

    public ImportConflict Conflict(string id, string language, string user)
    {
        var fileName = FileName(id, language);
        var taken = File.Exists(Path.Combine(library.Folder, fileName))
            || library.All().Any(result => result.Playbook.Id == id && result.Playbook.Language == language);
        if (!taken) return ImportConflict.None;
        return ImportedBy(fileName) == user && File.Exists(Path.Combine(library.Folder, fileName)) ? ImportConflict.OwnImport : ImportConflict.Taken;
    }

    /// <summary>
    /// Writes <paramref name="markdown"/> (a native playbook with this id and language) into the library folder. Refused
    /// when it does not lint clean, when the id is taken, or when it is the person's own import and they did not confirm
    /// replacing it.
    /// </summary>
    public void Save(string markdown, string id, string language, string user, bool replaceOwnImport)
    {
        var fileName = FileName(id, language);
        var path = Path.Combine(library.Folder, fileName);
        var parsed = PlaybookParser.Parse(markdown, path);
        if (parsed.HasErrors) throw new RuleViolationException($"the imported playbook does not lint: {parsed.Errors.First()}");
        if (parsed.Playbook.Id != id || parsed.Playbook.Language != language)
            throw new RuleViolationException($"the imported playbook reads as '{parsed.Playbook.Id}' ({parsed.Playbook.Language}), not '{id}' ({language})");
        database.InTransaction((connection, transaction) =>
        {
            switch (Conflict(id, language, user))
            {
                case ImportConflict.Taken:
                    throw new RuleViolationException($"a playbook with id '{id}' ({language}) already exists") { Field = "id" };
                case ImportConflict.OwnImport when !replaceOwnImport:
                    throw new RuleViolationException($"you imported '{id}' ({language}) before: confirm replacing it") { Field = "id" };
            }
            connection.Execute("""
                INSERT INTO playbook_imports (file_name, imported_by, imported_at) VALUES (@fileName, @user, @now)
                ON CONFLICT (file_name) DO UPDATE SET imported_by = excluded.imported_by, imported_at = excluded.imported_at
                """, new { fileName, user, now = time.GetUtcNow() }, transaction);
            // Written beside the target and moved over it, so the library never reads half a file.
            var partial = Path.Combine(library.Folder, $".{fileName}.{Guid.NewGuid():N}.tmp");
            Directory.CreateDirectory(library.Folder);
            File.WriteAllText(partial, markdown);
            File.Move(partial, path, overwrite: true);
            return 0;
        });
    }

    private string? ImportedBy(string fileName)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<string>("SELECT imported_by FROM playbook_imports WHERE file_name = @fileName", new { fileName });
    }
}
