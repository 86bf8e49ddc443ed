using System.Text.Json;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.People;

/// <summary>Someone who can be given roles; <see cref="Language"/> is the one they read Crisis's own emails in where no incident decides it (null reads English).</summary>
public sealed record Person(long Id, string Name, string? Email, string? Phone, IReadOnlyList<string> Roles, string? Language = null);

public sealed record NewPerson(string Name, string? Email = null, string? Phone = null, IReadOnlyList<string>? Roles = null, string? Language = null);

/// <summary>The people who can be given roles in an incident; not all of them sign in.</summary>
public sealed class PeopleDirectory(Database database, TimeProvider time)
{
    public Person Add(NewPerson person)
    {
        var name = TextLimits.Require(person.Name, TextLimits.Title, "a person's name", field: "name");
        var email = Communications.EmailAddresses.Optional(person.Email, field: "email");
        var phone = string.IsNullOrWhiteSpace(person.Phone) ? null : TextLimits.Require(person.Phone, TextLimits.Title, "a phone number", field: "phone");
        var roles = (person.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        var language = Language(person.Language);
        using var connection = database.Open();
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO people (name, email, phone, roles, language, created_at) VALUES (@Name, @Email, @Phone, @Roles, @Language, @At)
            RETURNING id
            """,
            new { Name = name, Email = email, Phone = phone, Roles = JsonSerializer.Serialize(roles), Language = language, At = time.GetUtcNow() });
        return new Person(id, name, email, phone, roles, language);
    }

    private static string? Language(string? language) =>
        string.IsNullOrWhiteSpace(language) ? null
        : Playbooks.Languages.All.Contains(language.Trim()) ? language.Trim()
        : throw new RuleViolationException($"'{language}' is not a language Crisis writes; one of {string.Join(", ", Playbooks.Languages.All)}") { Field = "language" };

    public IReadOnlyList<Person> List()
    {
        using var connection = database.Open();
        return connection.Query<PersonRow>("SELECT id, name, email, phone, roles, language FROM people ORDER BY name").Select(r => r.ToPerson()).ToList();
    }

    private sealed class PersonRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public string Roles { get; init; } = "[]";
        public string? Language { get; init; }

        public Person ToPerson() => new(Id, Name, Email, Phone, JsonSerializer.Deserialize<List<string>>(Roles) ?? [], Language);
    }
}
