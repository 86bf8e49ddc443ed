namespace Crisis.Core.Incidents;

/// <summary>
/// Every kind of event the timeline records. The value is stored with each event and covered by its hash, so a
/// value never changes once released; add a new kind instead. Each kind has a sentence in English and Chinese
/// under "story:" + kind in the shared texts, which <see cref="EventStory"/> tells on every page and report.
/// </summary>
public static class EventKinds
{
    public const string IncidentOpened = "incident.opened";
    public const string IncidentStatusChanged = "incident.status_changed";
    public const string IncidentSeverityChanged = "incident.severity_changed";
    public const string RoleAssigned = "role.assigned";
    public const string StepCompleted = "step.completed";
    public const string StepStarted = "step.started";
    public const string StepReopened = "step.reopened";
    public const string StepSkipped = "step.skipped";
    public const string StepBlocked = "step.blocked";
    public const string StepNoted = "step.noted";
    public const string StepReassigned = "step.reassigned";
    public const string MessageDrafted = "message.drafted";
    public const string MessageEdited = "message.edited";
    public const string MessageApproved = "message.approved";
    public const string MessageSent = "message.sent";
    public const string MessageFailed = "message.failed";
    public const string MessagePublished = "message.published";
    public const string NotificationQueued = "notification.queued";
    public const string NotificationFailed = "notification.failed";
    public const string ImpactRecorded = "impact.recorded";
    public const string ReviewOpened = "review.opened";
    public const string ReviewEdited = "review.edited";
    public const string ReviewSubmitted = "review.submitted";
    public const string ReviewReturned = "review.returned";
    public const string ReviewPublished = "review.published";
    public const string ReviewActionAdded = "review.action_added";
    public const string ReviewActionUpdated = "review.action_updated";
    public const string ExerciseStarted = "exercise.started";
    public const string ExerciseInjectReleased = "exercise.inject_released";
    public const string ExercisePaused = "exercise.paused";
    public const string ExerciseResumed = "exercise.resumed";
    public const string ExerciseEnded = "exercise.ended";
    /// <summary>A commander marked (or, with key: false, unmarked) an earlier event as key to the story the review tells.</summary>
    public const string IncidentKeyMarked = "incident.key_marked";
    /// <summary>A commander's short note of where things stand, for the story the review tells.</summary>
    public const string IncidentKeyUpdate = "incident.key_update";
    /// <summary>The incident was opened from an early-warning signal: what fired, and how many of its cases and alerts came with it.</summary>
    public const string IncidentOpenedFromSignal = "incident.opened_from_signal";
    /// <summary>A follow-up (a review's action item) was closed as done or won't do, saying what was done.</summary>
    public const string FollowUpClosed = "follow_up.closed";
    /// <summary>A closed follow-up was opened again; what was said when it closed stays in the event that closed it.</summary>
    public const string FollowUpReopened = "follow_up.reopened";
    /// <summary>A follow-up's owner, due date, status (open, in progress) or risk changed outside the review's form.</summary>
    public const string FollowUpChanged = "follow_up.changed";
    /// <summary>A stakeholder status update was posted: its text and when the next one is promised.</summary>
    public const string StatusUpdatePosted = "status_update.posted";
    /// <summary>The commander picked the chat channel that also hears of the incident's events (its name), or none.</summary>
    public const string ChatChannelPicked = "chat_channel.picked";
    /// <summary>A file was attached as evidence: its SHA-256, size and type, title, source and who collected it when, so the chain covers the file.</summary>
    public const string EvidenceAdded = "evidence.added";
    /// <summary>A piece of evidence was deleted, with the reason; its record stays as a tombstone.</summary>
    public const string EvidenceDeleted = "evidence.deleted";
    /// <summary>The commander chose an image to be shown in the review report (shown: true), or no longer (false).</summary>
    public const string EvidenceShownInReview = "evidence.shown_in_review";
    /// <summary>The incident was put under legal hold, with the reason: nothing of it may be deleted, and retention passes it by.</summary>
    public const string LegalHoldPlaced = "incident.legal_hold_placed";
    public const string LegalHoldLifted = "incident.legal_hold_lifted";

    public static readonly IReadOnlyList<string> All =
    [
        IncidentOpened,
        IncidentStatusChanged,
        IncidentSeverityChanged,
        RoleAssigned,
        StepCompleted,
        StepStarted,
        StepReopened,
        StepSkipped,
        StepBlocked,
        StepNoted,
        StepReassigned,
        MessageDrafted,
        MessageEdited,
        MessageApproved,
        MessageSent,
        MessageFailed,
        MessagePublished,
        NotificationQueued,
        NotificationFailed,
        ImpactRecorded,
        ReviewOpened,
        ReviewEdited,
        ReviewSubmitted,
        ReviewReturned,
        ReviewPublished,
        ReviewActionAdded,
        ReviewActionUpdated,
        ExerciseStarted,
        ExerciseInjectReleased,
        ExercisePaused,
        ExerciseResumed,
        ExerciseEnded,
        IncidentKeyMarked,
        IncidentKeyUpdate,
        IncidentOpenedFromSignal,
        FollowUpClosed,
        FollowUpReopened,
        FollowUpChanged,
        StatusUpdatePosted,
        ChatChannelPicked,
        EvidenceAdded,
        EvidenceDeleted,
        EvidenceShownInReview,
        LegalHoldPlaced,
        LegalHoldLifted,
    ];

    /// <summary>Whether the event records someone acting on a checklist step (the first one acknowledges the incident).</summary>
    public static bool IsStepAction(string kind) => kind.StartsWith("step.", StringComparison.Ordinal);
}
