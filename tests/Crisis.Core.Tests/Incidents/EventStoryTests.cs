using System.Text.Json;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;

namespace Crisis.Core.Tests.Incidents;

public sealed class EventStoryTests
{
    private static TimelineEvent RoleGiven(string role) =>
        new(1, DateTimeOffset.Parse("2026-11-02T09:14:00Z"), "mei", EventKinds.RoleAssigned,
            JsonSerializer.SerializeToElement(new { role, person = "Liu Yang" }), "", "");

    [Fact]
    public void A_role_is_told_by_its_title_and_one_the_playbook_no_longer_has_in_words_not_as_its_key()
    {
        var names = new StoryNames { Roles = new Dictionary<string, string> { ["supply"] = "Supply chain lead" } };

        Assert.Contains("Supply chain lead", EventStory.Sentence(RoleGiven("supply"), names, SharedTexts.English));
        var removed = EventStory.Sentence(RoleGiven("customs_broker"), names, SharedTexts.English);
        Assert.Contains("Customs broker", removed);
        Assert.DoesNotContain("customs_broker", removed);
    }

    private static TimelineEvent SeverityRaised() =>
        new(2, DateTimeOffset.Parse("2026-11-02T09:20:00Z"), "mei", EventKinds.IncidentSeverityChanged, JsonSerializer.SerializeToElement(new { from = 2, to = 1 }), "", "");

    [Fact]
    public void A_severity_reads_as_a_level_in_chinese_and_keeps_its_key_in_english()
    {
        var names = new StoryNames { People = new Dictionary<string, string> { ["mei"] = "Mei Chen" } };

        Assert.Equal("Mei Chen raised the severity from SEV2 to SEV1.", EventStory.Sentence(SeverityRaised(), names, SharedTexts.English));
        Assert.Equal("Mei Chen 将严重级别从二级提升至一级。", EventStory.Sentence(SeverityRaised(), names, SharedTexts.Chinese));
        Assert.Equal(["一级", "二级", "三级"], new[] { 1, 2, 3 }.Select(level => SharedTexts.Severity(level, SharedTexts.Chinese)));
    }

    [Fact]
    public void The_exercise_clock_starts_a_sentence_with_a_capital_and_reads_in_lower_case_inside_one()
    {
        var released = new TimelineEvent(1, DateTimeOffset.Parse("2026-11-02T09:14:00Z"), "exercise clock", EventKinds.ExerciseInjectReleased,
            JsonSerializer.SerializeToElement(new { inject = "first-report", title = "First report" }), "", "");

        var line = EventStory.Log([released], new StoryNames(), SharedTexts.English, TimeZoneInfo.Utc).Single();

        Assert.StartsWith("The exercise clock ", line.Sentence);
        Assert.Equal("The exercise clock", line.Actor);
        Assert.Equal("the exercise clock", EventStory.ActorName("exercise clock", new StoryNames(), SharedTexts.English));
    }

    private static TimelineEvent KeyUpdate(string text) =>
        new(3, DateTimeOffset.Parse("2026-11-02T09:30:00Z"), "mei", EventKinds.IncidentKeyUpdate, JsonSerializer.SerializeToElement(new { text }), "", "");

    [Fact]
    public void A_key_update_is_told_as_plain_text_without_markdown_marks_on_one_line()
    {
        var names = new StoryNames { People = new Dictionary<string, string> { ["mei"] = "Mei Chen" } };

        Assert.Equal("Key update from Mei Chen: Every listing is down. The regulator has been called.",
            EventStory.Sentence(KeyUpdate("**Every listing** is down.\n\nThe regulator has been *called*."), names, SharedTexts.English));
        Assert.Equal("Mei Chen 发布关键进展：紧急：所有平台已下架。明早 9 点再报。",
            EventStory.Sentence(KeyUpdate("**紧急：**所有平台已下架。\n\n明早 9 点再报。"), names, SharedTexts.Chinese));
    }

    private static TimelineEvent Marking(long seq, bool isKey) =>
        new(seq, DateTimeOffset.Parse("2026-11-02T09:40:00Z"), "mei", EventKinds.IncidentKeyMarked, JsonSerializer.SerializeToElement(new { seq = 2, key = isKey }), "", "");

    [Fact]
    public void A_marking_names_the_event_it_marks_by_when_and_what_happened_not_by_its_number()
    {
        var completed = new TimelineEvent(2, DateTimeOffset.Parse("2026-11-02T09:28:00Z"), "wang", EventKinds.StepCompleted,
            JsonSerializer.SerializeToElement(new { step = "pause-listings" }), "", "");
        var names = new StoryNames
        {
            People = new Dictionary<string, string> { ["mei"] = "Mei Chen", ["wang"] = "Wang Fang" },
            Steps = new Dictionary<string, string> { ["pause-listings"] = "Pause the listings" },
        };
        var beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        IReadOnlyList<TimelineEvent> events = [completed, Marking(3, isKey: true), Marking(4, isKey: false)];

        var english = EventStory.Log(events, names, SharedTexts.English, beijing).Skip(1).Select(line => line.Sentence).ToList();
        Assert.Equal([
            "Mei Chen marked the event at 2026-11-02 17:28 as a key event: Wang Fang completed \"Pause the listings\".",
            "Mei Chen took the key-event mark off the event at 2026-11-02 17:28: Wang Fang completed \"Pause the listings\".",
        ], english);
        var chinese = EventStory.Log(events, names, SharedTexts.Chinese, beijing).Skip(1).Select(line => line.Sentence).ToList();
        Assert.Equal([
            "Mei Chen 将 2026-11-02 17:28 的记录标为关键节点：Wang Fang 完成了“Pause the listings”。",
            "Mei Chen 取消了 2026-11-02 17:28 那条记录的关键节点标记：Wang Fang 完成了“Pause the listings”。",
        ], chinese);
    }

    [Fact]
    public void A_long_event_is_named_by_its_beginning()
    {
        var step = new string('x', 300);
        var completed = new TimelineEvent(2, DateTimeOffset.Parse("2026-11-02T09:28:00Z"), "wang", EventKinds.StepCompleted,
            JsonSerializer.SerializeToElement(new { step }), "", "");

        var sentence = EventStory.Log([completed, Marking(3, isKey: true)], new StoryNames(), SharedTexts.English, TimeZoneInfo.Utc)[1].Sentence;

        Assert.EndsWith("…", sentence);
        Assert.True(sentence.Length < 200, sentence);
    }

    [Fact]
    public void An_audience_inside_a_sentence_reads_as_the_sentence_needs_it()
    {
        TimelineEvent Drafted(string audience) => new(1, DateTimeOffset.Parse("2026-11-02T09:14:00Z"), "mei", EventKinds.MessageDrafted,
            JsonSerializer.SerializeToElement(new { message = 1, subject = "Recall notice", audience }), "", "");
        var names = new StoryNames { People = new Dictionary<string, string> { ["mei"] = "Mei Chen" } };

        Assert.Equal("Mei Chen drafted \"Recall notice\" for customers.", EventStory.Sentence(Drafted("customers"), names, SharedTexts.English));
        Assert.Equal("Mei Chen drafted \"Recall notice\" for the regulator.", EventStory.Sentence(Drafted("regulator"), names, SharedTexts.English));
        Assert.Equal("Mei Chen 起草了面向客户的消息“Recall notice”。", EventStory.Sentence(Drafted("customers"), names, SharedTexts.Chinese));
    }
}
