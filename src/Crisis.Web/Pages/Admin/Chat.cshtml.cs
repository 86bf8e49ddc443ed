using System.Globalization;
using Crisis.Core.Chat;
using Crisis.Core.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Admin;

/// <summary>
/// The chat channels and webhooks Crisis tells of incidents, the ones from configuration read-only, and the delivery log
/// with each failure's answer and a button to send it again. Secrets are never shown, nor the tokens robot addresses carry.
/// </summary>
public sealed class ChatModel(ChatChannels channels, ChatOutbox outbox) : StatusMessagePageModel
{
    public IReadOnlyList<ChatChannelView> Channels { get; private set; } = [];
    public IReadOnlyList<ChatDeliveryLine> Deliveries => Log.Lines;
    public ChatLogPage Log { get; private set; } = new([], 0, 1, ChatLogFilter.DefaultPageSize);
    public IReadOnlyDictionary<long, ChatChannelRemoval> Removals { get; private set; } = new Dictionary<long, ChatChannelRemoval>();
    /// <summary>The delivery log's filter, from the query: one channel, one of <see cref="ChatLogStatuses"/>.</summary>
    public long? LogChannel { get; private set; }
    public string? LogStatus { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty(Name = "url")] public string? Address { get; set; }
    [BindProperty] public string? Secret { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public bool Exercise { get; set; }
    [BindProperty] public bool Team { get; set; } = true;
    [BindProperty] public string? Language { get; set; }

    public void OnGet(long? channel = null, string? status = null, int p = 1)
    {
        Language ??= SharedTexts.IsChinese(CultureInfo.CurrentUICulture) ? ChatLanguages.Chinese : ChatLanguages.English;
        Channels = channels.All();
        Removals = channels.Removals();
        LogChannel = Channels.Any(c => c.Id == channel) ? channel : null;
        LogStatus = ChatLogStatuses.All.Contains(status ?? "") ? status : null;
        Log = outbox.Page(new ChatLogFilter(LogChannel, LogStatus, p));
    }

    public IActionResult OnPostAdd()
    {
        var added = PageAction.TryFormChange(this, () => channels.Add(new NewChatChannel
        {
            Name = Name ?? "", Kind = Kind ?? "", Url = Address ?? "", Secret = Secret ?? "", Events = string.Join(",", Events), Exercise = Exercise, Team = Team,
            Language = Language ?? "",
        }));
        if (added) return RedirectToPage();
        Secret = null; // never written back into the page
        OnGet();
        return Page();
    }

    public IActionResult OnPostEnable(long id, bool enabled) => Act(() => channels.SetEnabled(id, enabled));

    public IActionResult OnPostRemove(long id, bool confirmed) => Act(() => channels.Remove(id, confirmed));

    public IActionResult OnPostSendAgain(long id) => Act(() => outbox.SendAgain(id));

    /// <summary>A robot's address without what makes it work: the host and path, its last part cut short, and no query (WeCom's key, DingTalk's token).</summary>
    public static string Masked(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address)) return "…";
        var path = address.AbsolutePath.TrimEnd('/');
        var last = path.LastIndexOf('/');
        var shown = last >= 0 && path.Length - last > 5 ? path[..(last + 5)] + "…" : path;
        return $"{address.Scheme}://{address.Authority}{shown}{(address.Query.Length > 1 ? "?…" : "")}";
    }
}
