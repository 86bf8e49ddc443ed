using System.Globalization;

namespace Crisis.Reports;

/// <summary>The words of the PDF and Markdown reports, in English and Simplified Chinese. Some are composite format strings.</summary>
public sealed record ReportTexts
{
    public required string Language { get; init; }
    public required string ReviewTitle { get; init; }
    public required string ChecklistTitle { get; init; }
    public required string Confidential { get; init; }
    public required string Incident { get; init; }
    public required string Severity { get; init; }
    public required string Status { get; init; }
    public required string Playbook { get; init; }
    public required string Opened { get; init; }
    public required string Contained { get; init; }
    public required string Resolved { get; init; }
    public required string Closed { get; init; }
    public required string Commander { get; init; }
    public required string ReviewStatus { get; init; }
    public required string Exercise { get; init; }
    public required string ExecutiveSummary { get; init; }
    public required string NotWritten { get; init; }
    public required string NoReview { get; init; }
    public required string Impact { get; init; }
    public required string Measure { get; init; }
    public required string Value { get; init; }
    public required string OrdersAffected { get; init; }
    public required string CustomersAffected { get; init; }
    public required string ComplaintsPlatform { get; init; }
    public required string Complaints12315 { get; init; }
    public required string ComplaintsSocial { get; init; }
    public required string RefundsIssued { get; init; }
    public required string RefundAmount { get; init; }
    public required string UnitsRecalled { get; init; }
    public required string UnitsRecovered { get; init; }
    public required string Skus { get; init; }
    public required string Batches { get; init; }
    public required string RevenueImpact { get; init; }
    public required string RegulatorsNotified { get; init; }
    public required string CustomerImpact { get; init; }
    public required string NoImpact { get; init; }
    public required string ImpactEntries { get; init; }
    public required string ComplaintsByChannel { get; init; }
    public required string Metrics { get; init; }
    public required string TimeToAcknowledge { get; init; }
    public required string TimeToContain { get; init; }
    public required string TimeToResolve { get; init; }
    public required string NotYet { get; init; }
    public required string PhasesChart { get; init; }
    public required string Planned { get; init; }
    public required string Actual { get; init; }
    public required string Late { get; init; }
    public required string Phase { get; init; }
    public required string Steps { get; init; }
    public required string StepsByRole { get; init; }
    public required string OnTime { get; init; }
    public required string Skipped { get; init; }
    public required string Blocked { get; init; }
    public required string Open { get; init; }
    public required string Role { get; init; }
    public required string Total { get; init; }
    public required string MessagesByAudience { get; init; }
    public required string Audience { get; init; }
    public required string Drafted { get; init; }
    public required string Sent { get; init; }
    public required string MedianApproval { get; init; }
    public required string LongestApproval { get; init; }
    public required string Timeline { get; init; }
    public required string When { get; init; }
    public required string Who { get; init; }
    public required string What { get; init; }
    public required string ChecklistOutcome { get; init; }
    public required string Step { get; init; }
    public required string Owner { get; init; }
    public required string Due { get; init; }
    public required string Outcome { get; init; }
    public required string Communications { get; init; }
    public required string Channel { get; init; }
    public required string Subject { get; init; }
    public required string Approved { get; init; }
    public required string NoMessages { get; init; }
    public required string RootCause { get; init; }
    public required string FiveWhys { get; init; }
    public required string Why { get; init; }
    public required string Lessons { get; init; }
    public required string WentWell { get; init; }
    public required string WentPoorly { get; init; }
    public required string Lucky { get; init; }
    public required string LessonsLearned { get; init; }
    public required string ActionItems { get; init; }
    public required string Action { get; init; }
    public required string PlaybookChange { get; init; }
    public required string NoActions { get; init; }
    public required string Appendix { get; init; }
    public required string ChainIntact { get; init; }
    public required string ChainBroken { get; init; }
    public required string HashChain { get; init; }
    public required string Seq { get; init; }
    public required string Details { get; init; }
    public required string PageLabel { get; init; }
    public required string Generated { get; init; }
    public required string ChecklistIntro { get; init; }
    public required string Roles { get; init; }
    public required string Person { get; init; }
    public required string Unassigned { get; init; }
    public required string DoneAt { get; init; }
    public required string Hours { get; init; }
    public required string Minutes { get; init; }
    public required string Days { get; init; }
    public required string AfterActionTitle { get; init; }
    public required string Scenario { get; init; }
    public required string ExerciseDate { get; init; }
    public required string ExerciseLength { get; init; }
    public required string ClockMode { get; init; }
    public required string Trainer { get; init; }
    public required string Objectives { get; init; }
    public required string Participants { get; init; }
    public required string Briefing { get; init; }
    public required string InjectsAndResponse { get; init; }
    public required string Inject { get; init; }
    public required string ReleasedAt { get; init; }
    public required string Expected { get; init; }
    public required string Within { get; init; }
    public required string Measured { get; init; }
    public required string Result { get; init; }
    public required string NotReleased { get; init; }
    public required string ScoreSummary { get; init; }
    public required string Met { get; init; }
    public required string Missed { get; init; }
    public required string Pending { get; init; }
    public required string NotPlayed { get; init; }
    public required string OverriddenBy { get; init; }
    public required string Pass { get; init; }
    public required string Fail { get; init; }
    public required string StepsOnTime { get; init; }
    public required string Strengths { get; init; }
    public required string AreasForImprovement { get; init; }
    public required string StrengthLine { get; init; }
    public required string GapLine { get; init; }
    public required string NoneYet { get; init; }
    public required string Observations { get; init; }
    public required string Feedback { get; init; }
    public required string Rating { get; init; }
    public required string AverageRating { get; init; }
    public required string WhatWorked { get; init; }
    public required string WhatDidNot { get; init; }
    public required string ImprovementPlan { get; init; }
    public required string Issue { get; init; }
    public required string CorrectiveAction { get; init; }
    public required string DueDate { get; init; }
    public required string ReviewStep { get; init; }
    public required IReadOnlyDictionary<string, string> Statuses { get; init; }

    public static ReportTexts For(string? language) => language is "zh-CN" or "zh" ? Chinese : English;

    public string StatusName(string status) => Statuses.GetValueOrDefault(status, status);

    public string Time(DateTimeOffset? at) => at is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

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

    public string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static readonly ReportTexts English = new()
    {
        Language = "en",
        ReviewTitle = "Post-incident review",
        ChecklistTitle = "Incident checklist",
        Confidential = "Confidential: for the incident team and leadership",
        Incident = "Incident",
        Severity = "Severity",
        Status = "Status",
        Playbook = "Playbook",
        Opened = "Opened",
        Contained = "Contained",
        Resolved = "Resolved",
        Closed = "Closed",
        Commander = "Incident commander",
        ReviewStatus = "Review",
        Exercise = "Exercise: simulated incident, not a real crisis",
        ExecutiveSummary = "Executive summary",
        NotWritten = "Not written yet.",
        NoReview = "No review has been opened for this incident yet: this report shows the record only.",
        Impact = "Customer and business impact",
        Measure = "Measure",
        Value = "Value",
        OrdersAffected = "Orders affected",
        CustomersAffected = "Customers affected",
        ComplaintsPlatform = "Complaints on platforms",
        Complaints12315 = "Complaints via 12315",
        ComplaintsSocial = "Complaints on social media",
        RefundsIssued = "Refunds issued",
        RefundAmount = "Refund cost",
        UnitsRecalled = "Units recalled",
        UnitsRecovered = "Units recovered",
        Skus = "Affected SKUs",
        Batches = "Affected batches",
        RevenueImpact = "Revenue impact",
        RegulatorsNotified = "Regulators notified",
        CustomerImpact = "Customer impact",
        NoImpact = "No impact figures were recorded.",
        ImpactEntries = "Impact log entries",
        ComplaintsByChannel = "Complaints by channel",
        Metrics = "Response metrics",
        TimeToAcknowledge = "Time to acknowledge",
        TimeToContain = "Time to contain",
        TimeToResolve = "Time to resolve",
        NotYet = "not yet",
        PhasesChart = "Phases: planned against actual",
        Planned = "Planned",
        Actual = "Actual",
        Late = "Late",
        Phase = "Phase",
        Steps = "Steps",
        StepsByRole = "Steps by role",
        OnTime = "On time",
        Skipped = "Skipped",
        Blocked = "Blocked",
        Open = "Open",
        Role = "Role",
        Total = "Total",
        MessagesByAudience = "Messages by audience",
        Audience = "Audience",
        Drafted = "Drafted",
        Sent = "Sent",
        MedianApproval = "Median approval time",
        LongestApproval = "Longest approval time",
        Timeline = "Timeline",
        When = "When",
        Who = "Who",
        What = "What",
        ChecklistOutcome = "Checklist outcome by phase",
        Step = "Step",
        Owner = "Owner",
        Due = "Due",
        Outcome = "Outcome",
        Communications = "Communications sent",
        Channel = "Channel",
        Subject = "Subject",
        Approved = "Approved",
        NoMessages = "No messages were drafted.",
        RootCause = "Root cause",
        FiveWhys = "Five whys",
        Why = "Why {0}?",
        Lessons = "Lessons",
        WentWell = "What went well",
        WentPoorly = "What went poorly",
        Lucky = "Where we were lucky",
        LessonsLearned = "Lessons learned",
        ActionItems = "Action items",
        Action = "Action",
        PlaybookChange = "Playbook change",
        NoActions = "No action items yet.",
        Appendix = "Appendix: event log",
        ChainIntact = "All {0} events verify: each event's hash covers the one before it, and the chain ends at the incident's recorded head. Nothing was edited, inserted or deleted.",
        ChainBroken = "The event log does not verify ({0} events). Problems found:",
        HashChain = "Hash-chain verification",
        Seq = "#",
        Details = "Details",
        PageLabel = "Page {0} of {1}",
        Generated = "Generated {0}",
        ChecklistIntro = "For when systems are down: tick each step, write the time and your initials, and enter the ticks in Crisis when it is back.",
        Roles = "Roles",
        Person = "Person",
        Unassigned = "unassigned",
        DoneAt = "Done at / initials",
        Hours = "{0} h {1} min",
        Minutes = "{0} min",
        Days = "{0} d {1} h",
        AfterActionTitle = "After-action report and improvement plan",
        Scenario = "Scenario",
        ExerciseDate = "Date",
        ExerciseLength = "Exercise time",
        ClockMode = "Clock",
        Trainer = "Trainer",
        Objectives = "Objectives",
        Participants = "Participants",
        Briefing = "Briefing",
        InjectsAndResponse = "Injects and response times",
        Inject = "Inject",
        ReleasedAt = "Released",
        Expected = "Expected",
        Within = "Within",
        Measured = "Measured",
        Result = "Result",
        NotReleased = "not released",
        ScoreSummary = "Score summary",
        Met = "Met",
        Missed = "Missed",
        Pending = "Pending",
        NotPlayed = "Not played",
        OverriddenBy = "Trainer: {0} ({1})",
        Pass = "pass",
        Fail = "fail",
        StepsOnTime = "Checklist steps on time",
        Strengths = "Strengths",
        AreasForImprovement = "Areas for improvement",
        StrengthLine = "{0}: {1} in {2} (expected within {3})",
        GapLine = "{0}: {1} {2} (expected within {3})",
        NoneYet = "None recorded.",
        Observations = "Trainer observations",
        Feedback = "Participant feedback",
        Rating = "Rating",
        AverageRating = "Average rating: {0} of 5 from {1} participants",
        WhatWorked = "What worked",
        WhatDidNot = "What did not",
        ImprovementPlan = "Improvement plan",
        Issue = "Issue",
        CorrectiveAction = "Corrective action",
        DueDate = "Due date",
        ReviewStep = "Rehearse and, if needed, change the playbook step or template: {0}",
        Statuses = new Dictionary<string, string>
        {
            ["open"] = "Open",
            ["contained"] = "Contained",
            ["resolved"] = "Resolved",
            ["closed"] = "Closed",
            ["draft"] = "Draft",
            ["in_review"] = "In review",
            ["published"] = "Published",
            ["todo"] = "To do",
            ["doing"] = "In progress",
            ["done"] = "Done",
            ["skipped"] = "Skipped",
            ["blocked"] = "Blocked",
            ["in_progress"] = "In progress",
            ["queued"] = "Queued",
            ["sent"] = "Sent",
            ["failed"] = "Failed",
            ["approved"] = "Approved",
            ["met"] = "Met",
            ["late"] = "Late",
            ["missed"] = "Missed",
            ["pending"] = "Pending",
            ["not-played"] = "Not played",
            ["real"] = "Real time",
            ["accelerated"] = "Accelerated",
            ["manual"] = "Manual",
        },
    };

    private static readonly ReportTexts Chinese = new()
    {
        Language = "zh-CN",
        ReviewTitle = "事件复盘报告",
        ChecklistTitle = "事件检查清单",
        Confidential = "机密：仅供事件处置团队与管理层使用",
        Incident = "事件",
        Severity = "严重级别",
        Status = "状态",
        Playbook = "预案",
        Opened = "开启时间",
        Contained = "控制时间",
        Resolved = "解决时间",
        Closed = "关闭时间",
        Commander = "事件指挥官",
        ReviewStatus = "复盘状态",
        Exercise = "演练：模拟事件，并非真实危机",
        ExecutiveSummary = "执行摘要",
        NotWritten = "尚未填写。",
        NoReview = "此事件尚未开启复盘：本报告仅展示事件记录。",
        Impact = "客户与业务影响",
        Measure = "指标",
        Value = "数值",
        OrdersAffected = "受影响订单",
        CustomersAffected = "受影响客户",
        ComplaintsPlatform = "平台投诉",
        Complaints12315 = "12315 投诉",
        ComplaintsSocial = "社交媒体投诉",
        RefundsIssued = "已退款笔数",
        RefundAmount = "退款金额",
        UnitsRecalled = "召回件数",
        UnitsRecovered = "已回收件数",
        Skus = "受影响 SKU",
        Batches = "受影响批次",
        RevenueImpact = "营收影响",
        RegulatorsNotified = "已通报监管部门",
        CustomerImpact = "客户影响",
        NoImpact = "未记录影响数据。",
        ImpactEntries = "影响记录条目",
        ComplaintsByChannel = "按渠道统计的投诉",
        Metrics = "响应指标",
        TimeToAcknowledge = "响应时长",
        TimeToContain = "控制时长",
        TimeToResolve = "解决时长",
        NotYet = "尚未达到",
        PhasesChart = "各阶段：计划与实际",
        Planned = "计划",
        Actual = "实际",
        Late = "逾期",
        Phase = "阶段",
        Steps = "步骤",
        StepsByRole = "按角色统计的步骤",
        OnTime = "按时完成",
        Skipped = "已跳过",
        Blocked = "受阻",
        Open = "未完成",
        Role = "角色",
        Total = "合计",
        MessagesByAudience = "按受众统计的沟通",
        Audience = "受众",
        Drafted = "起草",
        Sent = "已发送",
        MedianApproval = "审批时长中位数",
        LongestApproval = "最长审批时长",
        Timeline = "时间线",
        When = "时间",
        Who = "人员",
        What = "事项",
        ChecklistOutcome = "各阶段检查清单完成情况",
        Step = "步骤",
        Owner = "负责人",
        Due = "截止",
        Outcome = "结果",
        Communications = "已发出的沟通",
        Channel = "渠道",
        Subject = "主题",
        Approved = "审批",
        NoMessages = "未起草任何消息。",
        RootCause = "根本原因",
        FiveWhys = "五个为什么",
        Why = "为什么 {0}？",
        Lessons = "经验教训",
        WentWell = "做得好的方面",
        WentPoorly = "做得不好的方面",
        Lucky = "幸运之处",
        LessonsLearned = "经验总结",
        ActionItems = "改进行动项",
        Action = "行动",
        PlaybookChange = "预案修改",
        NoActions = "暂无改进行动项。",
        Appendix = "附录：事件日志",
        ChainIntact = "全部 {0} 条事件校验通过：每条事件的哈希包含前一条事件，且链尾与事件记录的链头一致。没有任何事件被修改、插入或删除。",
        ChainBroken = "事件日志校验未通过（共 {0} 条事件）。发现的问题：",
        HashChain = "哈希链校验",
        Seq = "序号",
        Details = "详情",
        PageLabel = "第 {0} 页，共 {1} 页",
        Generated = "生成于 {0}",
        ChecklistIntro = "供系统不可用时使用：完成一步即勾选，并写下时间和姓名缩写；系统恢复后请把勾选结果录入 Crisis。",
        Roles = "角色分工",
        Person = "人员",
        Unassigned = "未指派",
        DoneAt = "完成时间 / 签名",
        Hours = "{0} 小时 {1} 分钟",
        Minutes = "{0} 分钟",
        Days = "{0} 天 {1} 小时",
        AfterActionTitle = "演练总结报告与改进计划",
        Scenario = "演练情景",
        ExerciseDate = "日期",
        ExerciseLength = "演练时长",
        ClockMode = "时钟",
        Trainer = "培训师",
        Objectives = "演练目标",
        Participants = "参与人员",
        Briefing = "情况简介",
        InjectsAndResponse = "情景注入与响应时间",
        Inject = "注入",
        ReleasedAt = "发布",
        Expected = "预期行动",
        Within = "时限",
        Measured = "实际用时",
        Result = "结果",
        NotReleased = "未发布",
        ScoreSummary = "得分汇总",
        Met = "达成",
        Missed = "未达成",
        Pending = "进行中",
        NotPlayed = "未演练",
        OverriddenBy = "培训师判定：{0}（{1}）",
        Pass = "通过",
        Fail = "未通过",
        StepsOnTime = "按时完成的检查清单步骤",
        Strengths = "优势",
        AreasForImprovement = "待改进领域",
        StrengthLine = "{0}：{1}，用时 {2}（要求 {3} 内）",
        GapLine = "{0}：{1} {2}（要求 {3} 内）",
        NoneYet = "暂无记录。",
        Observations = "培训师观察记录",
        Feedback = "参与人员反馈",
        Rating = "评分",
        AverageRating = "平均评分：{0} / 5（{1} 人）",
        WhatWorked = "有效的做法",
        WhatDidNot = "不足之处",
        ImprovementPlan = "改进计划",
        Issue = "问题",
        CorrectiveAction = "纠正措施",
        DueDate = "截止日期",
        ReviewStep = "复盘并视需要修改预案步骤或模板：{0}",
        Statuses = new Dictionary<string, string>
        {
            ["open"] = "处置中",
            ["contained"] = "已控制",
            ["resolved"] = "已解决",
            ["closed"] = "已关闭",
            ["draft"] = "草稿",
            ["in_review"] = "审阅中",
            ["published"] = "已发布",
            ["todo"] = "待办",
            ["doing"] = "进行中",
            ["done"] = "已完成",
            ["skipped"] = "已跳过",
            ["blocked"] = "受阻",
            ["in_progress"] = "进行中",
            ["queued"] = "排队中",
            ["sent"] = "已发送",
            ["failed"] = "发送失败",
            ["approved"] = "已审批",
            ["met"] = "达成",
            ["late"] = "逾期",
            ["missed"] = "未达成",
            ["pending"] = "进行中",
            ["not-played"] = "未演练",
            ["real"] = "实时",
            ["accelerated"] = "加速",
            ["manual"] = "手动",
        },
    };
}
