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
