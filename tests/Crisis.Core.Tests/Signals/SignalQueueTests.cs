using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Signals;

namespace Crisis.Core.Tests.Signals;

/// <summary>Triage: acknowledge, dismiss with a reason, merge, and open an incident that takes the signal's cases and tells its timeline why.</summary>
public sealed class SignalQueueTests : IDisposable
{
    private static readonly Actor Agent = new("lin", "agent");
    private static readonly Actor Commander = new("mei", "commander");
    private readonly TestDatabase _test = new();

    public SignalQueueTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _test.AddShippedPlaybook("product-recall.zh-CN.md");
    }

    public void Dispose() => _test.Dispose();

    private CaseBook Book => _test.Get<CaseBook>();
    private SignalQueue Queue => _test.Get<SignalQueue>();

    /// <summary>A cluster on <paramref name="batch"/>: five safety complaints, the first naming a safety word on <paramref name="sku"/>.</summary>
    private SignalSummary Cluster(string batch = "2611", string sku = "AB-260")
    {
        Book.LogMany([.. Enumerable.Range(0, 5).Select(i => new NewCase
        {
            Channel = CaseChannels.Tmall, Category = CaseCategories.Safety, Batch = batch, Summary = i == 0 ? "瓶身破裂，划伤了手" : "Bottle split when sterilised",
            Sku = i == 0 ? sku : null,
        })], CaseSources.Form, Agent);
        _test.Get<EarlyWarning>().EvaluateAll();
        return Queue.List().Single(signal => signal.Fired[0] is { Rule: SignalRuleKinds.Cluster } facts && facts.Value == batch);
    }

    [Fact]
    public void Acknowledging_keeps_the_signal_in_the_queue_and_dismissing_takes_it_out_with_its_reason_in_the_history()
    {
        var signal = Cluster();
        Assert.Equal(SignalStatuses.Acknowledged, Queue.Acknowledge(signal.Id, Agent).Status);
        Assert.Equal(2, Queue.OpenCount());

        Assert.Equal("reason", Assert.Throws<RuleViolationException>(() => Queue.Dismiss(signal.Id, " ", Agent)).Field);
        var dismissed = Queue.Dismiss(signal.Id, "A known leak from one courier's van, already refunded", Agent);
        Assert.Equal(SignalStatuses.Dismissed, dismissed.Status);
        Assert.Equal(1, Queue.OpenCount());
        Assert.Equal([signal.Id], Queue.List(SignalStatuses.Dismissed).Select(s => s.Id));
        var details = Queue.Get(signal.Id);
        Assert.Equal("A known leak from one courier's van, already refunded", details.DismissReason);
        Assert.Equal([SignalEventKinds.Raised, SignalEventKinds.Acknowledged, SignalEventKinds.Dismissed], details.History.Select(entry => entry.Kind));
        Assert.Equal("lin dismissed the signal: A known leak from one courier's van, already refunded",
            SignalWords.Event(details.History[^1], "lin", SharedTexts.English));
        Assert.Equal(RefusalTexts.SignalClosed, TextKeyOf(() => Queue.Acknowledge(signal.Id, Agent)));
    }

    [Fact]
    public void A_dismissed_signal_takes_in_its_batch_quietly_for_a_day_and_after_that_a_new_cluster_raises_a_new_signal()
    {
        var signal = Cluster();
        Queue.Dismiss(signal.Id, "Checked: a courier's damage", Agent);
        Book.Log(new NewCase { Channel = CaseChannels.JD, Category = CaseCategories.Safety, Batch = "2611", Summary = "Cracked" }, CaseSources.Form, Agent);
        _test.Get<EarlyWarning>().EvaluateAll();
        Assert.Equal(6, Queue.Get(signal.Id).Signal.CaseCount);
        Assert.DoesNotContain(Queue.List(), open => open.Fired[0].Value == "2611");

        _test.Time.Advance(TimeSpan.FromDays(2));
        var again = Cluster();
        Assert.NotEqual(signal.Id, again.Id);
    }

    [Fact]
    public void Merging_moves_the_cases_and_keys_into_the_other_signal_so_later_findings_extend_it()
    {
        var cluster = Cluster();
        var words = Queue.List().Single(signal => signal.Fired[0].Rule == SignalRuleKinds.SafetyWords);
        Assert.Equal(RefusalTexts.MergeIntoItself, TextKeyOf(() => Queue.Merge(words.Id, words.Id, Agent)));

        var merged = Queue.Merge(words.Id, cluster.Id, Agent);
        Assert.Equal(cluster.Id, merged.Id);
        Assert.Equal([SignalRuleKinds.Cluster, SignalRuleKinds.SafetyWords], merged.Fired.Select(facts => facts.Rule));
        Assert.Equal(5, merged.CaseCount);
        var gone = Queue.Get(words.Id).Signal;
        Assert.Equal((SignalStatuses.Merged, cluster.Id), (gone.Status, gone.MergedIntoId));
        Assert.Equal("mei merged “Safety words in complaints about SKU AB-260” into the signal.",
            SignalWords.Event(Queue.Get(cluster.Id).History[^1], "mei", SharedTexts.English));

        Book.Log(new NewCase { Channel = CaseChannels.Tmall, Category = CaseCategories.Quality, Sku = "AB-260", Summary = "Scalded by the warmer" }, CaseSources.Form, Agent);
        _test.Get<EarlyWarning>().EvaluateAll();
        var extended = Assert.Single(Queue.List());
        Assert.Equal(cluster.Id, extended.Id);
        Assert.Equal(6, extended.CaseCount);
        Assert.Equal(["破裂", "划伤", "scalded"], extended.Fired[1].Words);
    }

    [Fact]
    public void Opening_an_incident_links_the_cases_writes_why_on_its_timeline_and_takes_the_signal_out_of_the_queue()
    {
        var signal = Cluster();
        var suggested = Queue.Suggestion(signal.Id, SharedTexts.Chinese);
        Assert.Equal(("product-recall", 2, "批次 2611 安全类投诉集中"), (suggested.PlaybookId, suggested.Severity, suggested.Title));

        var key = Queue.OpenIncident(signal.Id, new OpenIncidentRequest(suggested.PlaybookId, suggested.Title, suggested.Severity, Language: "zh-CN"), Commander);

        Assert.Equal(5, Book.Count(new CaseFilter { IncidentKey = key }));
        var opened = Queue.Get(signal.Id).Signal;
        Assert.Equal((SignalStatuses.IncidentOpened, key), (opened.Status, opened.IncidentKey));
        var events = _test.Get<Timeline>().Read(key);
        var fromSignal = Assert.Single(events, e => e.Kind == EventKinds.IncidentOpenedFromSignal);
        var english = EventStory.Log(events, new StoryNames(), SharedTexts.English, TimeZoneInfo.Utc).Single(line => line.Seq == fromSignal.Seq);
        Assert.Equal("mei opened the incident from an early-warning signal: 5 safety complaints about batch 2611 within 24 hours.", english.Sentence);
        Assert.Equal("5 cases came with it", english.Detail);
        var chinese = EventStory.Story(events, new StoryNames(), SharedTexts.Chinese, TimeZoneInfo.Utc).Single(line => line.Seq == fromSignal.Seq);
        Assert.Equal("mei 根据预警创建了事件：24小时内，批次 2611 收到 5 起安全类投诉。", chinese.Sentence);
        Assert.Equal("随预警关联 5 个工单", chinese.Detail);
        Assert.True(_test.Get<Timeline>().Verify(key).IsIntact);

        Assert.Equal(RefusalTexts.SignalClosed, TextKeyOf(() => Queue.OpenIncident(signal.Id, new OpenIncidentRequest("product-recall", "Again", 2), Commander)));
        Assert.Single(_test.Get<IncidentQueries>().List(null));
    }

    [Fact]
    public void Complaints_about_the_batch_go_to_the_incident_opened_from_its_signal_until_it_is_resolved()
    {
        var signal = Cluster();
        var key = Queue.OpenIncident(signal.Id, new OpenIncidentRequest("product-recall", "Cracked bottles, batch 2611", 2), Commander);
        var elsewhere = Queue.OpenIncident(Queue.List().Single().Id, new OpenIncidentRequest("product-recall", "Another", 3), Commander);
        var linkedElsewhere = Book.Log(new NewCase { Channel = CaseChannels.Hotline, Category = CaseCategories.Safety, Batch = "2611", Summary = "Cracked at the neck" }, CaseSources.Form, Agent);
        Book.Link([linkedElsewhere.Id], elsewhere, Commander);
        _test.Get<IncidentLifecycle>().SetStatus(key, IncidentStatus.Contained, Commander, "Batch 2611 off the shelves");
        Book.Log(new NewCase { Channel = CaseChannels.JD, Category = CaseCategories.Safety, Batch = "2611", Summary = "Split in the steriliser" }, CaseSources.Form, Agent);
        // Last winter's complaint about the batch, in a late import: evidence for the signal, not a figure of this crisis.
        Book.Log(new NewCase { Channel = CaseChannels.Tmall, Category = CaseCategories.Safety, Batch = "2611", Summary = "Hairline crack",
            ReceivedAt = _test.Time.GetUtcNow().AddDays(-60) }, CaseSources.Import("tmall"), Agent);
        _test.Get<EarlyWarning>().EvaluateAll();

        Assert.Empty(Queue.List());
        Assert.Equal(6, Book.Count(new CaseFilter { IncidentKey = key }));
        Assert.Equal(1, Book.Count(new CaseFilter { IncidentKey = elsewhere }));
        var opened = Queue.Get(signal.Id);
        Assert.Equal(8, opened.Signal.CaseCount);
        Assert.Equal($"Crisis added 3 cases to the signal; 1 case went to the incident {key}.",
            SignalWords.Event(opened.History[^1], "Crisis", SharedTexts.English));
        Assert.Equal($"Crisis 向预警追加了 3 个工单，其中 1 个工单关联到事件 {key}。", SignalWords.Event(opened.History[^1], "Crisis", SharedTexts.Chinese));

        _test.Get<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, Commander, "Batch withdrawn",
            new OpenStepsAcknowledgement("The rest is the review's work"));
        Cluster();
        Assert.Equal(6, Book.Count(new CaseFilter { IncidentKey = key }));
        Assert.NotEqual(signal.Id, Assert.Single(Queue.List(), s => s.Fired[0].Rule == SignalRuleKinds.Cluster).Id);
    }

    [Fact]
    public void An_incident_opened_from_a_channels_spike_does_not_take_the_channels_next_spike_about_something_else()
    {
        Book.LogMany([.. Enumerable.Range(0, 30).Select(i => new NewCase
        {
            Channel = CaseChannels.Hotline, Category = CaseCategories.Delivery, Batch = "D" + i, Summary = "Courier never came",
        })], CaseSources.Form, Agent);
        _test.Get<EarlyWarning>().EvaluateAll();
        var spike = Assert.Single(Queue.List());
        Assert.Equal(SignalRuleKinds.Spike, spike.Fired[0].Rule);
        var key = Queue.OpenIncident(spike.Id, new OpenIncidentRequest("product-recall", "Courier strike", 3), Commander);

        _test.Time.Advance(TimeSpan.FromDays(3));
        Book.LogMany([.. Enumerable.Range(0, 40).Select(i => new NewCase
        {
            Channel = CaseChannels.Hotline, Category = CaseCategories.Quality, Batch = "Q" + i, Summary = "Lid does not close",
        })], CaseSources.Form, Agent);
        _test.Get<EarlyWarning>().EvaluateAll();

        Assert.NotEqual(spike.Id, Assert.Single(Queue.List()).Id);
        Assert.Equal(30, Book.Count(new CaseFilter { IncidentKey = key }));
    }

    [Fact]
    public void An_incident_that_cannot_open_leaves_the_signal_and_its_cases_as_they_were()
    {
        var signal = Cluster();
        Assert.Throws<RuleViolationException>(() => Queue.OpenIncident(signal.Id, new OpenIncidentRequest("product-recall", "", 2), Commander));
        Assert.Equal(SignalStatuses.New, Queue.Get(signal.Id).Signal.Status);
        Assert.Equal(0, Book.Count(new CaseFilter { IncidentKey = "INC-2026-0001" }));
        Assert.Throws<ConflictException>(() => Queue.Acknowledge(signal.Id, Agent, expectedVersion: signal.Version + 5));
    }

    private static string? TextKeyOf(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (DomainException refusal)
        {
            return refusal.TextKey;
        }
    }
}
