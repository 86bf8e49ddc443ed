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
}
