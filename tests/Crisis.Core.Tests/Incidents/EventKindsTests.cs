using System.Reflection;
using Crisis.Core.Incidents;

namespace Crisis.Core.Tests.Incidents;

public class EventKindsTests
{
    /// <summary>
    /// The stored names, written out: each is inside every recorded event's hash and in the API's timeline, so renaming
    /// a constant's value would break every chain recorded before it. Add new kinds at the end; never change one.
    /// </summary>
    [Fact]
    public void The_recorded_names_of_event_kinds_never_change()
    {
        Assert.Equal(
        [
            "incident.opened", "incident.status_changed", "incident.severity_changed", "role.assigned",
            "step.completed", "step.started", "step.reopened", "step.skipped", "step.blocked", "step.noted", "step.reassigned",
            "message.drafted", "message.edited", "message.approved", "message.sent", "message.failed", "message.published",
            "notification.queued", "notification.failed", "impact.recorded",
            "review.opened", "review.edited", "review.submitted", "review.returned", "review.published", "review.action_added", "review.action_updated",
            "exercise.started", "exercise.inject_released", "exercise.paused", "exercise.resumed", "exercise.ended",
            "incident.key_marked", "incident.key_update", "incident.opened_from_signal",
            "follow_up.closed", "follow_up.reopened", "follow_up.changed", "status_update.posted",
            "chat_channel.picked",
            "evidence.added", "evidence.deleted", "evidence.shown_in_review", "incident.legal_hold_placed", "incident.legal_hold_lifted",
        ], EventKinds.All);
    }

    [Fact]
    public void Every_event_kind_constant_is_listed_in_All_once()
    {
        var constants = typeof(EventKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!).ToList();
        Assert.Equal(constants.Order(), EventKinds.All.Order());
        Assert.Equal(EventKinds.All.Count, EventKinds.All.Distinct().Count());
    }
}
