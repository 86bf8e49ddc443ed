using Crisis.Core.Communications;
using Crisis.Core.Incidents;

namespace Crisis.Core.Reviews;

/// <param name="PlannedEnd">The latest deadline of the phase's steps: the plan said the phase is done by then.</param>
/// <param name="ActualStart">When the first of its steps was started, finished, skipped or blocked.</param>
/// <param name="ActualEnd">When its last step was finished or skipped; null while any step is open.</param>
public sealed record PhaseMetric(string Title, DateTimeOffset Start, DateTimeOffset? PlannedEnd, DateTimeOffset? ActualStart, DateTimeOffset? ActualEnd, int Steps, int OpenSteps)
{
    public TimeSpan? Planned => PlannedEnd - Start;
    public TimeSpan? Actual => ActualEnd - Start;
    public bool IsLate => ActualEnd is { } end && PlannedEnd is { } planned && end > planned;
}

public sealed record StepOutcomes(string Role, int OnTime, int Late, int Skipped, int Blocked, int Open)
{
    public int Total => OnTime + Late + Skipped + Blocked + Open;
}

/// <param name="Sent">Emails accepted by the mail server, or messages published by hand.</param>
public sealed record AudienceMessages(string Audience, int Drafted, int Sent, TimeSpan? MedianApprovalDelay, TimeSpan? LongestApprovalDelay);

/// <summary>Metrics computed from the record (steps, timeline, messages), never typed in.</summary>
public sealed record ReviewMetrics(
    TimeSpan? TimeToAcknowledge,
    TimeSpan? TimeToContain,
    TimeSpan? TimeToResolve,
    IReadOnlyList<PhaseMetric> Phases,
    IReadOnlyList<StepOutcomes> ByRole,
    StepOutcomes Totals,
    IReadOnlyList<AudienceMessages> Messages)
{
    /// <summary>
    /// Acknowledged is the first time anyone acted on the checklist (a step started, finished, skipped, blocked,
    /// noted or reassigned) after the incident was opened.
    /// </summary>
    public static ReviewMetrics Compute(IncidentDetails incident, IReadOnlyList<TimelineEvent> events, IReadOnlyList<MessageView> messages)
    {
        var opened = incident.OpenedAt;
        var acknowledged = events.FirstOrDefault(e => EventKinds.IsStepAction(e.Kind))?.At;
        var roleNames = incident.Roles.ToDictionary(role => role.Key, role => role.Name);

        var phases = incident.Phases.Select(phase =>
        {
            var acted = phase.Steps.Where(step => step.Status != StepStatus.Todo && step.StatusAt is not null).Select(step => step.StatusAt!.Value).ToList();
            var open = phase.Steps.Count(step => StepStatus.IsOpen(step.Status));
            var closedAt = phase.Steps.Where(step => !StepStatus.IsOpen(step.Status)).Select(step => step.StatusAt ?? opened).ToList();
            return new PhaseMetric(
                phase.Title,
                opened,
                phase.Steps.Select(step => step.DueAt).Max(),
                acted.Count > 0 ? acted.Min() : null,
                open == 0 && closedAt.Count > 0 ? closedAt.Max() : null,
                phase.Steps.Count,
                open);
        }).ToList();

        var byRole = incident.AllSteps
            .GroupBy(step => step.Role is null ? "—" : roleNames.GetValueOrDefault(step.Role, step.Role))
            .Select(group => Outcomes(group.Key, group))
            .OrderByDescending(outcome => outcome.Total).ThenBy(outcome => outcome.Role, StringComparer.Ordinal)
            .ToList();

        var byAudience = messages.GroupBy(message => message.Audience).Select(group =>
        {
            var delays = group.Where(message => message.ApprovedAt is not null).Select(message => message.ApprovedAt!.Value - message.CreatedAt).Order().ToList();
            return new AudienceMessages(
                group.Key,
                group.Count(),
                group.Count(message => message.Status is MessageStatus.Sent or MessageStatus.Published),
                delays.Count > 0 ? delays[delays.Count / 2] : null,
                delays.Count > 0 ? delays[^1] : null);
        }).OrderBy(audience => audience.Audience, StringComparer.Ordinal).ToList();

        return new ReviewMetrics(
            acknowledged - opened,
            incident.ContainedAt - opened,
            incident.ResolvedAt - opened,
            phases,
            byRole,
            Outcomes("", incident.AllSteps),
            byAudience);
    }

    private static StepOutcomes Outcomes(string role, IEnumerable<StepView> steps)
    {
        int onTime = 0, late = 0, skipped = 0, blocked = 0, open = 0;
        foreach (var step in steps)
        {
            switch (step.Status)
            {
                case StepStatus.Done when step.DueAt is { } due && step.StatusAt > due:
                    late++;
                    break;
                case StepStatus.Done:
                    onTime++;
                    break;
                case StepStatus.Skipped:
                    skipped++;
                    break;
                case StepStatus.Blocked:
                    blocked++;
                    break;
                default:
                    open++;
                    break;
            }
        }
        return new StepOutcomes(role, onTime, late, skipped, blocked, open);
    }
}
