using System.Security.Cryptography;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases.Import;

/// <summary>
/// Files uploaded on the import page, held between the upload and the mapping step for the person who uploaded them.
/// They hold customers' phone numbers and addresses, so each is removed once imported, and a day after its upload at
/// the latest (every new upload clears the expired ones).
/// </summary>
public sealed class CaseImportUploads(Database database, TimeProvider time)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>Holds a file for <paramref name="userName"/>; the token names it to them alone.</summary>
    public string Hold(string fileName, byte[] content, string userName)
    {
        var id = Base64UrlToken();
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            RemoveExpired(connection, transaction, now);
            return connection.Execute(
                "INSERT INTO case_import_uploads (id, file_name, content, uploaded_by, uploaded_at) VALUES (@id, @fileName, @content, @userName, @now)",
                new { id, fileName = Path.GetFileName(fileName), content, userName, now }, transaction);
        });
        return id;
    }

    /// <summary>The file held under <paramref name="id"/> for <paramref name="userName"/>, or null when there is none (another's, expired or imported).</summary>
    /// <summary>Removes the files held longer than <see cref="KeptFor"/>: an import left at its mapping step still carries customers' phone numbers.</summary>
    public int RemoveExpired() => database.InTransaction((connection, transaction) => RemoveExpired(connection, transaction, time.GetUtcNow()));

    private static int RemoveExpired(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, DateTimeOffset now) =>
        connection.Execute("DELETE FROM case_import_uploads WHERE uploaded_at < @expired", new { expired = now - KeptFor }, transaction);

    public HeldUpload? Find(string? id, string userName)
    {
        if (string.IsNullOrEmpty(id)) return null;
        using var connection = database.Open();
        return connection.Query<(string FileName, byte[] Content)>(
                "SELECT file_name, content FROM case_import_uploads WHERE id = @id AND uploaded_by = @userName AND uploaded_at >= @expired",
                new { id, userName, expired = time.GetUtcNow() - KeptFor })
            .Select(row => new HeldUpload(id, row.FileName, row.Content))
            .SingleOrDefault();
    }

    public void Release(string id) =>
        database.InTransaction((connection, transaction) => connection.Execute("DELETE FROM case_import_uploads WHERE id = @id", new { id }, transaction));

    private static string Base64UrlToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record HeldUpload(string Id, string FileName, byte[] Content);
