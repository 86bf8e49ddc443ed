using System.Data;
using System.Globalization;
using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.StatusUpdates;

/// <summary>Configuration (Crisis:StatusUpdates:*): how often an incident asks for an update, by severity.</summary>
public sealed record StatusUpdateSettings
{
    /// <summary>Minutes between updates a SEV1 incident asks for; 0 asks for none.</summary>
    public int Sev1CadenceMinutes { get; init; } = 60;

    /// <summary>Minutes between updates for other severities, by level ("2": 240); a severity not named asks for none.</summary>
    public IReadOnlyDictionary<string, int> CadenceMinutes { get; init; } = new Dictionary<string, int>();

    /// <summary>How often an incident of <paramref name="severity"/> asks for an update; null when it asks for none.</summary>
    public TimeSpan? Cadence(int severity)
    {
        var minutes = severity == 1 ? Sev1CadenceMinutes : CadenceMinutes.GetValueOrDefault(severity.ToString(CultureInfo.InvariantCulture));
        return minutes > 0 ? TimeSpan.FromMinutes(minutes) : null;
    }
}

/// <summary>One posted update, as the status page and the API show it.</summary>
/// <remarks>A stored time that cannot be read (a damaged row) is null here: the page and the reminders go on without it.</remarks>
public sealed record StatusUpdate(long Id, string Body, DateTimeOffset? NextUpdateAt, string PostedBy, DateTimeOffset? PostedAt);

/// <summary>An update to post: Markdown (what happened, current impact, what we are doing) and when the next one comes.</summary>
public sealed record StatusUpdatePost(string? Body, DateTimeOffset? NextUpdateAt);

/// <summary>
/// Stakeholder status updates. The commander (or an admin or commander account) or the person holding the incident's
/// communications role posts one; it is stored, told on the timeline, queued to the chat channels and emailed to the
/// incident's subscribers in their own language, all in one transaction. In an exercise the outbox lets only its
/// participants be emailed and marks every email as a drill (<see cref="Exercises.ExerciseSafety"/>).
/// </summary>
public sealed class StatusUpdateBook(Database database, TimeProvider time, IncidentChanges changes, Messages messages, ImpactLog impact, IncidentQueries queries,
    OrganisationSettings organisation, NotificationSettings notifications, StatusUpdateSettings settings)
{
    public const int BodyLimit = 4000;
    /// <summary>How far ahead the next update may be promised: a promise further out tells leadership nothing, and a typo (9999-12-31) silences every reminder.</summary>
    public static readonly TimeSpan FurthestNextUpdate = TimeSpan.FromDays(7);
    /// <summary>The template each language's update starts from (templates/status-update.*.md).</summary>
    public const string TemplateId = "status-update";
    /// <summary>The incident role whose holder may post updates beside commanders.</summary>
    public const string CommunicationsRole = "comms";

    /// <summary>
    /// The update's starting text, in the incident's language (its update goes to that language's readers and chat
    /// groups): the template with the incident's facts filled in, its impact figures and how far each phase has got.
    /// It claims nothing the incident does not record; the impact paragraph is left out while there are no figures.
    /// </summary>
    public string Draft(string key)
    {
        var incident = queries.Get(key);
        var culture = SharedTexts.In(incident.Language);
        var figures = EventStory.ImpactInWords(impact.Read(key).Current, culture);
        var variables = new Dictionary<string, string>
        {
            ["impact"] = figures.Length > 0 ? Format(SharedTexts.Get("status-update:impact", culture), figures) : NoFigures,
            ["progress"] = Progress(incident, culture),
        };
        var markdown = messages.Preview(key, TemplateId, culture.Name, variables).Markdown;
        return string.Join("\n\n", markdown.Split("\n\n").Where(paragraph => !paragraph.Contains(NoFigures, StringComparison.Ordinal)));
    }

    /// <summary>Stands for the impact while there are no figures, so that the paragraph holding it is left out of the draft.</summary>
    private const string NoFigures = "\u2060no-impact-figures\u2060";

    /// <summary>Each phase's steps done of its total, then the steps done most recently: what the incident records, nothing more.</summary>
    private static string Progress(IncidentDetails incident, CultureInfo culture)
    {
        var lines = incident.Phases.Where(phase => phase.Steps.Count > 0)
            .Select(phase => "- " + Format(SharedTexts.Get("status-update:phase-progress", culture), phase.Title, phase.Done, phase.Steps.Count)).ToList();
        var latest = incident.AllSteps.Where(step => step.Status == StepStatus.Done).OrderByDescending(step => step.StatusAt).Take(3)
            .Select(step => step.Text).ToList();
        if (latest.Count > 0) lines.Add("- " + Format(SharedTexts.Get("status-update:latest-done", culture), SharedTexts.List(latest, culture)));
        return lines.Count > 0 ? string.Join("\n", lines) : SharedTexts.Get("status-update:no-steps", culture);
    }

    /// <summary>Whether <paramref name="actor"/> may post: a commander's or admin's account, or whoever holds the incident's communications role or commands it.</summary>
    public bool MayPost(string key, Actor actor, bool managesIncidents)
    {
        if (managesIncidents) return true;
        if (string.IsNullOrWhiteSpace(actor.Email)) return false;
        using var connection = database.Open();
        return connection.ExecuteScalar<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM incident_roles r JOIN incidents i ON i.id = r.incident_id JOIN people p ON p.id = r.person_id
                           WHERE i.key = @key AND r.role_key IN ('commander', @comms) AND lower(p.email) = lower(@Email))
            """, new { key, comms = CommunicationsRole, actor.Email });
    }

    public StatusUpdate Post(string key, StatusUpdatePost post, Actor actor, bool managesIncidents)
    {
        if (!MayPost(key, actor, managesIncidents))
            throw new ForbiddenException($"only the commander or the communications lead of {key} posts its status updates");
        var body = TextLimits.RequireMarkdown(post.Body, BodyLimit, "the status update", "body");
        return new IncidentWriter(database, time, changes).Write(write =>
        {
            var incident = write.OpenIncident(key);
            if (post.NextUpdateAt is { } next && next <= write.Now)
                throw new RuleViolationException("the next update must be promised for a time still to come") { Field = "nextUpdateAt", TextKey = RefusalTexts.NextUpdateInThePast };
            if (post.NextUpdateAt is { } far && far > write.Now + FurthestNextUpdate)
                throw new RuleViolationException($"the next update can be promised at most {FurthestNextUpdate.TotalDays:0} days ahead") { Field = "nextUpdateAt", TextKey = RefusalTexts.NextUpdateTooFar };
            var id = write.Connection.ExecuteScalar<long>(
                "INSERT INTO status_updates (incident_id, body, next_update_at, posted_by, posted_at) VALUES (@Id, @body, @next, @by, @now) RETURNING id",
                new { incident.Id, body, next = post.NextUpdateAt is { } at ? Timestamps.Format(at) : null, by = actor.Name, now = Timestamps.Format(write.Now) },
                write.Transaction);
            write.Record(incident, actor, EventKinds.StatusUpdatePosted,
                new { update = id, text = body, nextUpdateAt = post.NextUpdateAt is { } when ? Timestamps.Format(when) : null });
            var language = SharedTexts.In(IncidentRecord.Language(write.Connection, write.Transaction, incident.Id));
            ChatNotices.Tell(write, incident.Id, ChatEventKinds.StatusUpdatePosted, new Dictionary<string, string?>
            {
                [ChatDetails.Update] = Text.SafeMarkdown.ToText(body),
                [ChatDetails.NextUpdate] = post.NextUpdateAt is { } promised ? SharedTexts.ZonedTime(promised, organisation.TimeZoneFor(language), language) : null,
                [ChatDetails.By] = actor.Name,
            });
            Email(write, incident, language, body, post.NextUpdateAt);
            return new StatusUpdate(id, body, post.NextUpdateAt, actor.Name, write.Now);
        });
    }

    /// <summary>The incident's updates, newest first.</summary>
    public IReadOnlyList<StatusUpdate> List(string key)
    {
        using var connection = database.Open();
        var incident = IncidentRecord.Load(connection, null, key);
        return Read(connection, null, incident.Id);
    }

    /// <summary>When the next update is due: the time the last one promised, else the cadence from the last one (or from opening); null once resolved or when none is asked for.</summary>
    public DateTimeOffset? NextDue(string key)
    {
        using var connection = database.Open();
        var incident = IncidentRecord.Load(connection, null, key);
        return NextDue(incident, Read(connection, null, incident.Id).FirstOrDefault());
    }

    internal DateTimeOffset? NextDue(IncidentRecord incident, StatusUpdate? last) =>
        NextDue(incident.Status, incident.Severity, incident.OpenedAt, last?.NextUpdateAt, last?.PostedAt);

    /// <param name="promised">The last update's next update time, if it gave one.</param>
    /// <param name="lastPostedAt">When the last update was posted; none yet, the cadence runs from opening.</param>
    internal DateTimeOffset? NextDue(string status, int severity, DateTimeOffset openedAt, DateTimeOffset? promised, DateTimeOffset? lastPostedAt)
    {
        if (status is not ("open" or "contained")) return null;
        if (promised is { } time) return time;
        return settings.Cadence(severity) is { } cadence ? (lastPostedAt ?? openedAt) + cadence : null;
    }

    internal static IReadOnlyList<StatusUpdate> Read(IDbConnection connection, IDbTransaction? transaction, long incidentId) =>
        connection.Query<(long Id, string Body, string? NextUpdateAt, string PostedBy, string PostedAt)>(
                "SELECT id, body, next_update_at, posted_by, posted_at FROM status_updates WHERE incident_id = @incidentId ORDER BY posted_at DESC, id DESC",
                new { incidentId }, transaction)
            .Select(row => new StatusUpdate(row.Id, row.Body, Timestamps.ReadableOrNull(row.NextUpdateAt), row.PostedBy, Timestamps.ReadableOrNull(row.PostedAt)))
            .ToList();

    /// <summary>The status page's address, for emails; empty without a public address.</summary>
    internal string StatusLink(string key) => notifications.PublicUrl.Length > 0 ? $"{notifications.PublicUrl.TrimEnd('/')}/incidents/{key}/status" : "";

    /// <summary>Each subscriber gets the update in their language, with times in their language's zone.</summary>
    private void Email(IncidentWrite write, IncidentRecord incident, CultureInfo incidentLanguage, string body, DateTimeOffset? next)
    {
        foreach (var subscriber in StatusSubscriptions.SubscribersOf(write.Connection, write.Transaction, incident.Id))
        {
            var culture = subscriber.Language is { Length: > 0 } own ? SharedTexts.In(own) : incidentLanguage;
            string Text(string name) => SharedTexts.Get(name, culture);
            var zone = organisation.TimeZoneFor(culture);
            var lines = new List<string>
            {
                Format(Text("status-update:email-intro"), incident.Key, Crisis.Core.Text.SafeMarkdown.Literal(incident.Title), SharedTexts.Severity(incident.Severity, culture)),
                body,
                next is { } at ? Format(Text("status-update:email-next"), SharedTexts.ZonedTime(at, zone, culture))
                    // A resolved incident's update without a next time is its last, and says so rather than promising news.
                    : incident.Status == IncidentStatus.Resolved ? Text("status-update:email-final") : Text("status-update:email-no-next"),
            };
            if (StatusLink(incident.Key) is { Length: > 0 } link) lines.Add(Format(Text("status-update:email-open"), link));
            Outbox.EnqueueNotification(write.Connection, write.Transaction, incident, subscriber.Email,
                Format(Text("status-update:email-subject"), incident.Key, incident.Title), string.Join("\n\n", lines), culture.Name, write.Now);
        }
    }

    internal static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
