using System.Data;
using Dapper;

namespace Crisis.Core.Exercises;

/// <summary>
/// Keeps a drill from reaching the outside world: in an exercise, email goes only to the people holding the
/// exercise's roles and to its trainer and co-trainers, and every email says EXERCISE in its subject and its first line.
/// Enforced where every email enters the outbox, so no path around it exists.
/// </summary>
public static class ExerciseSafety
{
    public const string SubjectMark = "[EXERCISE] ";
    public const string BodyMark = "**EXERCISE: this is a drill, not a real incident.**";

    /// <summary>The addresses an exercise incident may email (lower case); null for a real incident.</summary>
    public static IReadOnlySet<string>? AllowedRecipients(IDbConnection connection, IDbTransaction? transaction, long incidentId)
    {
        if (!connection.ExecuteScalar<bool>("SELECT is_exercise FROM incidents WHERE id = @incidentId", new { incidentId }, transaction))
            return null;
        var addresses = connection.Query<string?>(
            """
            SELECT p.email FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @incidentId
            UNION SELECT trainer_email FROM exercises WHERE incident_id = @incidentId
            UNION SELECT u.email FROM exercise_cotrainers c JOIN exercises e ON e.id = c.exercise_id JOIN users u ON u.name = c.trainer
                  WHERE e.incident_id = @incidentId
            """, new { incidentId }, transaction);
        return addresses.Where(address => !string.IsNullOrWhiteSpace(address)).Select(address => address!.Trim().ToLowerInvariant()).ToHashSet();
    }

    public static (string Subject, string Markdown) Marked(string subject, string markdown) =>
        (subject.StartsWith(SubjectMark, StringComparison.Ordinal) ? subject : SubjectMark + subject,
         markdown.StartsWith(BodyMark, StringComparison.Ordinal) ? markdown : $"{BodyMark}\n\n{markdown}");
}
