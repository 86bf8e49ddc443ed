using System.Globalization;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;

namespace Crisis.Core.Communications;

/// <summary>The emails Crisis sends team members on its own, in the incident's language, read from the shared texts. Composite format strings.</summary>
internal sealed class NotificationTexts
{
    /// <summary>{0} key, {1} role name, {2} incident title.</summary>
    public string RoleSubject => Text("[{0}] You are {1}: {2}");
    /// <summary>{0} who assigned, {1} role name, {2} key, {3} title, {4} severity.</summary>
    public string RoleBody => Text("{0} made you **{1}** in {2} “{3}” ({4}).");
    /// <summary>{0} who handed over, {1} role name, {2} key, {3} title, {4} severity, {5} who held the role.</summary>
    public string RoleHandOverBody => Text("{0} handed **{1}** in {2} “{3}” ({4}) over to you from {5}.");
    /// <summary>{0} number of steps; the steps follow, one <see cref="StepLine"/> each.</summary>
    public string RoleSteps => Text("Your open steps in this incident ({0}), soonest deadline first:");
    /// <summary>{0} who held the role; the steps follow, one <see cref="StepLine"/> each.</summary>
    public string RoleBlockedStayWith => Text("These steps of the role stay with {0}, who blocked them or was given them by name, until someone handles them or reassigns them:");
    /// <summary>{0} step, {1} deadline.</summary>
    public string StepLine => Text("- {0} (due {1})");
    public string RoleNoSteps => Text("No open steps belong to this role right now.");
    /// <summary>{0} key, {1} step.</summary>
    public string StepSubject => Text("[{0}] A step for you: {1}");
    /// <summary>{0} who assigned, {1} key, {2} title, {3} step, {4} deadline.</summary>
    public string StepBody => Text("{0} gave you this step in {1} “{2}”:\n\n**{3}**\n\nDue {4}.");
    /// <summary>{0} key, {1} number of steps.</summary>
    public string ReminderSubject => Text("[{0}] Your overdue steps: {1}");
    /// <summary>{0} key, {1} title, {2} minutes before the commander is told.</summary>
    public string ReminderBody => Text("These steps you own in {0} “{1}” are past their deadline and still open. Tick them when done, or block one with a reason so the commander knows why. If they are still open in {2} minutes, the incident commander is told.");
    /// <summary>{0} key, {1} number of steps.</summary>
    public string EscalationSubject => Text("[{0}] Still overdue after a reminder: {1}");
    /// <summary>{0} key, {1} title.</summary>
    public string EscalationBody => Text("These steps in {0} “{1}” are still open after their owners were reminded. Consider reassigning them or asking what blocks them.");
    /// <summary>{0} step, {1} deadline, {2} owner.</summary>
    public string OverdueLine => Text("- {0} (due {1}; {2})");
    public string NoOwner => Text("nobody holds the role");
    /// <summary>{0} link.</summary>
    public string Open => Text("Open the checklist: {0}");
    public string NoDeadline => Text("no deadline");
    /// <summary>{0} number of cases.</summary>
    public string CaseOwnerSubject => Text("Your cases running out of time: {0}");
    public string CaseOwnerBody => Text("These cases you own are about to miss their clock, or have missed it. Answer the customer or resolve the case; if you cannot, give it to a colleague.");
    /// <summary>{0} number of cases.</summary>
    public string CaseUnownedSubject => Text("Cases without an owner to tell, running out of time: {0}");
    public string CaseUnownedBody => Text("Nobody who can be emailed owns these cases, and their clock is running out. Give each to someone who can answer the customer.");
    /// <summary>{0} number of cases.</summary>
    public string CaseOverdueSubject => Text("Cases past their clock: {0}");
    public string CaseOverdueBody => Text("These cases missed their first-response or resolution clock and are still open. Help their owners, or give them to someone who can answer now.");
    /// <summary>{0} the case (channel, category, SKU, batch), {1} its clock, {2} when that clock runs out, {3} how the case stands.</summary>
    public string CaseLine => Text("- {0}: {3}, {1} due {2}");
    /// <summary>As <see cref="CaseLine"/>, {4} who owns the case (<see cref="CaseOwnedBy"/> or <see cref="CaseNoOwner"/>).</summary>
    public string CaseLineWithOwner => Text("- {0}: {3}, {1} due {2}; {4}");
    /// <summary>{0} the owner's name.</summary>
    public string CaseOwnedBy => Text("owned by {0}");
    public string CaseNoOwner => Text("nobody owns it");
    /// <summary>{0} SKU.</summary>
    public string CaseSku => Text("SKU {0}");
    /// <summary>{0} batch.</summary>
    public string CaseBatch => Text("batch {0}");
    /// <summary>{0} link.</summary>
    public string CaseOpen => Text("Open the case: {0}");
    /// <summary>{0} how many cases the email leaves out, {1} link to the case list.</summary>
    public string CaseMore => Text("{0} more cases are not listed here; find them in the case list: {1}");
    /// <summary>{0} how many cases the email leaves out.</summary>
    public string CaseMoreNoLink => Text("{0} more cases are not listed here; find them in the case list.");

    /// <summary>{0} key, {1} due date, {2} follow-up.</summary>
    public string FollowUpSoonSubject => Text("[{0}] Follow-up due on {1}: {2}");
    /// <summary>{0} key, {1} follow-up.</summary>
    public string FollowUpDueSubject => Text("[{0}] Follow-up due today: {1}");
    /// <summary>{0} key, {1} follow-up.</summary>
    public string FollowUpOverdueSubject => Text("[{0}] Follow-up overdue: {1}");
    /// <summary>{0} follow-up, {1} key, {2} incident title, {3} due date.</summary>
    public string FollowUpSoonBody => Text("The follow-up “{0}” from {1} “{2}” is yours and due on {3}. When it is done, close it on the follow-up list and say what was done.");
    /// <summary>{0} follow-up, {1} key, {2} incident title, {3} due date.</summary>
    public string FollowUpDueBody => Text("The follow-up “{0}” from {1} “{2}” is yours and due today, {3}. When it is done, close it on the follow-up list and say what was done. If it is still open tomorrow, the commander of {1} is told.");
    /// <summary>{0} follow-up, {1} key, {2} incident title, {3} due date, {4} owner.</summary>
    public string FollowUpOverdueBody => Text("The follow-up “{0}” from {1} “{2}”, owned by {4}, was due on {3} and is still open. As the commander of {1}, help its owner finish it, give it to someone else, or close it as won't do with the reason.");
    /// <summary>{0} playbook title.</summary>
    public string FollowUpPlaybook => Text("It asks to change the playbook “{0}”.");
    /// <summary>{0} the owner as typed before owners were people.</summary>
    public string FollowUpNotInDirectory => Text("{0} (not in the directory)");
    /// <summary>{0} link.</summary>
    public string FollowUpOpen => Text("Open the follow-up: {0}");

    /// <summary>A shared word in the email's language, such as a channel's (<c>case-channel:tmall</c>).</summary>
    public string Word(string key) => Text(key);

    private readonly CultureInfo culture;
    private readonly TimeZoneInfo zone;

    private NotificationTexts(CultureInfo culture, TimeZoneInfo zone) => (this.culture, this.zone) = (culture, zone);

    /// <summary>The texts in <paramref name="language"/>, writing times in UTC.</summary>
    public static NotificationTexts For(string language) => new(SharedTexts.In(language), TimeZoneInfo.Utc);

    /// <summary>The same texts writing times in <paramref name="timeZone"/> (<see cref="OrganisationSettings.TimeZoneFor"/>).</summary>
    public NotificationTexts InZone(TimeZoneInfo timeZone) => new(culture, timeZone);

    public CultureInfo Culture => culture;
    public string Language => culture.Name;

    /// <summary>A deadline with its zone named: "2026-11-02 17:00（北京时间，UTC+8）".</summary>
    public string Time(DateTimeOffset? at) => at is { } value ? SharedTexts.ZonedTime(value, zone, culture) : NoDeadline;

    /// <summary>A severity as the email's reader says it: "SEV1", "一级".</summary>
    public string Severity(int level) => SharedTexts.Severity(level, culture);

    private string Text(string key) => SharedTexts.Get(key, culture);
}
