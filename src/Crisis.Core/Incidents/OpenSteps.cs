using System.Data;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>A step still to do, in progress or blocked, as a commander sees it before resolving: what, whose, and whether the law requires it.</summary>
public sealed record OpenStep
{
    public required string Id { get; init; }
    public required string Text { get; init; }
    public required string Status { get; init; }
    public bool RequiredByLaw { get; init; }
    /// <summary>The role that owns the step (its key in the playbook).</summary>
    public string? Role { get; init; }
    /// <summary>The person the step is given to, else whoever holds its role; null when nobody does.</summary>
    public string? Owner { get; init; }

    /// <summary>The incident's open steps, those the law requires first, then in checklist order.</summary>
    internal static IReadOnlyList<OpenStep> Read(IDbConnection connection, IDbTransaction? transaction, long incidentId) =>
        connection.Query<OpenStep>(
            """
            SELECT s.step_id AS id, s.text, s.status, s.required_by_law, s.role_key AS role, COALESCE(assignee.name, holder.name) AS owner
            FROM steps s
            LEFT JOIN people assignee ON assignee.id = s.assignee_id
            LEFT JOIN incident_roles r ON r.incident_id = s.incident_id AND r.role_key = s.role_key
            LEFT JOIN people holder ON holder.id = r.person_id
            WHERE s.incident_id = @incidentId AND s.status IN ('todo', 'doing', 'blocked')
            ORDER BY s.required_by_law DESC, s.position
            """, new { incidentId }, transaction).ToList();
}

/// <summary>The commander resolves or closes although steps are open, and says why: the reason goes on the timeline.</summary>
public sealed record OpenStepsAcknowledgement(string? Reason);

/// <summary>
/// Resolving or closing while steps are open, without acknowledging them: refused with the list, so the caller can show
/// it and ask for a reason (a page's confirmation, the API's 409).
/// </summary>
public sealed class OpenStepsException(string message, IReadOnlyList<OpenStep> steps) : DomainException(message)
{
    public IReadOnlyList<OpenStep> Steps { get; } = steps;
}
