using Crisis.Core.Chat;
using Crisis.Web.Chat;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Web.Tests.Chat;

/// <summary>The worker's bucket per channel: a platform's burst, then its rate, and a hold after the platform said "too many".</summary>
public class ChatRateLimitsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_DingTalk_robot_takes_twenty_at_once_then_one_every_three_seconds_and_other_channels_are_apart()
    {
        var limits = new ChatRateLimits(_time);
        var dingTalk = ChatPlatforms.Rate(ChatKinds.DingTalk);
        for (var i = 0; i < 20; i++) Assert.Equal(TimeSpan.Zero, limits.Take(1, dingTalk));
        Assert.Equal(TimeSpan.FromSeconds(3), limits.Take(1, dingTalk));
        Assert.Equal(TimeSpan.Zero, limits.Take(2, dingTalk)); // another robot has its own bucket
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, limits.Take(1, dingTalk));
        Assert.True(limits.Take(1, dingTalk) > TimeSpan.Zero);
    }

    [Fact]
    public void A_Feishu_bot_takes_five_in_a_second_and_then_keeps_to_a_hundred_a_minute()
    {
        var limits = new ChatRateLimits(_time);
        var feishu = ChatPlatforms.Rate(ChatKinds.Feishu);
        for (var i = 0; i < 5; i++) Assert.Equal(TimeSpan.Zero, limits.Take(1, feishu));
        Assert.Equal(TimeSpan.FromSeconds(0.6), limits.Take(1, feishu));
    }

    [Fact]
    public void After_a_too_many_answer_a_channel_waits_the_window_then_sends_one()
    {
        var limits = new ChatRateLimits(_time);
        var weCom = ChatPlatforms.Rate(ChatKinds.WeCom);
        limits.Hold(1, TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromMinutes(1), limits.Take(1, weCom));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, limits.Take(1, weCom));
        Assert.True(limits.Take(1, weCom) > TimeSpan.Zero);
    }
}
