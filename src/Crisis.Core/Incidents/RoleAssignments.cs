using System.Data;
using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Dapper;

namespace Crisis.Core.Incidents;

internal static class RoleAssignments
{
    public static List<(string RoleKey, Person Person)> Validate(IDbConnection connection, IDbTransaction transaction, Playbook playbook,
        IReadOnlyDictionary<string, long>? requested)
    {
        var assignments = new List<(string, Person)>();
        foreach (var (roleKey, personId) in requested ?? new Dictionary<string, long>())
        {
            var field = $"roles.{roleKey}";
            if (playbook.Roles.All(r => r.Key != roleKey))
            {
                throw new RuleViolationException($"role '{roleKey}' is not a role of playbook '{playbook.Id}' (roles: {string.Join(", ", playbook.Roles.Select(r => r.Key))})")
                    { Field = field, TextKey = RefusalTexts.UnknownRole };
            }
            // Someone removed from the directory while the form naming them was open: a problem with that role's choice.
            var person = FindPersonOrNull(connection, transaction, personId)
                ?? throw new NotFoundException($"no person with id {personId}") { Field = field, TextKey = RefusalTexts.NoSuchPerson };
            assignments.Add((roleKey, person));
        }
        return assignments;
    }

    public static Person FindPerson(IDbConnection connection, IDbTransaction transaction, long personId) =>
        FindPersonOrNull(connection, transaction, personId) ?? throw new NotFoundException($"no person with id {personId}");

    private static Person? FindPersonOrNull(IDbConnection connection, IDbTransaction transaction, long personId)
    {
        var row = connection.QuerySingleOrDefault<(long Id, string Name, string? Email)>(
            "SELECT id, name, email FROM people WHERE id = @personId", new { personId }, transaction);
        return row.Id == 0 ? null : new Person(row.Id, row.Name, row.Email, null, []);
    }

    /// <summary>
    /// Gives the role to <paramref name="person"/>; from someone else, a hand-off. Only the role's open steps nobody has
    /// settled move with it (<see cref="StepRow.OwnerIdSql"/>); the timeline names both people. Giving a role to whoever
    /// holds it already changes nothing and records nothing.
    /// </summary>
    public static void Assign(IncidentWrite write, long incidentId, string key, Playbook playbook, string roleKey, Person person, Actor actor,
        Notifications notifications)
    {
        var holder = write.Connection.QuerySingleOrDefault<(long Id, string Name)>(
            "SELECT p.id, p.name FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @incidentId AND r.role_key = @roleKey",
            new { incidentId, roleKey }, write.Transaction);
        if (holder.Id == person.Id) return;
        var previous = holder.Id == 0 ? null : new RoleHandOver(holder.Id, holder.Name);
        write.Connection.Execute(
            """
            INSERT INTO incident_roles (incident_id, role_key, person_id) VALUES (@incidentId, @roleKey, @personId)
            ON CONFLICT (incident_id, role_key) DO UPDATE SET person_id = excluded.person_id
            """, new { incidentId, roleKey, personId = person.Id }, write.Transaction);
        write.Record(incidentId, key, actor.Name, EventKinds.RoleAssigned,
            new { role = roleKey, personId = person.Id, person = person.Name, previousPersonId = previous?.PersonId, previousPerson = previous?.Name });
        ChatNotices.Tell(write, incidentId, ChatEventKinds.RoleGiven, new Dictionary<string, string?>
        {
            [ChatDetails.Role] = playbook.Roles.FirstOrDefault(r => r.Key == roleKey)?.Name ?? roleKey, [ChatDetails.Person] = person.Name, [ChatDetails.By] = actor.Name,
        });
        notifications.RoleAssigned(write.Connection, write.Transaction, IncidentRecord.LoadById(write.Connection, write.Transaction, incidentId), playbook, roleKey, person,
            previous, actor, write.Now);
    }
}

/// <summary>Who held a role before it was handed to someone else.</summary>
internal sealed record RoleHandOver(long PersonId, string Name);
