using System.Data;
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
            if (playbook.Roles.All(r => r.Key != roleKey))
            {
                throw new RuleViolationException($"role '{roleKey}' is not a role of playbook '{playbook.Id}' (roles: {string.Join(", ", playbook.Roles.Select(r => r.Key))})");
            }
            assignments.Add((roleKey, FindPerson(connection, transaction, personId)));
        }
        return assignments;
    }

    public static Person FindPerson(IDbConnection connection, IDbTransaction transaction, long personId)
    {
        var row = connection.QuerySingleOrDefault<(long Id, string Name, string? Email)>(
            "SELECT id, name, email FROM people WHERE id = @personId", new { personId }, transaction);
        if (row.Id == 0) throw new NotFoundException($"no person with id {personId}");
        return new Person(row.Id, row.Name, row.Email, null, []);
    }

    public static void Assign(IncidentWrite write, long incidentId, string key, Playbook playbook, string roleKey, Person person, Actor actor,
        Notifications notifications)
    {
        write.Connection.Execute(
            """
            INSERT INTO incident_roles (incident_id, role_key, person_id) VALUES (@incidentId, @roleKey, @personId)
            ON CONFLICT (incident_id, role_key) DO UPDATE SET person_id = excluded.person_id
            """, new { incidentId, roleKey, personId = person.Id }, write.Transaction);
        write.Record(incidentId, key, actor.Name, EventKinds.RoleAssigned, new { role = roleKey, personId = person.Id, person = person.Name });
        notifications.RoleAssigned(write.Connection, write.Transaction, IncidentRecord.LoadById(write.Connection, write.Transaction, incidentId), playbook, roleKey, person,
            actor, write.Now);
    }
}
