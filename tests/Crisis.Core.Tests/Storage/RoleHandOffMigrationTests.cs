using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Tests.Storage;

/// <summary>
/// Steps settled before 0010_role_handoff get the owner they were settled under from the timeline, not whoever holds
/// the role when the database is upgraded: an upgrade after a hand-off must not rewrite who did what.
/// </summary>
public class RoleHandOffMigrationTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Steps_done_or_blocked_before_the_migration_keep_the_person_they_were_settled_under()
    {
        using var database = new Database($"Data Source={Path.Combine(_test.Folder, "before-0010.db")}");
        Migrator.Migrate(database, _test.Time, before: "0010_role_handoff.sql");
        using (var connection = database.Open())
        {
            Assert.DoesNotContain("status_owner_id", connection.Query<string>("SELECT name FROM pragma_table_info('steps')"));
            // As the code before 0010 stored them: Zhang holds quality and settles two steps, the role goes to Li, who
            // settles one; one step was given to Wang by name, done, then handed back to the role; one is still to do.
            connection.Execute(
                """
                INSERT INTO people (id, name, created_at) VALUES (1, 'Zhang Min', '2026-11-01T08:00:00.000Z'),
                    (2, 'Li Na', '2026-11-01T08:00:00.000Z'), (3, 'Wang Fang', '2026-11-01T08:00:00.000Z'),
                    (12, 'Chen Jie', '2026-11-01T08:00:00.000Z');
                INSERT INTO playbook_versions (playbook_id, version, hash, title, markdown, first_seen)
                VALUES ('product-recall', 1, 'h', 'Product recall', '', '2026-11-01T08:00:00.000Z');
                INSERT INTO incidents (id, key, title, severity, status, playbook_id, playbook_version, playbook_hash, snapshot, opened_by, opened_at, last_event_hash)
                VALUES (1, 'INC-2026-0001', 'Cracked bottles', 1, 'open', 'product-recall', 1, 'h', '{}', 'mei', '2026-11-01T08:00:00.000Z', 'x');
                INSERT INTO incident_roles (incident_id, role_key, person_id) VALUES (1, 'quality', 2), (1, 'quality_lead', 12);
                INSERT INTO steps (incident_id, step_id, phase_index, position, text, role_key, assignee_id, status, status_by, status_at) VALUES
                    (1, 'confirm-defect', 0, 0, 'Confirm', 'quality', NULL, 'done', 'zhang', '2026-11-01T08:10:00.000Z'),
                    (1, 'preserve-evidence', 0, 1, 'Preserve', 'quality', NULL, 'blocked', 'zhang', '2026-11-01T08:20:00.000Z'),
                    (1, 'fix-root-cause', 0, 2, 'Fix', 'quality', NULL, 'done', 'li', '2026-11-01T09:10:00.000Z'),
                    (1, 'count-units', 0, 3, 'Count', 'quality', NULL, 'done', 'wang', '2026-11-01T09:20:00.000Z'),
                    (1, 'dispose-stock', 0, 4, 'Dispose', 'quality', NULL, 'todo', NULL, NULL),
                    (1, 'sign-off', 0, 5, 'Sign off', 'quality_lead', NULL, 'done', 'chen', '2026-11-01T08:05:00.000Z');
                INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash) VALUES
                    (1, 1, '2026-11-01T08:00:00.000Z', 'mei', 'incident.opened', '{"title":"Cracked bottles"}', 'g', 'e1'),
                    (1, 2, '2026-11-01T08:00:00.000Z', 'mei', 'role.assigned', '{"role":"quality","personId":1,"person":"Zhang Min"}', 'e1', 'e2'),
                    (1, 3, '2026-11-01T08:00:00.000Z', 'mei', 'role.assigned', '{"role":"quality_lead","personId":12,"person":"Chen Jie"}', 'e2', 'e3'),
                    (1, 4, '2026-11-01T08:05:00.000Z', 'chen', 'step.completed', '{"step":"sign-off","from":"todo","to":"done","reason":null}', 'e3', 'e4'),
                    (1, 5, '2026-11-01T08:10:00.000Z', 'zhang', 'step.completed', '{"step":"confirm-defect","from":"todo","to":"done","reason":null}', 'e4', 'e5'),
                    (1, 6, '2026-11-01T08:20:00.000Z', 'zhang', 'step.blocked', '{"step":"preserve-evidence","from":"todo","to":"blocked","reason":"closed"}', 'e5', 'e6'),
                    (1, 7, '2026-11-01T09:00:00.000Z', 'mei', 'role.assigned', '{"role":"quality","personId":2,"person":"Li Na"}', 'e6', 'e7'),
                    (1, 8, '2026-11-01T09:10:00.000Z', 'li', 'step.completed', '{"step":"fix-root-cause","from":"todo","to":"done","reason":null}', 'e7', 'e8'),
                    (1, 9, '2026-11-01T09:15:00.000Z', 'mei', 'step.reassigned', '{"step":"count-units","personId":3,"person":"Wang Fang"}', 'e8', 'e9'),
                    (1, 10, '2026-11-01T09:20:00.000Z', 'wang', 'step.completed', '{"step":"count-units","from":"todo","to":"done","reason":null}', 'e9', 'e10'),
                    (1, 11, '2026-11-01T09:30:00.000Z', 'mei', 'step.reassigned', '{"step":"count-units","personId":null,"person":null}', 'e10', 'e11');
                """);
        }

        Migrator.Migrate(database, _test.Time);

        using var migrated = database.Open();
        var owners = migrated.Query<(string StepId, long? OwnerId)>("SELECT step_id, status_owner_id FROM steps ORDER BY position")
            .ToDictionary(row => row.StepId, row => row.OwnerId);
        Assert.Equal(1, owners["confirm-defect"]); // Zhang did it, though Li holds the role now
        Assert.Equal(1, owners["preserve-evidence"]); // and blocked it: it stays on Zhang's list
        Assert.Equal(2, owners["fix-root-cause"]);
        Assert.Equal(3, owners["count-units"]); // given to Wang when done; handing it back to the role later changes nothing
        Assert.Null(owners["dispose-stock"]); // still to do: it follows the role
        Assert.Equal(12, owners["sign-off"]);
    }
}
