using Crisis.Core.Communications;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Organisation;

/// <summary>One thing a new installation needs before its first crisis; <see cref="Key"/> names it and where to do it.</summary>
public sealed record FirstRunItem(string Key, bool Done);

/// <summary>
/// What an admin sets up before the first real incident, each item worked out from what is there (never ticked by
/// hand): the brand templates speak for, a mail server, a colleague's account, people in the directory with the
/// roles they can hold, a playbook in use, and a rehearsal.
/// </summary>
public sealed class FirstRunChecklist(Database database, OrganisationSettings organisation, SmtpSettings smtp)
{
    public const string Brand = "brand";
    public const string Mail = "mail";
    public const string Users = "users";
    public const string People = "people";
    public const string Playbook = "playbook";
    public const string Exercise = "exercise";

    public IReadOnlyList<FirstRunItem> Items()
    {
        var brand = organisation.Current();
        using var connection = database.Open();
        bool Any(string sql) => connection.ExecuteScalar<long>(sql) > 0;
        return
        [
            new(Brand, new[] { brand.BrandName, brand.Hotline, brand.Email }.All(value => !string.IsNullOrWhiteSpace(value))),
            new(Mail, smtp.IsConfigured),
            new(Users, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM users WHERE disabled_at IS NULL") > 1),
            new(People, Any("SELECT COUNT(*) FROM people WHERE roles <> '[]'")),
            new(Playbook, Any("SELECT COUNT(*) FROM incidents")),
            new(Exercise, Any("SELECT COUNT(*) FROM exercises")),
        ];
    }

    public bool IsComplete => Items().All(item => item.Done);
}
