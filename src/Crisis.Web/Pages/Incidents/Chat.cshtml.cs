using Crisis.Core.Chat;
using Crisis.Core.Incidents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Incidents;

/// <summary>The commander picks the chat channel that also hears of this incident's events, beside the team channels.</summary>
public sealed class ChatModel(ChatChannels channels, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public long? Picked { get; private set; }
    public IReadOnlyList<ChatChannelView> Choices { get; private set; } = [];

    protected override IReadOnlyDictionary<string, string> FieldLabels => new Dictionary<string, string> { ["channelId"] = localizer["Chat channel"] };

    public void OnGet() => (Picked, Choices) = channels.ForIncident(Key);

    public IActionResult OnPost(long? channelId) =>
        Act(() => channels.PickForIncident(Key, channelId, User.Actor()), new { Key }, done: localizer["Saved."]);
}
