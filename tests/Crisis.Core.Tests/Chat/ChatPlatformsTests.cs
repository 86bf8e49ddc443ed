using Crisis.Core.Chat;

namespace Crisis.Core.Tests.Chat;

/// <summary>Each platform's signature against a value published beside its algorithm, and its answers read as it means them.</summary>
public class ChatPlatformsTests
{
    [Fact]
    public void DingTalk_signs_as_its_documentation_and_the_dingding_crate_test_vector_say()
    {
        // docs.rs dingding 0.1.1, src/signature.rs: create_signature("1700000000000", "secret").
        Assert.Equal("OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D", ChatPlatforms.DingTalkSign(1_700_000_000_000, "secret"));
    }

    [Fact]
    public void Feishu_signs_with_the_timestamp_and_secret_as_the_key_over_nothing_not_the_DingTalk_way()
    {
        var feishu = ChatPlatforms.FeishuSign(1_700_000_000, "secret");
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData("1700000000\nsecret"u8.ToArray(), Array.Empty<byte>())), feishu);
        Assert.NotEqual(Uri.UnescapeDataString(ChatPlatforms.DingTalkSign(1_700_000_000, "secret")), feishu);
    }

    private static ChatMessage Message(string title, string update) =>
        ChatMessages.Compose(new ChatEvent
        {
            Kind = ChatEventKinds.StatusUpdatePosted, IncidentKey = "INC-2026-0007", Title = title, Severity = 1, Language = "en", Path = "/incidents/INC-2026-0007",
            Details = new Dictionary<string, string> { [ChatDetails.Update] = update, [ChatDetails.By] = "Mei Chen" },
        }, "https://crisis.example.com");

    [Fact]
    public void A_title_typed_as_Markdown_reaches_the_group_as_text_not_as_a_link_or_a_tag()
    {
        var markdown = Message("Leak <b>bold</b> [click](http://evil.example)", "See <https://evil.example>").Markdown(withHeading: true);

        Assert.DoesNotContain("](http://evil", markdown, StringComparison.Ordinal); // a zero-width space is ignored by culture-aware comparison
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://", markdown, StringComparison.Ordinal);
        Assert.Contains("[Open in Crisis](https://crisis.example.com/incidents/INC-2026-0007)", markdown); // our own link still is one
        Assert.Equal("INC-2026-0007 status update: Leak <b>bold</b> [click](http://evil.example)", markdown.Split('\n')[0]["### ".Length..].Replace("\u200B", ""));
    }

    [Fact]
    public void A_list_begins_on_the_line_after_its_label_so_its_first_item_is_an_item_too()
    {
        var markdown = Message("Cracked bottles", "- Listings paused\n- Regulator told").Markdown(withHeading: true);
        var html = Markdig.Markdown.ToHtml(markdown);

        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<li>").Count);
        Assert.Contains("<li>Listings paused</li>", html.Replace("<p>", "").Replace("</p>", "").Replace("\n", ""));
    }

    [Theory]
    [InlineData(ChatKinds.WeCom, 4_000)]
    [InlineData(ChatKinds.DingTalk, 4_000)]
    [InlineData(ChatKinds.Feishu, 20_000)]
    public void A_long_update_is_shortened_to_the_platforms_limit_and_keeps_its_link(string kind, int limit)
    {
        var update = string.Concat(Enumerable.Repeat("产品召回进展：已联系全部经销商。", 800)); // 12,800 bytes
        var markdown = Message("Cracked bottles", update).Markdown(withHeading: true, maxBytes: ChatPlatforms.MaxMarkdownBytes(kind));

        Assert.Equal(limit, ChatPlatforms.MaxMarkdownBytes(kind));
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(markdown), limit - 200, limit);
        Assert.Contains("…", markdown);
        Assert.EndsWith("(https://crisis.example.com/incidents/INC-2026-0007)", markdown);
        Assert.Contains("**By**: Mei Chen", markdown);
    }

    [Fact]
    public void A_Feishu_card_shows_its_link_as_the_button_only()
    {
        var delivery = new ChatDelivery(1, 1, "lark", ChatKinds.Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/x", "", "e1",
            new ChatEvent { Kind = ChatEventKinds.IncidentOpened, IncidentKey = "INC-2026-0007", Title = "Cracked bottles", Language = "en", Path = "/incidents/INC-2026-0007" }, 1);
        var body = ChatPlatforms.Build(delivery, ChatMessages.Compose(delivery.Event, "https://crisis.example.com"), DateTimeOffset.UnixEpoch, "https://crisis.example.com").Body;

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(body, "https://crisis.example.com/incidents/INC-2026-0007"));
    }

    [Fact]
    public void A_webhook_signature_covers_the_timestamp_and_the_body()
    {
        var signature = ChatPlatforms.WebhookSignature("1700000000", """{"id":"1"}""", "whsec");
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.NotEqual(signature, ChatPlatforms.WebhookSignature("1700000001", """{"id":"1"}""", "whsec"));
        Assert.NotEqual(signature, ChatPlatforms.WebhookSignature("1700000000", """{"id":"2"}""", "whsec"));
    }

    [Theory]
    [InlineData(ChatKinds.DingTalk, 200, """{"errcode":0,"errmsg":"ok"}""", ChatOutcome.Delivered)]
    [InlineData(ChatKinds.DingTalk, 200, """{"errcode":310000,"errmsg":"sign not match"}""", ChatOutcome.Failed)]
    [InlineData(ChatKinds.DingTalk, 200, """{"errcode":130101,"errmsg":"send too fast"}""", ChatOutcome.RateLimited)]
    [InlineData(ChatKinds.WeCom, 200, """{"errcode":0,"errmsg":"ok"}""", ChatOutcome.Delivered)]
    [InlineData(ChatKinds.WeCom, 200, """{"errcode":45009,"errmsg":"api freq out of limit"}""", ChatOutcome.RateLimited)]
    [InlineData(ChatKinds.WeCom, 200, """{"errcode":93000,"errmsg":"invalid webhook url"}""", ChatOutcome.Failed)]
    [InlineData(ChatKinds.Feishu, 200, """{"code":0,"msg":"success","data":{}}""", ChatOutcome.Delivered)]
    [InlineData(ChatKinds.Feishu, 200, """{"StatusCode":0,"StatusMessage":"success"}""", ChatOutcome.Delivered)]
    [InlineData(ChatKinds.Feishu, 200, """{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}""", ChatOutcome.Failed)]
    [InlineData(ChatKinds.Feishu, 400, """{"code":9499,"msg":"too many request","data":{}}""", ChatOutcome.RateLimited)]
    [InlineData(ChatKinds.Feishu, 400, """{"code":11232,"msg":"frequency limited"}""", ChatOutcome.RateLimited)]
    [InlineData(ChatKinds.DingTalk, 200, "<html>gateway</html>", ChatOutcome.Failed)]
    [InlineData(ChatKinds.DingTalk, 502, """{"errcode":0}""", ChatOutcome.Failed)]
    [InlineData(ChatKinds.WeCom, 429, "", ChatOutcome.RateLimited)]
    [InlineData(ChatKinds.Webhook, 202, "", ChatOutcome.Delivered)]
    [InlineData(ChatKinds.Webhook, 500, "boom", ChatOutcome.Failed)]
    public void A_platform_answer_means_what_the_platform_says_in_its_body_not_only_its_HTTP_status(string kind, int status, string body, ChatOutcome outcome) =>
        Assert.Equal(outcome, ChatPlatforms.Read(kind, status, body, retryAfter: null).Outcome);

    [Fact]
    public void A_rate_limit_waits_the_platform_window_or_what_the_receiver_asks()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), ChatPlatforms.Read(ChatKinds.DingTalk, 200, """{"errcode":130101}""", null).RetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), ChatPlatforms.Read(ChatKinds.WeCom, 200, """{"errcode":45009}""", null).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(120), ChatPlatforms.Read(ChatKinds.Webhook, 429, "", TimeSpan.FromSeconds(120)).RetryAfter);
    }
}
