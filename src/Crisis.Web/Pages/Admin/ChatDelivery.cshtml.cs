using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Admin;

/// <summary>One delivery of the chat log: the message as the group sees it, read back from the body Crisis posts, and that body.</summary>
public sealed class ChatDeliveryModel(ChatOutbox outbox, NotificationSettings settings) : PageModel
{
    public ChatDeliveryLine Line { get; private set; } = new();
    /// <summary>Null when the stored event cannot be read: the page says so.</summary>
    public ChatPreview? Preview { get; private set; }
    /// <summary>The language the message is told in, for the page to mark it.</summary>
    public string? MessageLanguage { get; private set; }

    public void OnGet(long id)
    {
        (Line, var delivery) = outbox.Message(id);
        if (delivery is null) return;
        Preview = ChatPreview.Of(delivery, settings.PublicUrl);
        MessageLanguage = delivery.Event.Language;
    }
}
