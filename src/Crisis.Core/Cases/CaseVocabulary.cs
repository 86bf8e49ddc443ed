namespace Crisis.Core.Cases;

/// <summary>Where a complaint came in. Pages show each as a word of the shared texts (<c>case-channel:KEY</c>).</summary>
public static class CaseChannels
{
    public const string Tmall = "tmall";
    public const string Taobao = "taobao";
    public const string JD = "jd";
    public const string Pinduoduo = "pinduoduo";
    public const string Douyin = "douyin";
    public const string Red = "red";
    public const string WeChat = "wechat";
    public const string OwnShop = "own-shop";
    public const string Hotline = "hotline";
    public const string Regulator12315 = "12315";
    public const string SocialMedia = "social-media";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Tmall, Taobao, JD, Pinduoduo, Douyin, Red, WeChat, OwnShop, Hotline, Regulator12315, SocialMedia, Other];

    /// <summary>Which of an incident's complaint figures a channel's cases count in: shops, 12315, social media (RED posts are), or the brand directly.</summary>
    public static ComplaintGroup GroupOf(string channel) => channel switch
    {
        Tmall or Taobao or JD or Pinduoduo or Douyin or OwnShop => ComplaintGroup.Platform,
        Regulator12315 => ComplaintGroup.Regulator12315,
        SocialMedia or Red => ComplaintGroup.Social,
        _ => ComplaintGroup.Direct,
    };
}

public enum ComplaintGroup { Platform, Regulator12315, Social, Direct }

/// <summary>What a complaint is about (<c>case-category:KEY</c>).</summary>
public static class CaseCategories
{
    public const string Quality = "quality";
    public const string Safety = "safety";
    public const string Delivery = "delivery";
    public const string Refund = "refund";
    public const string Privacy = "privacy";
    public const string Counterfeit = "counterfeit";
    public const string Service = "service";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Quality, Safety, Delivery, Refund, Privacy, Counterfeit, Service, Other];
}

/// <summary>Where a case stands (<c>case-status:KEY</c>). A case that leaves <see cref="New"/> has been answered; resolved and closed stop its clocks.</summary>
public static class CaseStatuses
{
    public const string New = "new";
    public const string InProgress = "in-progress";
    public const string WaitingForCustomer = "waiting-for-customer";
    public const string Resolved = "resolved";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [New, InProgress, WaitingForCustomer, Resolved, Closed];

    public static readonly IReadOnlyList<string> Done = [Resolved, Closed];

    public static bool IsDone(string status) => Done.Contains(status);
}

/// <summary>How a case stands against its clocks (<c>case-clock:KEY</c>), as lists filter and show it.</summary>
public static class CaseClockStates
{
    /// <summary>Running, with time to spare.</summary>
    public const string OnTrack = "on-track";
    /// <summary>Running, and about to miss the clock that runs next.</summary>
    public const string DueSoon = "due-soon";
    /// <summary>Running past a clock it missed.</summary>
    public const string Overdue = "overdue";
    /// <summary>Resolved within its clocks.</summary>
    public const string Met = "met";
    /// <summary>Resolved, after a clock ran out.</summary>
    public const string Missed = "missed";

    public static readonly IReadOnlyList<string> All = [OnTrack, DueSoon, Overdue, Met, Missed];
}
