using System.Data;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Signals;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Chat;

/// <summary>
/// Queues an incident's events for the chat channels, inside the transaction of the change that caused them, beside the
/// emails that change queues. The incident's language, severity and exercise flag are read in that transaction, so a
/// message tells the incident as the change left it.
/// </summary>
internal static class ChatNotices
{
    /// <summary>The most overdue steps a message lists; the link shows the rest.</summary>
    public const int StepsListed = 10;

    public static void Tell(IDbConnection connection, IDbTransaction transaction, long incidentId, string kind, DateTimeOffset now,
        IReadOnlyDictionary<string, string?> details)
    {
        var incident = connection.QuerySingle<(string Key, string Title, int Severity, bool IsExercise, string? Language)>(
            $"SELECT key, title, severity, is_exercise, {SqlJson.Field("snapshot", "language")} FROM incidents WHERE id = @incidentId", new { incidentId }, transaction);
        ChatOutbox.Enqueue(connection, transaction, incidentId, new ChatEvent
        {
            Kind = kind, IncidentKey = incident.Key, Title = incident.Title, Severity = incident.Severity, IsExercise = incident.IsExercise,
            Language = incident.Language ?? "en", Path = "/incidents/" + incident.Key, At = now,
            Details = details.Where(detail => !string.IsNullOrEmpty(detail.Value))
                .ToDictionary(detail => detail.Key, detail => detail.Key == ChatDetails.By ? PersonNamed(connection, transaction, detail.Value!) : detail.Value!),
        });
    }

    /// <summary>The person behind the account that acted, as the story names them ("Mei Chen", not "mei"), by the story's rule (<see cref="StoryNames"/>.PeopleByAccount).</summary>
    private static string PersonNamed(IDbConnection connection, IDbTransaction transaction, string account)
    {
        var people = connection.Query<(string Name, string? Email)>("SELECT name, email FROM people WHERE email IS NOT NULL AND email <> ''", transaction: transaction);
        var user = connection.Query<(string Name, string? Email)>("SELECT name, email FROM users WHERE name = @account", new { account }, transaction);
        return StoryNames.PeopleByAccount(people, user).GetValueOrDefault(account, account);
    }

    public static void Tell(IncidentWrite write, long incidentId, string kind, IReadOnlyDictionary<string, string?> details) =>
        Tell(write.Connection, write.Transaction, incidentId, kind, write.Now, details);

    /// <summary>
    /// An early-warning signal raised, for the team channels in each one's language: what fired and how much evidence
    /// stands behind it (a batch, a SKU, a channel, safety words), never a customer's complaint or details.
    /// </summary>
    public static void TellSignalRaised(IDbConnection connection, IDbTransaction transaction, long signalId, int severity, SignalFacts facts, long cases,
        long alerts, DateTimeOffset now) =>
        ChatOutbox.Enqueue(connection, transaction, ChatEventKinds.SignalRaised, now, language =>
        {
            var culture = SharedTexts.In(language);
            return new ChatEvent
            {
                Kind = ChatEventKinds.SignalRaised, Title = SignalWords.Title(facts, culture), Severity = severity, Language = language,
                Path = "/signals/" + signalId, At = now,
                Details = new Dictionary<string, string>
                {
                    [ChatDetails.Found] = SignalWords.Fired(facts, culture),
                    [ChatDetails.Evidence] = SignalWords.Evidence(cases, alerts, culture),
                },
            };
        });

    /// <summary>The steps as a list, one a line, at most <see cref="StepsListed"/>.</summary>
    public static string Steps(IEnumerable<string> steps)
    {
        var all = steps.ToList();
        return string.Join("\n", all.Take(StepsListed).Select(step => "- " + step)) + (all.Count > StepsListed ? "\n- …" : "");
    }
}
