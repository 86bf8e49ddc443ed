using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Microsoft.Extensions.Logging;

namespace Crisis.Core.Incidents;

/// <summary>
/// When a playbook step is due: calendar spans (+4h, +2d) as they are, working days (+2wd) by the working-day calendar
/// in the brand's time zone (Organisation settings), so a regulator's "two working days" skips the National Day week.
/// </summary>
public sealed class StepDeadlines(WorkingDayCalendar calendar, OrganisationSettings organisation, ILogger<StepDeadlines> logger)
{
    /// <summary>Each deadline counted from <paramref name="from"/> (the opening, or an escalation for the steps it adds).</summary>
    public Func<Deadline, DateTimeOffset> CountingFrom(DateTimeOffset from)
    {
        // Read only when a step counts working days: the zone is the brand's, and most deadlines do not need it.
        var zone = new Lazy<TimeZoneInfo>(organisation.TimeZone);
        return deadline =>
        {
            var due = deadline.From(from, calendar, () => zone.Value);
            if (deadline.Unit == DeadlineUnit.WorkingDays && !(calendar.Years.Contains(from.Year) && calendar.Years.Contains(due.Year)))
            {
                logger.LogWarning("A deadline of {Deadline} from {From:yyyy-MM-dd} was counted Monday to Friday: the working-day calendar has no holidays for {Year} (see Crisis:WorkingDays:Calendar)",
                    deadline.Amount + " working days", from, calendar.Years.Contains(from.Year) ? due.Year : from.Year);
            }
            return due;
        };
    }
}
