using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;

namespace Crisis.Core.Tests.Cases;

public sealed class IncidentCasesTests : IDisposable
{
    private static readonly Actor Mei = new("mei", "commander");
    private readonly TestDatabase _test = new();
    private readonly string _key;

    public IncidentCasesTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles", 1), Mei);
    }

    public void Dispose() => _test.Dispose();

    private long Log(string channel, string? order, string? customer, DateTimeOffset received) => _test.Get<CaseBook>().Log(new NewCase
    {
        Channel = channel, Category = CaseCategories.Safety, Summary = "瓶底开裂", OrderId = order, CustomerRef = customer, ReceivedAt = received,
    }, CaseSources.Form, Mei).Id;

    [Fact]
    public void Linked_cases_sum_by_channel_count_distinct_orders_and_customers_and_fill_the_curve_day_by_day_in_the_brands_zone()
    {
        _test.Get<OrganisationSettings>().Save(new OrganisationValues { TimeZone = "Asia/Shanghai" }, new Actor("admin", "admin"));
        var now = _test.Time.GetUtcNow(); // 2 Nov 09:00 UTC, 17:00 in Beijing
        long[] linked =
        [
            Log(CaseChannels.Tmall, "A1", "buyer-1", now.AddDays(-2)),
            Log(CaseChannels.Tmall, "A1", "buyer-1", now.AddDays(-2).AddHours(1)), // the same order and buyer again
            Log(CaseChannels.JD, "J7", null, now.AddHours(-1)),                      // no buyer named: a customer of its own
            Log(CaseChannels.Regulator12315, null, "buyer-3", now.AddHours(-9.5)),   // 07:30 on 2 Nov in Beijing, 23:30 on 1 Nov in UTC
            Log(CaseChannels.Hotline, null, "buyer-4", now),
            Log(CaseChannels.Red, null, "buyer-5", now),
        ];
        Log(CaseChannels.Tmall, "X9", "someone-else", now); // not linked
        _test.Get<CaseBook>().Link(linked, _key, Mei);
        _test.Get<CaseBook>().Change(linked[0], new CaseChanges { Status = CaseStatuses.Resolved }, Mei);

        var summary = _test.Get<IncidentCases>().Summary(_key, SharedTexts.Chinese);
        Assert.Equal(6, summary.Cases);
        Assert.Equal(5, summary.Open);
        Assert.Equal([new ChannelCount(CaseChannels.Tmall, 2), new ChannelCount(CaseChannels.JD, 1), new ChannelCount(CaseChannels.Red, 1),
            new ChannelCount(CaseChannels.Hotline, 1), new ChannelCount(CaseChannels.Regulator12315, 1)], summary.ByChannel);
        Assert.Equal(2, summary.Orders);
        Assert.Equal(5, summary.Customers);
        Assert.Equal([new DayCount(new DateOnly(2026, 10, 31), 2), new DayCount(new DateOnly(2026, 11, 1), 0), new DayCount(new DateOnly(2026, 11, 2), 4)],
            summary.PerDay);
    }

    [Fact]
    public void Recording_the_cases_figures_puts_each_complaint_in_its_channels_group_and_the_timeline_says_where_they_came_from()
    {
        Assert.Equal(RefusalTexts.NoLinkedCases, Assert.Throws<RuleViolationException>(() => _test.Get<IncidentCases>().RecordImpact(_key, Mei)).TextKey);
        var now = _test.Time.GetUtcNow();
        long[] linked = [Log(CaseChannels.Tmall, "A1", "b1", now), Log(CaseChannels.Pinduoduo, "P2", "b2", now), Log(CaseChannels.Regulator12315, null, "b3", now),
            Log(CaseChannels.SocialMedia, null, "b4", now), Log(CaseChannels.WeChat, null, "b5", now), Log(CaseChannels.Hotline, null, "b6", now)];
        _test.Get<CaseBook>().Link(linked, _key, Mei);

        var entry = _test.Get<IncidentCases>().RecordImpact(_key, Mei);
        Assert.Equal(6, entry.FromCases);
        var current = _test.Get<ImpactLog>().Read(_key).Current;
        Assert.Equal((2L, 1L, 1L, 2L, 6L), (current.ComplaintsPlatform, current.Complaints12315, current.ComplaintsSocial, current.ComplaintsDirect, current.Complaints));
        Assert.Equal((2L, 6L), (current.OrdersAffected, current.CustomersAffected));

        var recorded = _test.Get<Timeline>().Read(_key).Last();
        var sentence = EventStory.Log([recorded], new StoryNames(), SharedTexts.Chinese, TimeZoneInfo.Utc).Single();
        Assert.Contains("根据 6 个关联投诉工单统计", sentence.Detail);
        Assert.Contains("直接向品牌投诉", sentence.Sentence);
    }
}
