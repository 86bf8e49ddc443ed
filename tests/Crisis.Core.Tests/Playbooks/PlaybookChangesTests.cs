using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Tests.FollowUps;
using Dapper;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>What changed in a playbook since incidents were opened from it: each earlier version against the file now, step by step.</summary>
public sealed class PlaybookChangesTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private string Open(string title) => _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("drill", title, 1), new Actor("mei"));

    [Fact]
    public void Steps_added_removed_and_changed_in_text_role_or_deadline_are_named_for_the_incidents_of_each_earlier_version()
    {
        _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(1, """
            - Stop sales @ops due:+1h id:stop
            - Brief the team @commander due:+1h id:brief
            - Count the units @ops due:+4h id:count
            - Tell the regulator @commander due:+24h id:regulator
            """));
        var first = Open("Mould in batch B-7");
        var second = Open("Mould in batch B-9");
        var changes = _test.Get<PlaybookChanges>();
        Assert.Empty(changes.SinceIncidents("drill")); // they used the version in the library

        _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(2, """
            - Stop sales on every platform @ops due:+1h id:stop
            - Brief the team @quality due:+1h id:brief
            - Count the units @ops due:+2h id:count
            - Keep samples @quality due:+2h id:samples
            """));
        var third = Open("Cracked bottles");

        var earlier = Assert.Single(changes.SinceIncidents("drill"));
        Assert.Equal((1, "en", 2), (earlier.Version, earlier.Language, earlier.IncidentCount));
        Assert.Equal([second, first], earlier.Incidents.Select(incident => incident.Key)); // newest first; the third used version 2
        Assert.DoesNotContain(third, earlier.Incidents.Select(incident => incident.Key));
        Assert.Equal(
        [
            new StepChange(StepChangeKind.Changed, "stop", new StepFacts("Stop sales", "Operations", "+1h"), new StepFacts("Stop sales on every platform", "Operations", "+1h")),
            new StepChange(StepChangeKind.Changed, "brief", new StepFacts("Brief the team", "Incident commander", "+1h"), new StepFacts("Brief the team", "Quality lead", "+1h")),
            new StepChange(StepChangeKind.Changed, "count", new StepFacts("Count the units", "Operations", "+4h"), new StepFacts("Count the units", "Operations", "+2h")),
            new StepChange(StepChangeKind.Added, "samples", null, new StepFacts("Keep samples", "Quality lead", "+2h")),
            new StepChange(StepChangeKind.Removed, "regulator", new StepFacts("Tell the regulator", "Incident commander", "+24h"), null),
        ], earlier.Changes);
        Assert.Equal((true, false, false), (earlier.Changes![0].TextChanged, earlier.Changes[0].RoleChanged, earlier.Changes[0].DueChanged));
        Assert.Equal((false, true, false), (earlier.Changes[1].TextChanged, earlier.Changes[1].RoleChanged, earlier.Changes[1].DueChanged));
        Assert.Equal((false, false, true), (earlier.Changes[2].TextChanged, earlier.Changes[2].RoleChanged, earlier.Changes[2].DueChanged));
    }

    [Fact]
    public void A_snapshot_that_cannot_be_read_shows_the_version_and_its_incidents_without_the_changes()
    {
        _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(1, "- Stop sales @ops due:+1h id:stop"));
        var key = Open("Mould in batch B-7");
        _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(2, "- Stop sales now @ops due:+1h id:stop"));
        using (var connection = _test.Database.Open())
            connection.Execute("UPDATE incidents SET snapshot = '{\"id\": \"drill\", \"phases\": [' WHERE key = @key", new { key });

        var earlier = Assert.Single(_test.Get<PlaybookChanges>().SinceIncidents("drill"));
        Assert.Equal((1, key, (IReadOnlyList<StepChange>?)null), (earlier.Version, earlier.Incidents.Single().Key, earlier.Changes));
    }
}
