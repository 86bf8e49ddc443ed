using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crisis.Core.Chat;

/// <summary>One HTTP POST to a channel: where, the JSON body, and the headers beside the content type.</summary>
public sealed record ChatRequest(string Url, string Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers);

public enum ChatOutcome { Delivered, RateLimited, Failed }

/// <summary>
/// What a channel's answer means: taken, too many messages (try after <see cref="RetryAfter"/>), or refused;
/// <see cref="Recognised"/> false for an answer the platform does not give (not its JSON, no error code).
/// </summary>
public sealed record ChatReply(ChatOutcome Outcome, string Description, TimeSpan RetryAfter = default, bool Recognised = true);

/// <summary>
/// How often a robot may be posted to: at most <paramref name="PerMinute"/> messages in any 60 seconds and, if set,
/// <paramref name="PerSecond"/> in any second. A rolling window, not a bucket: a bucket that starts full and refills at
/// the rate lets nearly twice the rate through in the first minute, and DingTalk throttles a robot for ten minutes over 20.
/// </summary>
public sealed record ChatRate(int PerMinute, int? PerSecond = null);

/// <summary>
/// Each platform's message format, signing and answers, as its robot documentation gives them (see docs/chat.md for the
/// sources): DingTalk signs the URL, Feishu/Lark signs in the body, WeCom's key is in the URL, and a webhook gets a
/// CloudEvent signed in headers. All three robots answer HTTP 200 with an error code in the body, so 200 alone is not success.
/// </summary>
public static class ChatPlatforms
{
    public const string SignatureHeader = "X-Crisis-Signature";
    public const string TimestampHeader = "X-Crisis-Timestamp";
    public const string EventIdHeader = "X-Crisis-Event-Id";

    /// <summary>DingTalk: errcode 130101 "send too fast"; after more than 20 a minute it holds the robot for 10 minutes.</summary>
    public const int DingTalkTooFast = 130101;
    public const int WeComTooFast = 45009;
    /// <summary>Feishu/Lark: 9499 "too many request", 11232 the message service's own limit.</summary>
    public static readonly IReadOnlyList<int> FeishuTooFast = [9499, 11232];

    public static ChatRate Rate(string kind) => kind switch
    {
        ChatKinds.DingTalk or ChatKinds.WeCom => new ChatRate(20),
        ChatKinds.Feishu => new ChatRate(100, 5),
        _ => new ChatRate(600, 60),
    };

    /// <summary>How long to wait after a platform said it gets too many messages, when it does not say.</summary>
    public static TimeSpan RateLimitWindow(string kind) => kind == ChatKinds.DingTalk ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most a message's Markdown may hold, in UTF-8 bytes: WeCom refuses markdown content over 4,096 bytes; DingTalk
    /// is held to the same, as its robot shows a long message folded anyway; a Feishu card may be up to 30 KB in all.
    /// </summary>
    public static int MaxMarkdownBytes(string kind) => kind == ChatKinds.Feishu ? 20_000 : 4_000;

    public static ChatRequest Build(ChatDelivery delivery, ChatMessage message, DateTimeOffset now, string publicUrl)
    {
        const string json = "application/json";
        return delivery.Kind switch
        {
            ChatKinds.WeCom => new ChatRequest(delivery.Url, Serialize(new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["content"] = message.Markdown(withHeading: true, maxBytes: MaxMarkdownBytes(ChatKinds.WeCom)) },
            }), json, []),
            ChatKinds.DingTalk => new ChatRequest(DingTalkUrl(delivery.Url, delivery.Secret, now), Serialize(new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["title"] = message.Heading, ["text"] = message.Markdown(withHeading: true, maxBytes: MaxMarkdownBytes(ChatKinds.DingTalk)) },
            }), json, []),
            ChatKinds.Feishu => new ChatRequest(delivery.Url, Serialize(FeishuCard(delivery.Secret, message, now)), json, []),
            _ => Webhook(delivery, message, now, publicUrl),
        };
    }

    /// <summary>DingTalk's sign: HMAC-SHA256 keyed with the secret over "timestamp\nsecret" (milliseconds), Base64, then URL-encoded.</summary>
    public static string DingTalkSign(long timestampMilliseconds, string secret) =>
        Uri.EscapeDataString(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{timestampMilliseconds.ToString(CultureInfo.InvariantCulture)}\n{secret}"))));

    /// <summary>Feishu/Lark's sign: "timestamp\nsecret" (seconds) is the HMAC-SHA256 key, over an empty message, Base64.</summary>
    public static string FeishuSign(long timestampSeconds, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestampSeconds.ToString(CultureInfo.InvariantCulture)}\n{secret}"), Array.Empty<byte>()));

    /// <summary>Our webhooks' signature: "sha256=" and the hex HMAC-SHA256, keyed with the secret, of "timestamp.body".</summary>
    public static string WebhookSignature(string timestamp, string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>Reads a channel's answer. The robots' error codes count whatever the HTTP status (Feishu answers its rate limit with 400).</summary>
    public static ChatReply Read(string kind, int status, string body, TimeSpan? retryAfter)
    {
        var describe = $"HTTP {status}: {body}";
        if (status == 429) return new ChatReply(ChatOutcome.RateLimited, describe, retryAfter ?? RateLimitWindow(kind));
        if (kind == ChatKinds.Webhook)
            return status is >= 200 and < 300 ? new ChatReply(ChatOutcome.Delivered, describe) : new ChatReply(ChatOutcome.Failed, describe);
        var code = Code(body, kind == ChatKinds.Feishu ? ["code", "StatusCode"] : ["errcode"]);
        if (code is null) return new ChatReply(ChatOutcome.Failed, $"not an answer the platform gives ({describe})", Recognised: false);
        if (code == 0 && status is >= 200 and < 300) return new ChatReply(ChatOutcome.Delivered, describe);
        var tooFast = kind switch
        {
            ChatKinds.DingTalk => code == DingTalkTooFast,
            ChatKinds.WeCom => code == WeComTooFast,
            _ => FeishuTooFast.Contains(code.Value),
        };
        return tooFast ? new ChatReply(ChatOutcome.RateLimited, describe, retryAfter ?? RateLimitWindow(kind)) : new ChatReply(ChatOutcome.Failed, describe);
    }

    private static int? Code(string body, string[] names)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject answer) return null;
            foreach (var name in names)
            {
                if (answer[name] is JsonValue value && value.TryGetValue<int>(out var code)) return code;
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DingTalkUrl(string url, string secret, DateTimeOffset now)
    {
        if (secret.Length == 0) return url;
        var timestamp = now.ToUnixTimeMilliseconds();
        return $"{url}{(url.Contains('?') ? '&' : '?')}timestamp={timestamp.ToString(CultureInfo.InvariantCulture)}&sign={DingTalkSign(timestamp, secret)}";
    }

    private static JsonObject FeishuCard(string secret, ChatMessage message, DateTimeOffset now)
    {
        var elements = new JsonArray { new JsonObject { ["tag"] = "div", ["text"] = new JsonObject { ["tag"] = "lark_md", ["content"] = message.Markdown(withHeading: false, withLink: false, maxBytes: MaxMarkdownBytes(ChatKinds.Feishu)) } } };
        if (message.Link is not null)
        {
            elements.Add(new JsonObject
            {
                ["tag"] = "action",
                ["actions"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["tag"] = "button", ["type"] = "primary", ["url"] = message.Link,
                        ["text"] = new JsonObject { ["tag"] = "plain_text", ["content"] = message.OpenLabel },
                    },
                },
            });
        }
        var body = new JsonObject();
        if (secret.Length > 0)
        {
            var timestamp = now.ToUnixTimeSeconds();
            body["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            body["sign"] = FeishuSign(timestamp, secret);
        }
        body["msg_type"] = "interactive";
        body["card"] = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["title"] = new JsonObject { ["tag"] = "plain_text", ["content"] = message.Heading },
                ["template"] = message.IsExercise ? "blue" : "red",
            },
            ["elements"] = elements,
        };
        return body;
    }

    /// <summary>A CloudEvents 1.0 event in structured mode, its id the delivery's stable event id, signed over the timestamp and the raw body.</summary>
    private static ChatRequest Webhook(ChatDelivery delivery, ChatMessage message, DateTimeOffset now, string publicUrl)
    {
        var e = delivery.Event;
        var data = new JsonObject
        {
            ["incidentKey"] = e.IncidentKey,
            ["title"] = e.Title,
            ["severity"] = e.Severity,
            ["isExercise"] = e.IsExercise,
            ["language"] = e.Language,
            ["link"] = message.Link,
            ["summary"] = message.Heading,
        };
        foreach (var (name, value) in e.Details) data[name] = value;
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = delivery.EventId,
            ["source"] = publicUrl.Length > 0 ? publicUrl.TrimEnd('/') : "urn:crisis",
            ["type"] = "com.crisis." + e.Kind,
        };
        if (e.IncidentKey is not null) cloudEvent["subject"] = e.IncidentKey; // an optional attribute is left out, not null
        cloudEvent["time"] = e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        cloudEvent["datacontenttype"] = "application/json";
        cloudEvent["data"] = data;
        var body = Serialize(cloudEvent);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new ChatRequest(delivery.Url, body, "application/cloudevents+json",
        [
            new(EventIdHeader, delivery.EventId),
            new(TimestampHeader, timestamp),
            new(SignatureHeader, WebhookSignature(timestamp, body, delivery.Secret)),
        ]);
    }

    private static string Serialize(JsonObject body) => body.ToJsonString(Options);

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
