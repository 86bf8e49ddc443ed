using System.Text.Json;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.People;

public sealed record Person(long Id, string Name, string? Email, string? Phone, IReadOnlyList<string> Roles);

public sealed record NewPerson(string Name, string? Email = null, string? Phone = null, IReadOnlyList<string>? Roles = null);

/// <summary>The people who can be given roles in an incident; not all of them sign in.</summary>
public sealed class PeopleDirectory(Database database, TimeProvider time)
{
    public Person Add(NewPerson person)
    {
        var name = TextLimits.Require(person.Name, TextLimits.Title, "a person's name", field: "name");
        var email = Communications.EmailAddresses.Optional(person.Email, field: "email");
        var phone = string.IsNullOrWhiteSpace(person.Phone) ? null : TextLimits.Require(person.Phone, TextLimits.Title, "a phone number", field: "phone");
        var roles = (person.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        using var connection = database.Open();
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO people (name, email, phone, roles, created_at) VALUES (@Name, @Email, @Phone, @Roles, @At)
            RETURNING id
            """,
            new { Name = name, Email = email, Phone = phone, Roles = JsonSerializer.Serialize(roles), At = time.GetUtcNow() });
        return new Person(id, name, email, phone, roles);
    }

    public IReadOnlyList<Person> List()
    {
        using var connection = database.Open();
        return connection.Query<PersonRow>("SELECT id, name, email, phone, roles FROM people ORDER BY name").Select(r => r.ToPerson()).ToList();
    }

    private sealed class PersonRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public string Roles { get; init; } = "[]";

        public Person ToPerson() => new(Id, Name, Email, Phone, JsonSerializer.Deserialize<List<string>>(Roles) ?? []);
    }
}
