using System.Globalization;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;

namespace Crisis.Reports;

/// <summary>The words of the PDF and Markdown reports in one language, read from the shared texts. Some are composite format strings.</summary>
public sealed class ReportTexts
{
    private readonly CultureInfo culture;
    private readonly TimeZoneInfo zone;

    private ReportTexts(CultureInfo culture, TimeZoneInfo zone)
    {
        this.culture = culture;
        this.zone = zone;
    }

    /// <summary>The texts in <paramref name="language"/>, writing times in UTC.</summary>
    public static ReportTexts For(string? language) =>
        new(SharedTexts.In(language), TimeZoneInfo.Utc);

    /// <summary>The same texts writing times in <paramref name="timeZone"/>: the organisation's.</summary>
    public ReportTexts InZone(TimeZoneInfo timeZone) => new(culture, timeZone);

    /// <summary>
    /// A sub-step's text, marked as under the step before it. With └, which the report font (Noto Sans CJK) has: a mark
    /// it lacks (↳) is drawn from a fallback font, and Skia embeds that whole font (DejaVu Sans: 330 KB in every report).
    /// </summary>
    public static string SubStep(string text) => "└ " + text;

    public string Language => culture.Name;
    public CultureInfo Culture => culture;
    public TimeZoneInfo Zone => zone;
    public string ReviewTitle => Text("report:Post-incident review");
    public string ChecklistTitle => Text("Incident checklist");
    public string Confidential => Text("Confidential: for the incident team and leadership");
    public string Incident => Text("Incident");
    public string Severity => Text("report:Severity");
    public string Status => Text("Status");
    public string Playbook => Text("Playbook");
    public string Opened => Text("Opened");
    public string Contained => Text("report:Contained");
    public string Resolved => Text("report:Resolved");
    public string Closed => Text("report:Closed");
    public string Commander => Text("Incident commander");
    public string ReviewStatus => Text("Review");
    public string Exercise => Text("Exercise: simulated incident, not a real crisis");
    /// <summary>Drawn across every page of an exercise's report.</summary>
    public string Watermark => Text("exercise:watermark");
    public string ExecutiveSummary => Text("Executive summary");
    public string NotWritten => Text("Not written yet.");
    public string NoReview => Text("No review has been opened for this incident yet: this report shows the record only.");
    public string Impact => Text("Customer and business impact");
    public string Measure => Text("Measure");
    public string Value => Text("Value");
    public string OrdersAffected => Text("Orders affected");
    public string CustomersAffected => Text("Customers affected");
    public string ComplaintsPlatform => Text("Complaints on platforms");
    public string Complaints12315 => Text("Complaints via 12315");
    public string ComplaintsSocial => Text("Complaints on social media");
    public string ComplaintsDirect => Text("Complaints to the brand directly");
    public string RefundsIssued => Text("Refunds issued");
    public string RefundAmount => Text("Refund cost");
    public string UnitsRecalled => Text("Units recalled");
    public string UnitsRecovered => Text("Units recovered");
    public string Skus => Text("Affected SKUs");
    public string Batches => Text("Affected batches");
    public string RevenueImpact => Text("Revenue impact");
    public string RegulatorsNotified => Text("Regulators notified");
    public string CustomerImpact => Text("Customer impact");
    public string NoImpact => Text("No impact figures were recorded.");
    public string ImpactEntries => Text("Impact log entries");
    public string ImpactEntriesLatest => Text("{0}, the latest at {1} by {2}");
    public string ComplaintsByChannel => Text("Complaints by channel");
    public string Metrics => Text("Response metrics");
    public string TimeToAcknowledge => Text("Time to acknowledge");
    public string TimeToContain => Text("Time to contain");
    public string TimeToResolve => Text("Time to resolve");
    public string NotYet => Text("not yet");
    public string PhasesChart => Text("Phases: planned against actual");
    public string Planned => Text("Planned");
    public string Actual => Text("Actual");
    public string Late => Text("Late");
    public string Phase => Text("Phase");
    public string Steps => Text("report:Steps");
    public string StepsByRole => Text("Steps by role");
    public string OnTime => Text("On time");
    public string Skipped => Text("Skipped");
    public string Blocked => Text("Blocked");
    public string Open => Text("report:Open");
    public string Role => Text("Role");
    public string Total => Text("Total");
    public string MessagesByAudience => Text("Messages by audience");
    public string Audience => Text("Audience");
    public string Drafted => Text("Drafted");
    public string Sent => Text("Sent");
    public string MedianApproval => Text("Median approval time");
    public string LongestApproval => Text("Longest approval time");
    public string Timeline => Text("Timeline");
    public string When => Text("When");
    public string Who => Text("Who");
    public string What => Text("What");
    public string ChecklistOutcome => Text("Checklist outcome by phase");
    public string StoryIntro => Text("report:story-intro");
    public string ChecklistSummaryIntro => Text("report:checklist-summary-intro");
    public string ChecklistAppendix => Text("report:checklist-appendix");
    public string Done => StatusName(StepStatus.Done);
    public string LateSteps => Text("report:late-steps");
    public string LateStep => Text("report:late-step");
    public string NoneLate => Text("report:none-late");
    public string EventLogIntro => Text("report:event-log-intro");
    public string Step => Text("Step");
    public string Owner => Text("Owner");
    public string Due => Text("Due");
    public string Outcome => Text("Outcome");
    public string Communications => Text("Communications sent");
    public string Channel => Text("Channel");
    public string Subject => Text("Subject");
    public string Approved => Text("report:Approved");
    public string NoMessages => Text("No messages were drafted.");
    public string RootCause => Text("Root cause");
    public string FiveWhys => Text("Five whys");
    public string Why => Text("Why {0}?");
    public string Lessons => Text("Lessons");
    public string WentWell => Text("What went well");
    public string WentPoorly => Text("What went poorly");
    public string Lucky => Text("Where we were lucky");
    public string LessonsLearned => Text("Lessons learned");
    public string ActionItems => Text("Action items");
    public string Action => Text("Action");
    public string PlaybookChange => Text("Playbook change");
    public string NoActions => Text("No action items yet.");
    public string Appendix => Text("Appendix: event log");
    public string ChainIntact => Text("All {0} events verify: each event's hash covers the one before it, and the chain ends at the incident's recorded head. Nothing was edited, inserted or deleted.");
    public string ChainBroken => Text("The event log does not verify ({0} events). Problems found:");
    public string HashChain => Text("Hash-chain verification");
    public string Evidence => Text("report:evidence");
    public string EvidencePicturesIntro => Text("report:evidence-pictures-intro");
    public string EvidenceAppendix => Text("report:evidence-appendix");
    public string EvidenceAppendixIntro => Text("report:evidence-appendix-intro");
    public string NoEvidence => Text("report:evidence-none");
    public string EvidenceFile => Text("report:evidence-file");
    public string EvidenceCollected => Text("report:evidence-collected");
    public string EvidenceAttached => Text("report:evidence-attached");
    public string EvidenceDeleted => Text("report:evidence-deleted");
    public string LocationRemoved => Text("report:evidence-location-removed");
    public string EvidenceType(Core.Evidence.EvidenceType type) => Text(type.TextKey);
    public string SignedHeadLine => Text("Signed head: event {0}, hash {1}, signed {2} with key {3}, signature {4}…");
    public string HeadNotSigned => Text("The head of this record is not signed: the anchor file could not be written.");

    /// <summary>The signed head in one line, as every exported report prints it; the same checkpoint is in the anchor file.</summary>
    public string SignedHead(SignedHead? head) => head is null
        ? HeadNotSigned
        : Format(SignedHeadLine, head.Seq, head.Hash, Time(head.At), head.KeyFingerprint, head.ShortSignature);
    public string Seq => Text("#");
    public string Details => Text("Details");
    public string PageLabel => Text("Page {0} of {1}");
    public string Generated => Text("Generated {0}");
    public string ChecklistIntro => Text("For when systems are down: tick each step, write the time and your initials, and enter the ticks in Crisis when it is back.");
    public string Roles => Text("report:Roles");
    public string Person => Text("Person");
    public string Unassigned => Text("unassigned");
    public string DoneAt => Text("Done at / initials");
    public string Hours => Text("{0} h {1} min");
    public string Minutes => Text("{0} min");
    public string Days => Text("{0} d {1} h");
    public string AfterActionTitle => Text("After-action report and improvement plan");
    public string Scenario => Text("Scenario");
    public string ExerciseDate => Text("Date");
    public string ExerciseLength => Text("Exercise time");
    public string ClockMode => Text("Clock");
    public string Trainer => Text("Trainer");
    public string Objectives => Text("Objectives");
    public string Participants => Text("Participants");
    public string Briefing => Text("Briefing");
    public string InjectsAndResponse => Text("Injects and response times");
    public string Inject => Text("Inject");
    public string ReleasedAt => Text("Released");
    public string Expected => Text("Expected");
    public string Within => Text("Within");
    public string Measured => Text("Measured");
    public string Result => Text("Result");
    public string NotReleased => Text("not released");
    public string ScoreSummary => Text("Score summary");
    public string Met => Text("Met");
    public string Missed => Text("Missed");
    public string Pending => Text("Pending");
    public string NotPlayed => Text("Not played");
    public string OverriddenBy => Text("Trainer: {0} ({1})");
    public string Pass => Text("pass");
    public string Fail => Text("fail");
    public string StepsOnTime => Text("Checklist steps on time");
    public string Strengths => Text("Strengths");
    public string AreasForImprovement => Text("Areas for improvement");
    public string StrengthLine => Text("{0}: {1} in {2} (expected within {3})");
    public string GapLine => Text("{0}: {1} {2} (expected within {3})");
    public string NoneYet => Text("None recorded.");
    public string Observations => Text("Trainer observations");
    public string Feedback => Text("Participant feedback");
    public string Rating => Text("Rating");
    public string AverageRating => Text("Average rating: {0} of 5 from {1} participants");
    public string WhatWorked => Text("What worked");
    public string WhatDidNot => Text("What did not");
    public string ImprovementPlan => Text("Improvement plan");
    public string Issue => Text("Issue");
    public string CorrectiveAction => Text("Corrective action");
    public string DueDate => Text("Due date");
    public string GapStepLate => Text("aar:gap-step-late");
    public string GapStepMissed => Text("aar:gap-step-missed");
    public string GapMessageLate => Text("aar:gap-message-late");
    public string GapMessageMissed => Text("aar:gap-message-missed");
    public string FixStepLate => Text("aar:fix-step-late");
    public string FixStepMissed => Text("aar:fix-step-missed");
    public string FixMessageLate => Text("aar:fix-message-late");
    public string FixMessageMissed => Text("aar:fix-message-missed");

    /// <summary>A status of any kind (incident, step, message, review, action, score, clock) as the reports name it.</summary>
    public string StatusName(string status) => SharedTexts.Find("status:" + status, culture) ?? status;

    /// <summary>A severity in the report's language: "SEV1", "一级".</summary>
    public string SeverityName(int level) => SharedTexts.Severity(level, culture);

    /// <summary>An audience or channel key (customers, email) by its name in the report's language.</summary>
    public string Label(string group, string? key) => EventStory.Label(group, key, culture);

    /// <summary>Every time a report prints, in the organisation's zone with the zone named (<see cref="SharedTexts.ZonedTime"/>).</summary>
    public string Time(DateTimeOffset? at) => at is { } value ? SharedTexts.ZonedTime(value, zone, culture) : "—";

    /// <summary>An exercise's span, as its readers write it (<see cref="ExerciseTimes.Length"/>): "30m", "30分钟".</summary>
    public string Length(TimeSpan span) => ExerciseTimes.Length(span, culture);

    /// <summary>A moment of an exercise from its start (<see cref="ExerciseTimes.SinceStart"/>): "T+15m", "开始后15分钟".</summary>
    public string SinceStart(TimeSpan time) => ExerciseTimes.SinceStart(time, culture);

    /// <summary>
    /// The phase chart's time axis: null keeps the chart's "T+90m" in English; Chinese reads "90分钟", "6小时", "3天",
    /// the time since the incident was opened in words, as "T+" means nothing to a Chinese reader.
    /// </summary>
    public Func<TimeSpan, string>? ChartTick => SharedTexts.IsChinese(culture) ? ChineseTick : null;

    private string ChineseTick(TimeSpan since)
    {
        string Words(string unit, double amount) => string.Format(CultureInfo.InvariantCulture, Text("duration:" + unit), amount.ToString("0.#", CultureInfo.InvariantCulture));
        return since.TotalHours < 1 ? Words("minutes", Math.Round(since.TotalMinutes))
            : since.TotalHours < 48 ? Words("hours", since.TotalHours)
            : Words("days", since.TotalDays);
    }

    public string Duration(TimeSpan? span)
    {
        if (span is not { } value)
            return NotYet;
        if (value < TimeSpan.Zero)
            value = TimeSpan.Zero;
        return value.TotalHours < 1 ? string.Format(CultureInfo.InvariantCulture, Minutes, (int)value.TotalMinutes)
            : value.TotalDays < 2 ? string.Format(CultureInfo.InvariantCulture, Hours, (int)value.TotalHours, value.Minutes)
            : string.Format(CultureInfo.InvariantCulture, Days, (int)value.TotalDays, value.Hours);
    }

    /// <summary>A label and its value as the report's language punctuates them: "Late: 3", "超时完成：3".</summary>
    public string Labelled(string label, object? value) => Format(Text("{0}: {1}"), label, value);

    /// <summary>A text with an aside as the report's language brackets it: "Product recall (v2)", "产品召回（v2）".</summary>
    public string Parenthesised(string text, object? aside) => Format(Text("{0} ({1})"), text, aside);

    /// <summary>Items as a list reads in the report's language (<see cref="SharedTexts.List"/>).</summary>
    public string List(IEnumerable<string> items) => SharedTexts.List(items, culture);

    public string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    /// <summary>A word of the quarterly readiness report (<c>readiness:</c> keys of the shared texts).</summary>
    public string Readiness(string key) => Text("readiness:" + key);

    /// <summary>A day as the report's language writes it: "2 Dec 2026", "2026年12月2日".</summary>
    public string Day(DateOnly day) => day.ToString(SharedTexts.IsChinese(culture) ? "yyyy年M月d日" : "d MMM yyyy", culture);

    private string Text(string key) => SharedTexts.Get(key, culture);
}
