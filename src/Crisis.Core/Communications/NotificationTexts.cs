using System.Globalization;

namespace Crisis.Core.Communications;

/// <summary>The emails Crisis sends team members on its own, in the incident's language. Composite format strings.</summary>
internal sealed record NotificationTexts
{
    /// <summary>{0} key, {1} role name, {2} incident title.</summary>
    public required string RoleSubject { get; init; }
    /// <summary>{0} who assigned, {1} role name, {2} key, {3} title, {4} severity.</summary>
    public required string RoleBody { get; init; }
    /// <summary>{0} number of steps, {1} first deadline, {2} first step.</summary>
    public required string RoleSteps { get; init; }
    public required string RoleNoSteps { get; init; }
    /// <summary>{0} key, {1} step.</summary>
    public required string StepSubject { get; init; }
    /// <summary>{0} who assigned, {1} key, {2} title, {3} step, {4} deadline.</summary>
    public required string StepBody { get; init; }
    /// <summary>{0} key, {1} number of steps.</summary>
    public required string ReminderSubject { get; init; }
    /// <summary>{0} key, {1} title, {2} minutes before the commander is told.</summary>
    public required string ReminderBody { get; init; }
    /// <summary>{0} key, {1} number of steps.</summary>
    public required string EscalationSubject { get; init; }
    /// <summary>{0} key, {1} title.</summary>
    public required string EscalationBody { get; init; }
    /// <summary>{0} step, {1} deadline, {2} owner.</summary>
    public required string OverdueLine { get; init; }
    public required string NoOwner { get; init; }
    /// <summary>{0} link.</summary>
    public required string Open { get; init; }
    public required string NoDeadline { get; init; }

    public static NotificationTexts For(string language) => language == "zh-CN" ? Chinese : English;

    public static string Time(DateTimeOffset? at, NotificationTexts texts) =>
        at is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : texts.NoDeadline;

    private static readonly NotificationTexts English = new()
    {
        RoleSubject = "[{0}] You are {1}: {2}",
        RoleBody = "{0} made you **{1}** in {2} “{3}” (SEV{4}).",
        RoleSteps = "You own {0} open steps. The first is due {1}: {2}",
        RoleNoSteps = "No open steps belong to this role right now.",
        StepSubject = "[{0}] A step for you: {1}",
        StepBody = "{0} gave you this step in {1} “{2}”:\n\n**{3}**\n\nDue {4}.",
        ReminderSubject = "[{0}] Your overdue steps: {1}",
        ReminderBody = "These steps you own in {0} “{1}” are past their deadline and still open. Tick them when done, or block one with a reason so the commander knows why. If they are still open in {2} minutes, the incident commander is told.",
        EscalationSubject = "[{0}] Still overdue after a reminder: {1}",
        EscalationBody = "These steps in {0} “{1}” are still open after their owners were reminded. Consider reassigning them or asking what blocks them.",
        OverdueLine = "- {0} (due {1}; {2})",
        NoOwner = "nobody holds the role",
        Open = "Open the checklist: {0}",
        NoDeadline = "no deadline",
    };

    private static readonly NotificationTexts Chinese = new()
    {
        RoleSubject = "[{0}] 您已被指派为{1}：{2}",
        RoleBody = "{0} 在 {2}“{3}”（SEV{4}）中指派您担任**{1}**。",
        RoleSteps = "您负责 {0} 个未完成步骤。最早的截止时间为 {1}：{2}",
        RoleNoSteps = "该角色目前没有未完成的步骤。",
        StepSubject = "[{0}] 指派给您的步骤：{1}",
        StepBody = "{0} 在 {1}“{2}”中把以下步骤指派给您：\n\n**{3}**\n\n截止时间：{4}。",
        ReminderSubject = "[{0}] 已逾期：您负责的 {1} 个步骤",
        ReminderBody = "您在 {0}“{1}”中负责的以下步骤已过截止时间且尚未完成。完成后请勾选；如受阻，请标记受阻并说明原因，让指挥官知情。{2} 分钟后如仍未完成，将通知事件指挥官。",
        EscalationSubject = "[{0}] 提醒后仍逾期：{1} 个步骤",
        EscalationBody = "{0}“{1}”中的以下步骤在提醒负责人之后仍未完成。请考虑重新指派，或询问受阻原因。",
        OverdueLine = "- {0}（截止 {1}；{2}）",
        NoOwner = "该角色无人担任",
        Open = "打开检查清单：{0}",
        NoDeadline = "无截止时间",
    };
}
