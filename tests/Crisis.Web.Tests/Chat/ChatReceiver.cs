using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Crisis.Web.Tests.Chat;

/// <summary>
/// The three robots and a webhook receiver on a local Kestrel: each checks the signature as its platform documents it,
/// written here from the documentation rather than from Crisis's code, and answers as the platform does, including
/// its codes for a bad signature and for too many messages. Each channel is a path: /dingtalk/{channel}/robot/send.
/// </summary>
public sealed class ChatReceiver : IAsyncDisposable
{
    public const string DingTalkSecret = "SEC6f1d0a2b9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1";
    public const string FeishuSecret = "qYp3nL8rTz2VbW7kM4sD";
    public const string WebhookSecret = "whsec-7c1e5a9d3b";
    public const string WeComKey = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

    /// <summary>How a channel answers: <see cref="TakeButHold"/> takes the next request and keeps the answer until <see cref="Release"/>
    /// or the sender goes away, as a receiver does whose answer is lost when the sender is killed; <see cref="Never"/> accepts the
    /// connection and never answers, until the sender gives up, as a dead endpoint behind a live load balancer does.</summary>
    public enum Answer { Normally, TooFastOnce, Down, TakeButHold, Never }

    /// <summary>One request as it arrived, whether the receiver took it, and the JSON it carried.</summary>
    public sealed record Received(string Channel, string Kind, string Query, IReadOnlyDictionary<string, string> Headers, string Body, bool Taken)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        /// <summary>The text a person reads in the group: the Markdown of a robot, the card's texts of Feishu, the CloudEvent's data of a webhook.</summary>
        public string Text => Kind switch
        {
            "dingtalk" => Json.GetProperty("markdown").GetProperty("text").GetString()!,
            "wecom" => Json.GetProperty("markdown").GetProperty("content").GetString()!,
            "feishu" => Json.GetProperty("card").GetRawText(),
            _ => Json.GetProperty("data").GetRawText(),
        };
    }

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, Answer> _answers = new();
    private readonly ConcurrentDictionary<string, string> _secrets = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The clock the platform checks timestamps against (the server's test clock): both refuse one more than an hour off.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<Received> All => _received.ToList();

    public string Url(string kind, string channel) => kind switch
    {
        "dingtalk" => $"{Address}dingtalk/{channel}/robot/send?access_token=b1e2c3d4e5f6a7b8c9d0",
        "feishu" => $"{Address}feishu/{channel}/open-apis/bot/v2/hook/0d5f3c21-8a2b-4c1e-9f3a-6b7d8e9f0a1b",
        "wecom" => $"{Address}wecom/{channel}/cgi-bin/webhook/send?key={WeComKey}",
        _ => $"{Address}webhook/{channel}",
    };

    /// <summary>The secret this channel's platform holds, if not the one the test server is configured with.</summary>
    public void ExpectSecret(string channel, string secret) => _secrets[channel] = secret;

    public void AnswerFor(string channel, Answer answer) => _answers[channel] = answer;

    public void Release() => _release.TrySetResult();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{kind}/{channel}/{**rest}", async (string kind, string channel, HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
            if (_answers.GetValueOrDefault(channel) == Answer.Never)
            {
                _received.Enqueue(new Received(channel, kind, context.Request.QueryString.Value ?? "",
                    context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, false));
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return Results.Empty;
            }
            var hold = _answers.TryUpdate(channel, Answer.Normally, Answer.TakeButHold);
            var (status, answer, taken) = Reply(kind, channel, context.Request, body);
            _received.Enqueue(new Received(channel, kind, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, taken));
            if (hold)
            {
                try
                {
                    await _release.Task.WaitAsync(context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty; // the sender is gone: nobody hears that the request was taken
                }
            }
            if (status == 429) context.Response.Headers.RetryAfter = "120";
            return Results.Text(answer, "application/json", Encoding.UTF8, status);
        });
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    private (int Status, string Answer, bool Taken) Reply(string kind, string channel, HttpRequest request, string body)
    {
        var answer = _answers.GetValueOrDefault(channel, Answer.Normally);
        if (answer == Answer.Down) return (503, "service unavailable", false);
        var tooFast = answer == Answer.TooFastOnce && _answers.TryUpdate(channel, Answer.Normally, Answer.TooFastOnce);
        return kind switch
        {
            "dingtalk" => !DingTalkSigned(request, _secrets.GetValueOrDefault(channel, DingTalkSecret))
                ? (200, """{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}""", false)
                : tooFast ? (200, """{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}""", false)
                : (200, """{"errcode":0,"errmsg":"ok"}""", true),
            "feishu" => !FeishuSigned(body, _secrets.GetValueOrDefault(channel, FeishuSecret))
                ? (200, """{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}""", false)
                : tooFast ? (400, """{"code":9499,"msg":"too many request","data":{}}""", false)
                : (200, """{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}""", true),
            "wecom" => request.Query["key"] != WeComKey
                ? (200, """{"errcode":93000,"errmsg":"invalid webhook url"}""", false)
                : tooFast ? (200, """{"errcode":45009,"errmsg":"api freq out of limit"}""", false)
                : (200, """{"errcode":0,"errmsg":"ok"}""", true),
            _ => !WebhookSigned(request, body, _secrets.GetValueOrDefault(channel, WebhookSecret)) ? (401, """{"error":"bad signature"}""", false)
                : tooFast ? (429, """{"error":"slow down"}""", false)
                : (202, """{"accepted":true}""", true),
        };
    }

    /// <summary>
    /// DingTalk: sign = urlEncode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))), the timestamp in
    /// milliseconds and within an hour, both in the query string.
    /// </summary>
    private bool DingTalkSigned(HttpRequest request, string secret)
    {
        if (!long.TryParse(request.Query["timestamp"], CultureInfo.InvariantCulture, out var timestamp) || request.Query["sign"].ToString() is not { Length: > 0 } sign) return false;
        if (Math.Abs(Now().ToUnixTimeMilliseconds() - timestamp) > 3_600_000) return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        // The query string was URL-decoded on the way in: what arrives is the Base64 itself.
        return request.QueryString.Value!.Contains("sign=" + Uri.EscapeDataString(expected), StringComparison.Ordinal) && sign == expected;
    }

    /// <summary>Feishu/Lark: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), the timestamp in seconds, both in the body.</summary>
    private bool FeishuSigned(string body, string secret)
    {
        using var json = JsonDocument.Parse(body);
        if (!json.RootElement.TryGetProperty("timestamp", out var stamp) || !json.RootElement.TryGetProperty("sign", out var sign)) return false;
        var timestamp = long.Parse(stamp.GetString()!, CultureInfo.InvariantCulture);
        if (Math.Abs(Now().ToUnixTimeSeconds() - timestamp) > 3600) return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        return sign.GetString() == Convert.ToBase64String(hmac.ComputeHash([]));
    }

    /// <summary>Crisis's webhooks, as docs/chat.md tells a receiver to check them: hex HMAC-SHA256 of "timestamp.body", five minutes' tolerance.</summary>
    private bool WebhookSigned(HttpRequest request, string body, string secret)
    {
        if (!long.TryParse(request.Headers["X-Crisis-Timestamp"], CultureInfo.InvariantCulture, out var timestamp)) return false;
        if (Math.Abs(Now().ToUnixTimeSeconds() - timestamp) > 300) return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{timestamp}.{body}"))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Headers["X-Crisis-Signature"].ToString()));
    }

    /// <summary>What the test server's delivery log says, for a wait that ran out.</summary>
    public Func<string, string> Explain { get; set; } = _ => "";

    /// <summary>The requests to <paramref name="channel"/> that match, once at least <paramref name="count"/> have arrived.</summary>
    public async Task<IReadOnlyList<Received>> WaitFor(string channel, Func<Received, bool> match, int count = 1)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var found = All.Where(r => r.Channel == channel && match(r)).ToList();
            if (found.Count >= count) return found;
        }
        throw new TimeoutException($"{channel} received {All.Count(r => r.Channel == channel && match(r))} matching requests, not {count}; its log: {Explain(channel)}");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
