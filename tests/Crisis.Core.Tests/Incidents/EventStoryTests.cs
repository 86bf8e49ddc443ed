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

    [Fact]
    public void Unmarking_a_key_event_is_told_as_unmarking()
    {
        var unmark = new TimelineEvent(4, DateTimeOffset.Parse("2026-11-02T09:40:00Z"), "mei", EventKinds.IncidentKeyMarked,
            JsonSerializer.SerializeToElement(new { seq = 2, key = false }), "", "");
        var names = new StoryNames { People = new Dictionary<string, string> { ["mei"] = "Mei Chen" } };

        Assert.Equal("Mei Chen unmarked event 2 as a key event.", EventStory.Sentence(unmark, names, SharedTexts.English));
    }
}
