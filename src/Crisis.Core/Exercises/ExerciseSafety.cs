using System.Data;
using System.Globalization;
using Crisis.Core.Localization;
using Dapper;

namespace Crisis.Core.Exercises;

/// <summary>
/// Keeps a drill from reaching the outside world: in an exercise, email goes only to the people holding the
/// exercise's roles and to its trainer and co-trainers, and every email says EXERCISE (【演练】) in its subject and its first line, in the email's language.
/// Enforced where every email enters the outbox, so no path around it exists.
/// </summary>
public static class ExerciseSafety
{
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

    /// <summary>
    /// The email marked as a drill in <paramref name="language"/>, its own: "[EXERCISE] …" and a first line saying it is a
    /// drill in English, "【演练】…" and "此为演练，非真实事件" in Chinese. A subject or body already marked (in either
    /// language, as a draft marked once and sent later) is not marked again.
    /// </summary>
    public static (string Subject, string Markdown) Marked(string subject, string markdown, string language)
    {
        var culture = SharedTexts.In(language);
        bool Has(string text, string key) => Languages.Any(other => text.StartsWith(SharedTexts.Get(key, other), StringComparison.Ordinal));
        return (Has(subject, SubjectMark) ? subject : SharedTexts.Get(SubjectMark, culture) + subject,
                Has(markdown, BodyMark) ? markdown : $"{SharedTexts.Get(BodyMark, culture)}\n\n{markdown}");
    }

    /// <summary>The exercise's incident title, marked in the scenario's language: "EXERCISE: …", "【演练】…".</summary>
    public static string IncidentTitle(Scenario scenario) =>
        string.Format(CultureInfo.InvariantCulture, SharedTexts.Get("exercise:incident-title", SharedTexts.In(scenario.Language)), scenario.Title);

    private const string SubjectMark = "exercise:subject-mark";
    private const string BodyMark = "exercise:body-mark";
    private static readonly CultureInfo[] Languages = [SharedTexts.English, SharedTexts.Chinese];
}
