using System.Data;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.StatusUpdates;

/// <summary>A subscription as pages list it: one incident's (<see cref="IncidentKey"/>), or standing, by severity and/or category.</summary>
public sealed record StatusSubscription(long Id, long PersonId, string PersonName, string? Email, string? IncidentKey, int? Severity, string? Category);

/// <summary>A person who is emailed an incident's status updates.</summary>
internal sealed record Subscriber(string Email, string? Language);

/// <summary>
/// Who is emailed status updates: people from the directory (leadership, the board, account managers), subscribed to
/// one incident, or standing, to every incident of a severity ("every SEV1") or a category ("every recall") or both.
/// Who may change them is the caller's rule (commanders and admins).
/// </summary>
public sealed class StatusSubscriptions(Database database, TimeProvider time)
{
    private const string Listed =
        """
        SELECT s.id, s.person_id, p.name, p.email, i.key, s.severity, s.category
        FROM status_subscriptions s JOIN people p ON p.id = s.person_id LEFT JOIN incidents i ON i.id = s.incident_id
        """;

    /// <summary>Subscribes a person with an email to one incident that is not closed; subscribing twice changes nothing.</summary>
    public void Subscribe(string key, long personId, Actor actor) =>
        database.InTransaction((connection, transaction) =>
        {
            var incident = IncidentRecord.Load(connection, transaction, key);
            incident.EnsureNotClosed();
            EnsureReachable(connection, transaction, personId);
            return connection.Execute(
                """
                INSERT INTO status_subscriptions (person_id, incident_id, created_by, created_at)
                SELECT @personId, @Id, @Name, @now WHERE NOT EXISTS (SELECT 1 FROM status_subscriptions WHERE person_id = @personId AND incident_id = @Id)
                """, new { personId, incident.Id, actor.Name, now = Timestamps.Format(time.GetUtcNow()) }, transaction);
        });

    /// <summary>
    /// The person a reader is in the people directory: the one with their account's email. Null without one, and then
    /// a reader cannot subscribe themselves (<see cref="SubscribeSelf"/>).
    /// </summary>
    public long? PersonOf(Actor actor)
    {
        using var connection = database.Open();
        return PersonOf(connection, null, actor);
    }

    /// <summary>
    /// A reader (leadership, the board, an account manager) subscribes themselves to one incident's updates, whatever
    /// their role: as the person with their account's email, which they need to be emailed at all.
    /// </summary>
    public void SubscribeSelf(string key, Actor actor)
    {
        long? person;
        using (var connection = database.Open())
            person = PersonOf(connection, null, actor);
        Subscribe(key, person ?? throw new RuleViolationException($"the account {actor.Name} has no email that a person in the directory has")
            { TextKey = "refusal:subscribe-self-unknown" }, actor);
    }

    /// <summary>
    /// A reader stops the updates of one incident they subscribed to (or were subscribed to); a standing subscription
    /// stays. An incident that does not exist is not found.
    /// </summary>
    public void UnsubscribeSelf(string key, Actor actor) =>
        database.InTransaction((connection, transaction) =>
        {
            var incident = IncidentRecord.Load(connection, transaction, key);
            return PersonOf(connection, transaction, actor) is { } person
                ? connection.Execute("DELETE FROM status_subscriptions WHERE person_id = @person AND incident_id = @Id", new { person, incident.Id }, transaction)
                : 0;
        });

    /// <summary>Whether a standing subscription of the person's (every SEV1, every recall) already brings them this incident's updates.</summary>
    public bool ReachedByStanding(string key, long personId)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM status_subscriptions s JOIN incidents i ON i.key = @key
                           WHERE s.person_id = @personId AND s.incident_id IS NULL
                             AND (s.severity IS NULL OR s.severity = i.severity) AND (s.category IS NULL OR s.category = i.category))
            """, new { key, personId });
    }

    private static long? PersonOf(IDbConnection connection, IDbTransaction? transaction, Actor actor) =>
        connection.ExecuteScalar<long?>(
            """
            SELECT MIN(p.id) FROM users u JOIN people p ON lower(p.email) = lower(u.email)
            WHERE u.name = @Name AND u.email IS NOT NULL AND u.email <> ''
            """, new { actor.Name }, transaction);

    /// <summary>
    /// Subscribes a person with an email to every incident of <paramref name="severity"/> and/or <paramref name="category"/>,
    /// now and to come. Subscribing twice changes nothing: the same subscription's id comes back.
    /// </summary>
    public long SubscribeStanding(long personId, int? severity, string? category, Actor actor)
    {
        if (severity is null && string.IsNullOrWhiteSpace(category))
            throw new RuleViolationException("choose a severity, a category or both") { TextKey = "refusal:subscription-scope" };
        if (severity is < 1 or > 4)
            throw new RuleViolationException("a severity is 1 to 4") { Field = "severity", TextKey = RefusalTexts.Required };
        var chosen = string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant();
        if (chosen is not null && !PlaybookCategories.All.Contains(chosen))
            throw new RuleViolationException($"the category must be one of {string.Join(", ", PlaybookCategories.All)}") { Field = "category", TextKey = RefusalTexts.Required };
        return database.InTransaction((connection, transaction) =>
        {
            EnsureReachable(connection, transaction, personId);
            // The unique index (migration 0031) keeps one row per person, severity and category; a second request finds it.
            connection.Execute(
                "INSERT INTO status_subscriptions (person_id, severity, category, created_by, created_at) VALUES (@personId, @severity, @chosen, @Name, @now) ON CONFLICT DO NOTHING",
                new { personId, severity, chosen, actor.Name, now = Timestamps.Format(time.GetUtcNow()) }, transaction);
            return connection.ExecuteScalar<long>(
                "SELECT id FROM status_subscriptions WHERE incident_id IS NULL AND person_id = @personId AND severity IS @severity AND category IS @chosen",
                new { personId, severity, chosen }, transaction);
        });
    }

    /// <summary>
    /// Ends a subscription, standing or to one incident (only to incident <paramref name="incidentKey"/> if given, as its
    /// status page asks); an id that names none is not found.
    /// </summary>
    public void Remove(long id, string? incidentKey = null) =>
        database.InTransaction((connection, transaction) =>
            connection.Execute(
                "DELETE FROM status_subscriptions WHERE id = @id AND (@incidentKey IS NULL OR incident_id = (SELECT id FROM incidents WHERE key = @incidentKey))",
                new { id, incidentKey }, transaction) > 0
                ? 1 : throw new NotFoundException($"no status subscription {id}") { TextKey = "refusal:subscription-gone" });

    /// <summary>The people subscribed to this incident by name.</summary>
    public IReadOnlyList<StatusSubscription> ForIncident(string key) => Query(Listed + " WHERE i.key = @key ORDER BY p.name", new { key });

    /// <summary>The standing subscriptions, by person.</summary>
    public IReadOnlyList<StatusSubscription> Standing() => Query(Listed + " WHERE s.incident_id IS NULL ORDER BY p.name, s.severity, s.category", null);

    /// <summary>Everyone with an email an update of this incident goes to, each once: by name, or by its severity and category.</summary>
    internal static IReadOnlyList<Subscriber> SubscribersOf(IDbConnection connection, IDbTransaction transaction, long incidentId) =>
        connection.Query<Subscriber>(
            """
            SELECT DISTINCT p.email AS Email, p.language AS Language
            FROM status_subscriptions s JOIN people p ON p.id = s.person_id JOIN incidents i ON i.id = @incidentId
            WHERE p.email IS NOT NULL AND p.email <> ''
              AND (s.incident_id = i.id
                   OR (s.incident_id IS NULL AND (s.severity IS NULL OR s.severity = i.severity) AND (s.category IS NULL OR s.category = i.category)))
            ORDER BY p.email
            """, new { incidentId }, transaction).ToList();

    private IReadOnlyList<StatusSubscription> Query(string sql, object? parameters)
    {
        using var connection = database.Open();
        return connection.Query<(long Id, long PersonId, string Name, string? Email, string? Key, int? Severity, string? Category)>(sql, parameters)
            .Select(row => new StatusSubscription(row.Id, row.PersonId, row.Name, row.Email, row.Key, row.Severity, row.Category)).ToList();
    }

    /// <summary>The person exists and has an email: a subscriber without one would be listed and never written to.</summary>
    private static void EnsureReachable(IDbConnection connection, IDbTransaction transaction, long personId)
    {
        var found = connection.Query<(string Name, string? Email)>("SELECT name, email FROM people WHERE id = @personId", new { personId }, transaction).ToList();
        if (found.Count == 0) throw new NotFoundException($"no person {personId}");
        var person = found[0];
        if (string.IsNullOrWhiteSpace(person.Email))
            throw new RuleViolationException($"{person.Name} has no email address, so status updates could never reach them; add one in the people directory first")
                { Field = "personId", TextKey = RefusalTexts.SubscriberWithoutEmail, TextArguments = [person.Name] };
    }
}
