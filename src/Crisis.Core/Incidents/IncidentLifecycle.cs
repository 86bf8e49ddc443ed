using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>What commanders do to the incident as a whole: status, severity, role assignments.</summary>
public sealed class IncidentLifecycle(Database database, TimeProvider time, IncidentChanges changes, Notifications notifications, StepDeadlines deadlines)
{
    /// <summary>
    /// Moves open → contained → resolved → closed. Skipping ahead stamps the skipped stages with the same time;
    /// moving back (a flare-up) clears the later stamps; closed is final. Resolving or closing while steps are open is
    /// refused (<see cref="OpenStepsException"/>) unless the caller acknowledges them with a reason, which the timeline
    /// keeps with the steps left open.
    /// </summary>
    public bool SetStatus(string key, string status, Actor actor, string? comment = null, OpenStepsAcknowledgement? openStepsAcknowledged = null)
    {
        if (!IncidentStatus.IsKnown(status))
        {
            throw new RuleViolationException($"unknown status '{status}': use one of {string.Join(", ", IncidentStatus.InOrder)}");
        }
        return Writer.Write(write =>
        {
            var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
            if (incident.Status == status) return false;
            incident.EnsureNotClosed();
            var target = IndexOf(status);
            var open = OpenStep.Read(write.Connection, write.Transaction, incident.Id);
            var leavesStepsOpen = open.Count > 0 && IncidentStatus.EndsTheResponse(status);
            var required = open.Count(step => step.RequiredByLaw);
            if (leavesStepsOpen && openStepsAcknowledged is null)
            {
                throw new OpenStepsException(
                    $"{key} has {open.Count} open steps ({required} required by law): to make it {status} anyway, acknowledge them and give a reason", open)
                    { TextKey = RefusalTexts.OpenSteps, TextArguments = [open.Count, required] };
            }
            var reason = leavesStepsOpen ? TextLimits.RequireMarkdown(openStepsAcknowledged!.Reason, TextLimits.Note, "a reason to leave steps open") : null;
            var stamps = new[] { "contained_at", "resolved_at", "closed_at" };
            var assignments = stamps.Select((column, i) => i + 1 <= target
                ? $"{column} = COALESCE({column}, @now)"
                : $"{column} = NULL");
            write.Connection.Execute($"UPDATE incidents SET status = @status, {string.Join(", ", assignments)} WHERE id = @Id",
                new { status, now = write.Now, incident.Id }, write.Transaction);
            write.Record(incident, actor, EventKinds.IncidentStatusChanged, new
            {
                from = incident.Status,
                to = status,
                comment = string.IsNullOrWhiteSpace(comment) ? null : TextLimits.RequireMarkdown(comment, TextLimits.Note, "a comment"),
                openSteps = open.Count,
                requiredOpenSteps = required,
                leftOpen = leavesStepsOpen ? open.Select(step => step.Id).ToList() : null,
                reason,
            });
            if (target >= IndexOf(IncidentStatus.Resolved) && IndexOf(incident.Status) < IndexOf(IncidentStatus.Resolved))
                ChatNotices.Tell(write, incident.Id, ChatEventKinds.IncidentResolved, new Dictionary<string, string?> { [ChatDetails.By] = actor.Name });
            return true;
        });
    }

    /// <summary>Changes severity; steps that the new severity adds are generated with deadlines counted from now.</summary>
    public IReadOnlyList<string> SetSeverity(string key, int severity, Actor actor) =>
        Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var playbook = incident.LoadPlaybook(write.Connection, write.Transaction);
            if (!playbook.Severities.Contains(severity))
            {
                throw new RuleViolationException($"severity {severity} is not one of this incident's playbook severities ({string.Join(", ", playbook.Severities)})")
                    { TextKey = RefusalTexts.Severity };
            }
            if (incident.Severity == severity) return (IReadOnlyList<string>)[];
            var existing = write.Connection.Query<string>("SELECT step_id FROM steps WHERE incident_id = @Id", new { incident.Id }, write.Transaction).ToHashSet();
            var newSteps = new List<string>();
            StepGenerator.Insert(write.Connection, write.Transaction, incident.Id, playbook, severity, deadlines.CountingFrom(write.Now), existing, newSteps);
            write.Connection.Execute("UPDATE incidents SET severity = @severity WHERE id = @Id", new { severity, incident.Id }, write.Transaction);
            write.Record(incident, actor, EventKinds.IncidentSeverityChanged, new { from = incident.Severity, to = severity, addedSteps = newSteps });
            ChatNotices.Tell(write, incident.Id, ChatEventKinds.SeverityChanged, new Dictionary<string, string?>
            {
                [ChatDetails.From] = incident.Severity.ToString(System.Globalization.CultureInfo.InvariantCulture), [ChatDetails.By] = actor.Name,
            });
            return newSteps;
        });

    public void AssignRole(string key, string roleKey, long personId, Actor actor) =>
        Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var playbook = incident.LoadPlaybook(write.Connection, write.Transaction);
            var (role, person) = RoleAssignments.Validate(write.Connection, write.Transaction, playbook, new Dictionary<string, long> { [roleKey] = personId })[0];
            RoleAssignments.Assign(write, incident.Id, key, playbook, role, person, actor, notifications);
        });

    private IncidentWriter Writer => new(database, time, changes);

    private static int IndexOf(string status) => IncidentStatus.InOrder.ToList().IndexOf(status);
}
