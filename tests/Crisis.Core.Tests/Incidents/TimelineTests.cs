using Crisis.Core.Incidents;
using Dapper;

namespace Crisis.Core.Tests.Incidents;

/// <summary>The hash chain; the signed checkpoints and the step replay are in AnchoredTimelineTests.cs.</summary>
public partial class TimelineTests : IDisposable
{
    private readonly TestDatabase _test = new();
    private readonly string _key;

    public TimelineTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Timeline test", 1), new Actor("mei"));
        foreach (var step in new[] { "confirm-defect", "preserve-evidence", "count-units" }) Complete(step);
    }

    public void Dispose() => _test.Dispose();

    private void Complete(string step)
    {
        _test.Time.Advance(TimeSpan.FromMinutes(10));
        _test.Get<StepActions>().Complete(_key, step, new Actor("tom"));
    }

    private void Sql(string sql)
    {
        using var connection = _test.Database.Open();
        connection.Execute(sql, new { key = _key });
    }

    private const string OfIncident = "incident_id = (SELECT id FROM incidents WHERE key = @key)";

    [Fact]
    public void An_untouched_timeline_verifies_and_chains_each_event_to_the_last()
    {
        var events = _test.Get<Timeline>().Read(_key);
        Assert.Equal([1, 2, 3, 4], events.Select(e => e.Seq));
        Assert.Equal(Timeline.GenesisHash, events[0].PrevHash);
        for (var i = 1; i < events.Count; i++) Assert.Equal(events[i - 1].Hash, events[i].PrevHash);
        Assert.Equal("confirm-defect", events[1].Data.GetProperty("step").GetString());
        var verification = _test.Get<Timeline>().Verify(_key);
        Assert.True(verification.IsIntact);
        Assert.Equal(4, verification.EventCount);
    }

    [Fact]
    public void An_edited_event_is_caught()
    {
        Sql($"UPDATE events SET actor = 'someone-else' WHERE {OfIncident} AND seq = 2");
        var problem = Assert.Single(_test.Get<Timeline>().Verify(_key).Problems);
        Assert.Contains("event 2", problem);
        Assert.Contains("changed", problem);
    }

    [Fact]
    public void An_edited_event_with_a_recomputed_hash_is_caught_by_the_next_one()
    {
        Sql($"UPDATE events SET data = replace(data, 'confirm-defect', 'preserve-evidence'), hash = 'forged' WHERE {OfIncident} AND seq = 2");
        var problems = _test.Get<Timeline>().Verify(_key).Problems;
        Assert.Contains(problems, p => p.Contains("event 3 does not follow"));
    }

    [Fact]
    public void A_deleted_event_in_the_middle_is_caught()
    {
        Sql($"DELETE FROM events WHERE {OfIncident} AND seq = 3");
        var problems = _test.Get<Timeline>().Verify(_key).Problems;
        Assert.Contains(problems, p => p.Contains("event 3 is missing"));
    }

    [Fact]
    public void A_deleted_last_event_is_caught()
    {
        Sql($"DELETE FROM events WHERE {OfIncident} AND seq = 4");
        var problems = _test.Get<Timeline>().Verify(_key).Problems;
        Assert.Contains(problems, p => p.Contains("events were deleted"));
    }

    [Fact]
    public void A_changed_timestamp_is_caught()
    {
        Sql($"UPDATE events SET at = '2026-11-01T00:00:00.000Z' WHERE {OfIncident} AND seq = 4");
        Assert.False(_test.Get<Timeline>().Verify(_key).IsIntact);
    }

    [Fact]
    public void Reading_after_a_sequence_number_returns_only_newer_events()
    {
        Assert.Equal([3, 4], _test.Get<Timeline>().Read(_key, afterSeq: 2).Select(e => e.Seq));
    }
}
