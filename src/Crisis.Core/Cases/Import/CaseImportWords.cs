using System.Text;
using Crisis.Core.Localization;

namespace Crisis.Core.Cases.Import;

/// <summary>
/// The words platforms, 12315 and customer-service tools write in their exports, and what Crisis makes of them: which
/// case field a column header names, and which channel or category a cell's word means. The shipped words cover the
/// common Chinese and English ones; a source's mapping adds its own (<see cref="CaseImportMapping.ChannelWords"/>).
/// </summary>
public static class CaseImportWords
{
    /// <summary>A word as it is compared: full-width letters and digits made ordinary (ＪＤ is JD), lower case, without spaces and punctuation.</summary>
    public static string Normalise(string word)
    {
        var folded = word.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var ch in folded)
            if (char.IsLetterOrDigit(ch)) builder.Append(char.ToLowerInvariant(ch));
        return builder.ToString();
    }

    /// <summary>Header names per case field, in the order they are tried; the first column a field takes is not offered to the next.</summary>
    public static readonly IReadOnlyList<(string Field, string[] Headers)> Headers =
    [
        (CaseImportFields.ExternalId, ["投诉编号", "投诉单号", "工单编号", "工单号", "售后单号", "售后编号", "退款编号", "维权编号", "登记编号", "ticket id", "ticket", "case id", "complaint id", "dispute id"]),
        (CaseImportFields.OrderId, ["订单编号", "订单号", "子订单编号", "主订单编号", "订单id", "order id", "order no", "order number", "order"]),
        (CaseImportFields.Sku, ["sku", "sku编码", "商品编码", "商家编码", "商品货号", "货号", "规格编码", "sku id", "product code", "item code"]),
        (CaseImportFields.Batch, ["批次", "批号", "生产批号", "生产批次", "batch", "lot", "batch number", "lot number"]),
        (CaseImportFields.Category, ["投诉类型", "投诉类别", "问题类型", "问题分类", "投诉原因", "退款原因", "售后原因", "维权原因", "类别", "分类", "类型", "category", "issue type", "type", "reason"]),
        (CaseImportFields.Channel, ["渠道", "投诉渠道", "来源渠道", "平台", "来源", "channel", "platform", "source"]),
        (CaseImportFields.Summary, ["投诉内容", "问题描述", "投诉描述", "诉求内容", "退款说明", "买家留言", "详细描述", "内容", "描述", "详情", "诉求", "summary", "description", "complaint", "details", "comment"]),
        (CaseImportFields.CustomerRef, ["买家昵称", "买家账号", "会员名", "客户名称", "投诉人", "用户名", "买家", "客户", "customer", "buyer", "customer name", "customer id", "buyer id"]),
        (CaseImportFields.CustomerPhone, ["手机号", "手机号码", "手机", "联系电话", "投诉人电话", "联系方式", "电话", "phone", "mobile", "telephone", "tel", "phone number"]),
        (CaseImportFields.CustomerAddress, ["收货地址", "联系地址", "详细地址", "地址", "address", "shipping address"]),
        (CaseImportFields.Status, ["处理状态", "工单状态", "投诉状态", "售后状态", "维权状态", "退款状态", "状态", "status", "state", "ticket status"]),
        // Before the received time, whose "时间" and "date" end these headers too.
        (CaseImportFields.ResolvedAt, ["完结时间", "处理完成时间", "完成时间", "结案时间", "解决时间", "关闭时间", "办结时间", "resolved", "resolved at", "closed at", "completed at", "solved at"]),
        (CaseImportFields.ReceivedAt, ["投诉时间", "创建时间", "申请时间", "提交时间", "登记时间", "受理时间", "时间", "日期", "received", "received at", "created", "created at", "date", "time"]),
    ];

    /// <summary>
    /// Header names that say too little to be found inside another header: "订单状态" and "Order status" are an order's,
    /// not the complaint's, status.
    /// </summary>
    public static readonly IReadOnlySet<string> WholeHeaderOnly = new HashSet<string> { "状态", "status", "state" };

    /// <summary>Words of a header holding a time that is planned, not one that happened ("预计完成时间", "Expected resolved date").</summary>
    public static readonly IReadOnlyList<string> PlannedTimeWords = ["预计", "预期", "要求", "期望", "截止", "应完成", "expected", "due", "deadline", "target", "planned", "sla"];

    /// <summary>Channel words beyond the channels' own names in both languages (which are understood too).</summary>
    private static readonly Dictionary<string, string[]> ChannelSynonyms = new()
    {
        [CaseChannels.Tmall] = ["天猫商城", "天猫旗舰店", "tmall.com"],
        [CaseChannels.Taobao] = ["淘宝网", "淘宝店"],
        [CaseChannels.JD] = ["京东商城", "京东自营", "jd.com", "jingdong"],
        [CaseChannels.Pinduoduo] = ["pdd"],
        [CaseChannels.Douyin] = ["抖店", "抖音电商", "抖音小店"],
        [CaseChannels.Red] = ["小红书", "xiaohongshu", "red", "rednote"],
        [CaseChannels.WeChat] = ["微信小程序", "微信公众号", "企业微信", "weixin"],
        [CaseChannels.OwnShop] = ["官网", "官方商城", "自营商城", "官方网站", "website", "own shop"],
        [CaseChannels.Hotline] = ["热线", "客服热线", "400热线", "电话", "call center", "phone"],
        [CaseChannels.Regulator12315] = ["全国12315平台", "12315平台", "市场监管"],
        [CaseChannels.SocialMedia] = ["微博", "weibo", "知乎", "b站", "bilibili"],
        [CaseChannels.Other] = ["其它"],
    };

    private static readonly Dictionary<string, string[]> CategorySynonyms = new()
    {
        [CaseCategories.Quality] = ["质量问题", "产品质量", "商品质量", "质量", "瑕疵", "破损", "做工", "描述不符", "defect", "broken"],
        [CaseCategories.Safety] = ["安全问题", "人身安全", "安全隐患", "受伤", "safety issue", "injury"],
        [CaseCategories.Delivery] = ["物流", "物流问题", "发货", "发货慢", "未发货", "快递", "配送", "未收到货", "少件", "漏发", "错发", "shipping", "logistics"],
        [CaseCategories.Refund] = ["退款", "退货", "退货退款", "仅退款", "退换货", "return", "returns"],
        [CaseCategories.Privacy] = ["隐私", "个人信息", "信息泄露", "data leak"],
        [CaseCategories.Counterfeit] = ["假货", "假冒", "仿冒", "非正品", "假冒伪劣", "fake"],
        [CaseCategories.Service] = ["服务", "客服", "服务态度", "态度差", "售后", "售后服务", "customer service"],
        [CaseCategories.Other] = ["其它"],
    };

    private static readonly Dictionary<string, string[]> StatusSynonyms = new()
    {
        [CaseStatuses.New] = ["新建", "待处理", "未处理", "待受理", "待响应", "待分配", "open", "pending", "unassigned"],
        [CaseStatuses.InProgress] = ["处理中", "跟进中", "受理中", "已受理", "已响应", "processing", "in progress", "working"],
        [CaseStatuses.WaitingForCustomer] = ["等待买家", "等待买家回复", "待买家回复", "等待买家处理", "等待客户", "待客户回复", "待补充材料", "awaiting customer", "waiting on customer", "on hold"],
        [CaseStatuses.Resolved] = ["已解决", "已处理", "已完结", "完结", "处理完成", "已完成", "已结案", "已办结", "退款成功", "solved", "done", "completed", "fixed"],
        [CaseStatuses.Closed] = ["已关闭", "关闭", "已撤销", "撤销", "已撤诉", "cancelled", "canceled", "withdrawn"],
    };

    /// <summary>Every shipped channel word, normalised, to its channel: the synonyms, and each channel's key and name in English and Chinese.</summary>
    public static IReadOnlyDictionary<string, string> Channels { get; } = Words(CaseChannels.All, "case-channel:", ChannelSynonyms);

    public static IReadOnlyDictionary<string, string> Categories { get; } = Words(CaseCategories.All, "case-category:", CategorySynonyms);

    public static IReadOnlyDictionary<string, string> Statuses { get; } = Words(CaseStatuses.All, "case-status:", StatusSynonyms);

    /// <summary>The shipped words of a field whose cells are words (<see cref="CaseImportFields.WordFields"/>).</summary>
    public static IReadOnlyDictionary<string, string> Shipped(string field) => field switch
    {
        CaseImportFields.Channel => Channels,
        CaseImportFields.Category => Categories,
        CaseImportFields.Status => Statuses,
        _ => throw new ArgumentException($"'{field}' is not a field of words", nameof(field)),
    };

    private static Dictionary<string, string> Words(IReadOnlyList<string> keys, string textPrefix, Dictionary<string, string[]> synonyms)
    {
        var words = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            var names = new[] { key, SharedTexts.Get(textPrefix + key, SharedTexts.English), SharedTexts.Get(textPrefix + key, SharedTexts.Chinese) };
            // "RED (Xiaohongshu)" and "12315 (regulator)" are also written without their explanation.
            foreach (var word in names.Concat(names.Select(name => name.Split(['(', '（'])[0])).Concat(synonyms[key]))
                words.TryAdd(Normalise(word), key);
        }
        return words;
    }
}

/// <summary>The case fields a file's columns can fill, named as the API names them.</summary>
public static class CaseImportFields
{
    public const string Channel = "channel";
    public const string Category = "category";
    public const string Summary = "summary";
    public const string OrderId = "orderId";
    public const string Sku = "sku";
    public const string Batch = "batch";
    public const string CustomerRef = "customerRef";
    public const string CustomerPhone = "customerPhone";
    public const string CustomerAddress = "customerAddress";
    public const string ReceivedAt = "receivedAt";
    public const string ExternalId = "externalId";
    public const string Status = "status";
    public const string ResolvedAt = "resolvedAt";

    /// <summary>
    /// In the order a mapping step shows them: what the complaint is first, then the order, the customer, the source's
    /// id, and where the source's team left it.
    /// </summary>
    public static readonly IReadOnlyList<string> All =
        [Summary, Category, Channel, ReceivedAt, OrderId, Sku, Batch, CustomerRef, CustomerPhone, CustomerAddress, ExternalId, Status, ResolvedAt];

    /// <summary>The fields whose cells are words that mean one of a few values, in the file's own language.</summary>
    public static readonly IReadOnlyList<string> WordFields = [Channel, Category, Status];

    /// <summary>The values a word field's words may mean.</summary>
    public static IReadOnlyList<string> Values(string field) => field switch
    {
        Channel => CaseChannels.All,
        Category => CaseCategories.All,
        Status => CaseStatuses.All,
        _ => throw new ArgumentException($"'{field}' is not a field of words", nameof(field)),
    };
}
