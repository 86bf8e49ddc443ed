using System.Data;
using System.Text;
using Crisis.Core.Chat;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Dapper;

namespace Crisis.Core.Communications;

/// <summary>Configuration (Crisis:Notifications:*): whether team members are emailed, where people open Crisis, how long after a reminder the commander is told, and how early follow-ups are reminded of.</summary>
public sealed record NotificationSettings
{
    /// <summary>False sends team members nothing of Crisis's own (messages people approve still go out); the demo data seeds with it off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The address people open Crisis at, e.g. https://crisis.example.com; without it emails carry no link.</summary>
    public string PublicUrl { get; init; } = "";
    public TimeSpan EscalateAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How many days before its due date a follow-up's owner is reminded of it (0: only on the day).</summary>
    public int FollowUpReminderDays { get; init; } = 3;
}

/// <summary>
/// Emails to team members, queued in the outbox in the same transaction as what caused them: a role or a step given to
/// someone, and a step that is overdue (its owner is reminded once; if it is still open after
/// <see cref="NotificationSettings.EscalateAfter"/>, the commander is told once). People without an email are skipped.
/// </summary>
public sealed class Notifications(Database database, TimeProvider time, NotificationSettings settings, IncidentChanges changes,
    OrganisationSettings organisation)
{
    /// <summary>
    /// Tells the person given a role every open step they now own in the incident, soonest deadline first. On a hand-off
    /// it names who held the role, and lists the role's blocked steps that stay with them (see docs/architecture.md).
    /// </summary>
    internal void RoleAssigned(IDbConnection connection, IDbTransaction transaction, IncidentRecord incident, Playbook playbook, string roleKey,
        Person person, RoleHandOver? previous, Actor actor, DateTimeOffset now)
    {
        if (!settings.Enabled || string.IsNullOrEmpty(person.Email)) return;
        var texts = Texts(playbook.Language);
        var roleName = playbook.Roles.FirstOrDefault(r => r.Key == roleKey)?.Name ?? roleKey;
        var theirs = OpenStepsOwnedBy(connection, transaction, incident.Id, person.Id, roleKey: null);
        var body = new StringBuilder()
            .AppendLine(previous is null
                ? Format(texts.RoleBody, actor.Name, roleName, incident.Key, TitleInBody(incident), texts.Severity(incident.Severity))
                : Format(texts.RoleHandOverBody, actor.Name, roleName, incident.Key, TitleInBody(incident), texts.Severity(incident.Severity), previous.Name)).AppendLine()
            .AppendLine(theirs.Count == 0 ? texts.RoleNoSteps : Format(texts.RoleSteps, theirs.Count))
            .Append(StepLines(theirs, texts));
        var leftBehind = previous is null ? [] : OpenStepsOwnedBy(connection, transaction, incident.Id, previous.PersonId, roleKey);
        if (leftBehind.Count > 0) body.AppendLine().AppendLine(Format(texts.RoleBlockedStayWith, previous!.Name)).Append(StepLines(leftBehind, texts));
        Queue(connection, transaction, incident, person.Email, Format(texts.RoleSubject, incident.Key, roleName, incident.Title), body, texts, now);
    }

    /// <summary>The open steps a person owns in an incident (of one role, if given), soonest deadline first.</summary>
    private static List<(string Text, string? DueAt)> OpenStepsOwnedBy(IDbConnection connection, IDbTransaction transaction, long incidentId, long personId, string? roleKey) =>
        connection.Query<(string Text, string? DueAt)>(
            $"""
            SELECT s.text, s.due_at FROM steps s {StepRow.RoleJoin}
            WHERE s.incident_id = @incidentId AND {StepRow.OwnerIdSql} = @personId AND s.status IN ('todo', 'doing', 'blocked')
              {(roleKey is null ? "" : "AND s.role_key = @roleKey")}
            ORDER BY s.due_at IS NULL, s.due_at, s.phase_index, s.position
            """, new { incidentId, personId, roleKey }, transaction).ToList();

    private static string StepLines(IEnumerable<(string Text, string? DueAt)> steps, NotificationTexts texts) =>
        string.Concat(steps.Select(s => Format(texts.StepLine, s.Text, texts.Time(Timestamps.ParseOrNull(s.DueAt))) + "\n"));

    internal void StepAssigned(IDbConnection connection, IDbTransaction transaction, IncidentRecord incident, StepRow step, Person person,
        Actor actor, DateTimeOffset now)
    {
        if (!settings.Enabled || string.IsNullOrEmpty(person.Email)) return;
        var texts = TextsFor(connection, transaction, incident);
        var body = new StringBuilder().AppendLine(Format(texts.StepBody, actor.Name, incident.Key, TitleInBody(incident), step.Text, texts.Time(step.DueAt)));
        Queue(connection, transaction, incident, person.Email, Format(texts.StepSubject, incident.Key, step.Text), body, texts, now, $"#step-{step.StepId}");
    }

    /// <summary>Queues the reminders and escalations that have fallen due; returns how many emails were queued.</summary>
    public int QueueOverdue()
    {
        if (!settings.Enabled) return 0;
        var now = time.GetUtcNow();
        var (queued, incidents, write) = database.InTransaction((connection, transaction) =>
        {
            var write = new IncidentWrite(connection, transaction, now);
            var overdue = connection.Query<OverdueStep>(
                $"""
                SELECT s.incident_id, s.step_id, s.text, s.due_at, s.reminded_at, p.id AS owner_id, p.name AS owner_name, p.email AS owner_email
                FROM steps s
                JOIN incidents i ON i.id = s.incident_id
                {StepRow.RoleJoin}
                LEFT JOIN people p ON p.id = {StepRow.OwnerIdSql}
                WHERE i.status IN ('open', 'contained') AND s.status IN ('todo', 'doing', 'blocked')
                  AND s.due_at <= @now AND s.escalated_at IS NULL AND (s.reminded_at IS NULL OR s.reminded_at <= @escalateBefore)
                  -- a sub-step that shares its parent's deadline is covered by the parent's reminder
                  AND (s.parent_step_id IS NULL OR s.due_at IS NOT
                       (SELECT parent.due_at FROM steps parent WHERE parent.incident_id = s.incident_id AND parent.step_id = s.parent_step_id))
                ORDER BY s.incident_id, s.due_at, s.phase_index, s.position
                """, new { now = Timestamps.Format(now), escalateBefore = Timestamps.Format(now - settings.EscalateAfter) }, transaction).ToList();
            var emails = 0;
            var touched = new HashSet<string>();
            foreach (var byIncident in overdue.GroupBy(s => s.IncidentId))
            {
                var incident = IncidentRecord.LoadById(connection, transaction, byIncident.Key);
                var texts = TextsFor(connection, transaction, incident);
                var escalate = byIncident.Where(s => s.RemindedAt is not null || string.IsNullOrEmpty(s.OwnerEmail)).ToList();
                foreach (var byOwner in byIncident.Where(s => s.RemindedAt is null && !string.IsNullOrEmpty(s.OwnerEmail)).GroupBy(s => s.OwnerId))
                {
                    var steps = byOwner.ToList();
                    var body = new StringBuilder()
                        .AppendLine(Format(texts.ReminderBody, incident.Key, TitleInBody(incident), (int)settings.EscalateAfter.TotalMinutes)).AppendLine()
                        .Append(Lines(steps, texts));
                    var subject = Format(texts.ReminderSubject, incident.Key, steps.Count);
                    Queue(connection, transaction, incident, steps[0].OwnerEmail!, subject, body, texts, now);
                    Record(write, incident, "reminder", steps[0].OwnerName!, subject, steps);
                    emails++;
                }
                if (byIncident.Where(s => s.RemindedAt is null).Select(s => s.Text).ToList() is { Count: > 0 } newlyOverdue)
                    ChatNotices.Tell(connection, transaction, incident.Id, ChatEventKinds.StepOverdue, now,
                        new Dictionary<string, string?> { [ChatDetails.Steps] = ChatNotices.Steps(newlyOverdue) });
                connection.Execute("UPDATE steps SET reminded_at = @now WHERE incident_id = @IncidentId AND step_id = @StepId AND reminded_at IS NULL",
                    byIncident.Select(s => new { now = Timestamps.Format(now), s.IncidentId, s.StepId }), transaction);
                if (escalate.Count > 0) emails += Escalate(write, incident, escalate, texts);
                touched.Add(incident.Key);
            }
            return (emails, touched, write);
        });
        foreach (var key in incidents)
        {
            if (write.WrittenOf(key) is { } written) changes.Publish(written);
            else changes.Publish(key);
        }
        return queued;
    }

    /// <summary>Tells the commander about steps still open after a reminder, or that had nobody to remind.</summary>
    private int Escalate(IncidentWrite write, IncidentRecord incident, List<OverdueStep> steps, NotificationTexts texts)
    {
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        connection.Execute("UPDATE steps SET escalated_at = @now WHERE incident_id = @IncidentId AND step_id = @StepId",
            steps.Select(s => new { now = Timestamps.Format(now), s.IncidentId, s.StepId }), transaction);
        var commander = connection.QuerySingleOrDefault<(long Id, string Name, string? Email)>(
            "SELECT p.id, p.name, p.email FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @Id AND r.role_key = 'commander'",
            new { incident.Id }, transaction);
        var theirs = steps.Where(s => s.OwnerId != commander.Id).ToList(); // the commander's own steps were in their reminder
        if (string.IsNullOrEmpty(commander.Email) || theirs.Count == 0) return 0;
        var subject = Format(texts.EscalationSubject, incident.Key, theirs.Count);
        var body = new StringBuilder().AppendLine(Format(texts.EscalationBody, incident.Key, TitleInBody(incident))).AppendLine().Append(Lines(theirs, texts));
        Queue(connection, transaction, incident, commander.Email, subject, body, texts, now);
        Record(write, incident, "escalation", commander.Name, subject, theirs);
        return 1;
    }

    /// <summary>The texts in the incident's language, read from the snapshot without deserialising every step of it.</summary>
    private NotificationTexts TextsFor(IDbConnection connection, IDbTransaction transaction, IncidentRecord incident) =>
        Texts(IncidentRecord.Language(connection, transaction, incident.Id));

    /// <summary>The texts in <paramref name="language"/>, with times in the zone its readers expect (<see cref="OrganisationSettings.TimeZoneFor"/>).</summary>
    private NotificationTexts Texts(string language)
    {
        var texts = NotificationTexts.For(language);
        return texts.InZone(organisation.TimeZoneFor(texts.Culture));
    }

    private static string Lines(IEnumerable<OverdueStep> steps, NotificationTexts texts) =>
        string.Concat(steps.Select(s => Format(texts.OverdueLine, s.Text, texts.Time(Timestamps.ParseOrNull(s.DueAt)), s.OwnerName ?? texts.NoOwner) + "\n"));

    private static void Record(IncidentWrite write, IncidentRecord incident, string kind, string person, string subject, IEnumerable<OverdueStep> steps) =>
        write.Record(incident.Id, incident.Key, "crisis", EventKinds.NotificationQueued,
            new { kind, person, subject, steps = steps.Select(s => s.StepId).ToList() });

    private void Queue(IDbConnection connection, IDbTransaction transaction, IncidentRecord incident, string recipient, string subject,
        StringBuilder body, NotificationTexts texts, DateTimeOffset now, string anchor = "")
    {
        if (settings.PublicUrl.Length > 0) body.AppendLine().AppendLine(Format(texts.Open, $"{settings.PublicUrl.TrimEnd('/')}/incidents/{incident.Key}{anchor}"));
        Outbox.EnqueueNotification(connection, transaction, incident, recipient, subject, body.ToString(), texts.Language, now);
    }

    /// <summary>The incident's title as typed in an email's Markdown body: a link or a tag in it stays text (the subject is plain text already).</summary>
    private static string TitleInBody(IncidentRecord incident) => SafeMarkdown.Literal(incident.Title);

    private static string Format(string format, params object[] values) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, values);

    private sealed class OverdueStep
    {
        public long IncidentId { get; init; }
        public string StepId { get; init; } = "";
        public string Text { get; init; } = "";
        public string? DueAt { get; init; }
        public string? RemindedAt { get; init; }
        public long? OwnerId { get; init; }
        public string? OwnerName { get; init; }
        public string? OwnerEmail { get; init; }
    }
}
