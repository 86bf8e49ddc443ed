using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crisis.Core.Chat;

/// <summary>
/// A delivery's message read back from the very body Crisis posts, so that an admin sees what the group got: the robot's
/// Markdown, a Feishu/Lark card's header, colour and button, or a webhook's CloudEvent. Built without the channel's
/// address or secret: no signature, token or key is in it.
/// </summary>
public sealed record ChatPreview(string Kind, string? Title, string Markdown, string? HeaderColour, string? ButtonLabel, string? ButtonUrl, string Json)
{
    public static ChatPreview Of(ChatDelivery delivery, string publicUrl)
    {
        var unsigned = delivery with { Url = "", Secret = "" };
        var body = ChatPlatforms.Build(unsigned, ChatMessages.Compose(delivery.Event, publicUrl), delivery.Event.At, publicUrl).Body;
        var json = JsonNode.Parse(body)!;
        var pretty = json.ToJsonString(Indented);
        return delivery.Kind switch
        {
            ChatKinds.WeCom => new ChatPreview(delivery.Kind, null, Text(json["markdown"]?["content"]), null, null, null, pretty),
            ChatKinds.DingTalk => new ChatPreview(delivery.Kind, Text(json["markdown"]?["title"]), Text(json["markdown"]?["text"]), null, null, null, pretty),
            ChatKinds.Feishu => Card(json["card"], pretty),
            _ => new ChatPreview(delivery.Kind, null, "", null, null, null, pretty),
        };
    }

    private static ChatPreview Card(JsonNode? card, string json)
    {
        var elements = card?["elements"]?.AsArray() ?? [];
        var text = elements.FirstOrDefault(element => Text(element?["tag"]) == "div")?["text"]?["content"];
        var button = elements.Where(element => Text(element?["tag"]) == "action").SelectMany(action => action!["actions"]?.AsArray() ?? []).FirstOrDefault();
        return new ChatPreview(ChatKinds.Feishu, Text(card?["header"]?["title"]?["content"]), Text(text), Text(card?["header"]?["template"]),
            button is null ? null : Text(button["text"]?["content"]), button is null ? null : Text(button["url"]), json);
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
