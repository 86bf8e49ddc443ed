using Crisis.Core.Chat;
using Crisis.Web.Chat;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Web.Tests.Chat;

/// <summary>
/// The worker's limit per robot address: never more than the platform's number in any rolling minute (and second, for
/// Feishu), robots at other addresses apart, and a hold after the platform said "too many".
/// </summary>
public class ChatRateLimitsTests
{
    private const string Robot = "https://oapi.dingtalk.com/robot/send?access_token=a";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Sends to <paramref name="address"/> as fast as the limit allows for <paramref name="duration"/>, stepping the clock; the times sent.</summary>
    private List<DateTimeOffset> SendAsFastAsAllowed(ChatRateLimits limits, string address, ChatRate rate, TimeSpan duration, TimeSpan step)
    {
        var sent = new List<DateTimeOffset>();
        for (var end = _time.GetUtcNow() + duration; _time.GetUtcNow() < end; _time.Advance(step))
        {
            while (limits.Take(address, rate) == TimeSpan.Zero) sent.Add(_time.GetUtcNow());
        }
        return sent;
    }

    private static int MostInAnyWindow(List<DateTimeOffset> sent, TimeSpan window) =>
        sent.Select(start => sent.Count(at => at >= start && at < start + window)).DefaultIfEmpty(0).Max();

    [Theory]
    [InlineData(ChatKinds.DingTalk)]
    [InlineData(ChatKinds.WeCom)]
    public void A_robot_gets_no_more_than_twenty_in_any_rolling_minute(string kind)
    {
        var limits = new ChatRateLimits(_time);
        var sent = SendAsFastAsAllowed(limits, Robot, ChatPlatforms.Rate(kind), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250));
        Assert.Equal(20, MostInAnyWindow(sent, TimeSpan.FromMinutes(1))); // a bucket starting with 20 and refilling 20/min let ~40 through
        Assert.Equal(20, sent.Count(at => at < _time.Start + TimeSpan.FromMinutes(1)));
        Assert.Equal(100, sent.Count); // and keeps to 20 a minute after the first
    }

    [Fact]
    public void The_wait_is_until_the_oldest_message_of_the_minute_leaves_it()
    {
        var limits = new ChatRateLimits(_time);
        var dingTalk = ChatPlatforms.Rate(ChatKinds.DingTalk);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(TimeSpan.Zero, limits.Take(Robot, dingTalk));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(TimeSpan.FromSeconds(40), limits.Take(Robot, dingTalk));
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.Zero, limits.Take(Robot, dingTalk));
        Assert.Equal(TimeSpan.FromSeconds(1), limits.Take(Robot, dingTalk));
    }

    [Fact]
    public void Two_channels_with_the_same_robot_address_share_its_limit_and_other_robots_are_apart()
    {
        var limits = new ChatRateLimits(_time);
        var dingTalk = ChatPlatforms.Rate(ChatKinds.DingTalk);
        for (var i = 0; i < 20; i++) Assert.Equal(TimeSpan.Zero, limits.Take(Robot, dingTalk));
        Assert.True(limits.Take(Robot, dingTalk) > TimeSpan.Zero); // whichever channel names this address
        Assert.Equal(TimeSpan.Zero, limits.Take(Robot.Replace("token=a", "token=b", StringComparison.Ordinal), dingTalk));
    }

    [Fact]
    public void A_Feishu_bot_gets_five_in_any_second_and_a_hundred_in_any_minute()
    {
        var limits = new ChatRateLimits(_time);
        var feishu = ChatPlatforms.Rate(ChatKinds.Feishu);
        var sent = SendAsFastAsAllowed(limits, Robot, feishu, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(100));
        Assert.Equal(5, MostInAnyWindow(sent, TimeSpan.FromSeconds(1)));
        Assert.Equal(100, MostInAnyWindow(sent, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void After_a_too_many_answer_a_robot_waits_the_window_then_sends_within_the_limit()
    {
        var limits = new ChatRateLimits(_time);
        var weCom = ChatPlatforms.Rate(ChatKinds.WeCom);
        limits.Hold(Robot, TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromMinutes(1), limits.Take(Robot, weCom));
        _time.Advance(TimeSpan.FromMinutes(1));
        var sent = SendAsFastAsAllowed(limits, Robot, weCom, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        Assert.Equal(20, sent.Count);
    }
}
