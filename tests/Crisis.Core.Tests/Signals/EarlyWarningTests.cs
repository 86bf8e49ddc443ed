using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Intake;
using Crisis.Core.Localization;
using Crisis.Core.Signals;

namespace Crisis.Core.Tests.Signals;

/// <summary>Each shipped rule firing and not firing on cases logged by any way in, with a fake clock, and a signal extended instead of raised twice.</summary>
public sealed class EarlyWarningTests : IDisposable
{
    private static readonly Actor Agent = new("lin", "agent");
    private static readonly Actor Admin = new("admin", "admin");
    private readonly TestDatabase _test = new();

    public EarlyWarningTests()
    {
        foreach (var playbook in new[] { "product-recall.md", "complaint-surge.md", "negative-publicity.md", "counterfeit-goods.md" }) _test.AddShippedPlaybook(playbook);
    }

    public void Dispose() => _test.Dispose();

    private CaseBook Book => _test.Get<CaseBook>();
    private SignalQueue Queue => _test.Get<SignalQueue>();
    private EarlyWarning Evaluation => _test.Get<EarlyWarning>();

    private static NewCase Complaint(string batch = "2611", string category = CaseCategories.Safety, string summary = "Bottle leaks at the seam",
        string channel = CaseChannels.Tmall, string? sku = null, DateTimeOffset? receivedAt = null) => new()
    {
        Channel = channel, Category = category, Summary = summary, Sku = sku, Batch = batch, ReceivedAt = receivedAt,
    };

    private void Log(int count, NewCase complaint) => Book.LogMany(Enumerable.Repeat(complaint, count).ToList(), CaseSources.Form, Agent);

    private SignalSummary OnlySignal() => Assert.Single(Queue.List());

    [Fact]
    public void Five_safety_complaints_about_one_batch_within_a_day_raise_a_signal_with_them_and_four_do_not()
    {
        Log(4, Complaint());
        Log(3, Complaint(batch: "2612"));
        Evaluation.EvaluateAll();
        Assert.Empty(Queue.List());

        _test.Time.Advance(TimeSpan.FromHours(20));
        Book.Log(Complaint(), CaseSources.Api, Agent);
        var pass = Evaluation.EvaluateAll();
        Assert.Equal(1, pass.Raised);

        var signal = OnlySignal();
        Assert.Equal(SignalStatuses.New, signal.Status);
        Assert.Equal(2, signal.Severity);
        Assert.Equal("product-recall", signal.PlaybookId);
        Assert.Equal(5, signal.CaseCount);
        Assert.Equal("5 safety complaints about batch 2611 within 24 hours", SignalWords.Fired(signal.Fired[0], SharedTexts.English));
        Assert.Equal("24小时内，批次 2611 收到 5 起安全类投诉", SignalWords.Fired(signal.Fired[0], SharedTexts.Chinese));
        Assert.All(Queue.Get(signal.Id).Cases, @case => Assert.Equal("2611", @case.Batch));
    }

    [Fact]
    public void An_export_of_older_complaints_counts_with_the_later_ones_logged_before_it()
    {
        var now = _test.Time.GetUtcNow();
        Log(2, Complaint(channel: CaseChannels.Hotline, receivedAt: now));
        Evaluation.EvaluateAll();
        Assert.Empty(Queue.List());

        // The morning's Tmall export arrives after the calls, with complaints received three to six hours before them,
        // and one from two days ago that no day-long window shares with the calls.
        Book.LogMany([.. new[] { 3, 4, 6, 48 }.Select(hours => Complaint(receivedAt: now.AddHours(-hours)))], CaseSources.Import("tmall"), Agent);
        Assert.Equal(1, Evaluation.EvaluateAll().Raised);

        var signal = OnlySignal();
        Assert.Equal(5, signal.CaseCount);
        Assert.Equal("5 safety complaints about batch 2611 within 24 hours", SignalWords.Fired(signal.Fired[0], SharedTexts.English));
        Assert.DoesNotContain(Queue.Get(signal.Id).Cases, @case => @case.ReceivedAt < now.AddHours(-24));
    }

    [Fact]
    public void A_year_of_history_counts_in_the_baselines_but_raises_nothing_while_a_late_12315_export_of_last_week_still_warns()
    {
        var now = _test.Time.GetUtcNow();
        // Last spring: a cluster on batch 2503, a hotline day at forty times its usual, a burn named in a review.
        var history = Enumerable.Range(0, 6).Select(i => Complaint(batch: "2503", receivedAt: now.AddDays(-200).AddHours(i)))
            .Concat(Enumerable.Range(0, 28).Select(day => Complaint(batch: "H" + day, category: CaseCategories.Delivery, channel: CaseChannels.Hotline,
                summary: "Late parcel", receivedAt: now.AddDays(-260 + day))))
            .Concat(Enumerable.Range(0, 40).Select(i => Complaint(batch: "H28-" + i, category: CaseCategories.Delivery, channel: CaseChannels.Hotline,
                summary: "Late parcel", receivedAt: now.AddDays(-232).AddMinutes(i))))
            .Append(Complaint(batch: "2504", category: CaseCategories.Quality, summary: "The warmer burned my hand", sku: "BW-01", receivedAt: now.AddDays(-120)));
        Book.LogMany([.. history], CaseSources.Import("history"), Agent);
        Assert.Equal(0, Evaluation.EvaluateAll().Raised);
        Assert.Empty(Queue.List());

        Book.LogMany([.. Enumerable.Range(0, 5).Select(i => Complaint(batch: "2611", channel: CaseChannels.Regulator12315, receivedAt: now.AddDays(-9).AddHours(i)))],
            CaseSources.Import("12315"), Agent);
        Assert.Equal(1, Evaluation.EvaluateAll().Raised);
        Assert.Equal("2611", OnlySignal().Fired[0].Value);
    }

    [Fact]
    public void Five_complaints_spread_over_more_than_the_window_raise_nothing()
    {
        for (var i = 0; i < 5; i++)
        {
            Book.Log(Complaint(), CaseSources.Form, Agent);
            Evaluation.EvaluateAll();
            _test.Time.Advance(TimeSpan.FromHours(7));
        }
        Assert.Empty(Queue.List());
    }

    [Fact]
    public void More_cases_on_the_batch_extend_the_open_signal_even_below_the_threshold_and_other_batches_stay_out()
    {
        Log(5, Complaint());
        Evaluation.EvaluateAll();
        var raised = OnlySignal();

        Log(2, Complaint());
        Log(1, Complaint(batch: "2700"));
        var pass = Evaluation.EvaluateAll();
        Assert.Equal((0, 1), (pass.Raised, pass.Extended));

        _test.Time.Advance(TimeSpan.FromDays(3));
        Book.Log(Complaint(), CaseSources.Form, Agent);
        Evaluation.EvaluateAll();

        var signal = OnlySignal();
        Assert.Equal(raised.Id, signal.Id);
        Assert.Equal(8, signal.CaseCount);
        Assert.Equal(7, signal.Fired[0].Count);
        Assert.Equal([SignalEventKinds.Raised, SignalEventKinds.Extended, SignalEventKinds.Extended], Queue.Get(signal.Id).History.Select(entry => entry.Kind));
    }

    [Fact]
    public void A_channel_far_above_its_usual_day_is_a_spike_and_a_busy_day_near_it_or_under_the_minimum_is_not()
    {
        var today = _test.Time.GetUtcNow();
        for (var day = 1; day <= 28; day++)
            Log(10, Complaint(category: CaseCategories.Delivery, batch: $"B{day}", receivedAt: today.AddDays(-day)));
        Log(25, Complaint(category: CaseCategories.Delivery, channel: CaseChannels.JD, receivedAt: today.AddDays(-1)));
        Evaluation.EvaluateAll();
        Assert.Empty(Queue.List());

        Log(29, Complaint(category: CaseCategories.Delivery, batch: "today"));
        Evaluation.EvaluateAll();
        Assert.Empty(Queue.List());

        Book.Log(Complaint(category: CaseCategories.Delivery, batch: "today"), CaseSources.Form, Agent);
        Evaluation.EvaluateAll();
        var spike = OnlySignal();
        Assert.Equal("complaint-surge", spike.PlaybookId);
        Assert.Equal(30, spike.CaseCount);
        Assert.Equal("Tmall received 30 complaints on 2 Nov 2026: 3× its median day over the previous 28 days (10)", SignalWords.Fired(spike.Fired[0], SharedTexts.English));
        Assert.Equal("2026年11月2日，天猫收到 30 起投诉，是前 28 天日中位数（10 起）的 3 倍", SignalWords.Fired(spike.Fired[0], SharedTexts.Chinese));
        var chart = Queue.Get(spike.Id).Chart!;
        Assert.Equal(SignalQueue.ChartDays, chart.Days.Count);
        Assert.Equal(30, chart.Days[^1].Count);
        Assert.Equal(10, chart.Days[0].Count);
        Assert.Equal(10, chart.Baseline);
    }

    [Theory]
    [InlineData("宝宝喝奶时被烫伤了", true, "烫伤")]
    [InlineData("The teat CAUGHT FIRE in the steriliser", true, "caught fire")]
    [InlineData("My son got a rash, and a burn too", true, "rash|burn")]
    [InlineData("The bottle is cute but the lid leaks", false, "")]
    [InlineData("Fireworks print faded after one wash", false, "")]
    public void A_safety_word_in_a_summary_raises_a_signal_on_its_sku_whatever_the_case_and_a_word_inside_another_does_not(string summary, bool fires, string words)
    {
        Book.Log(Complaint(category: CaseCategories.Quality, summary: summary, sku: "AB-260"), CaseSources.Form, Agent);
        Evaluation.EvaluateAll();
        if (!fires)
        {
            Assert.Empty(Queue.List());
            return;
        }
        var signal = OnlySignal();
        Assert.Equal(words.Split('|'), signal.Fired[0].Words);
        Assert.Equal($"Safety words in 1 complaint about SKU AB-260: {string.Join(", ", words.Split('|'))}", SignalWords.Fired(signal.Fired[0], SharedTexts.English));
    }

    [Fact]
    public void A_rule_switched_off_raises_nothing_and_an_edited_word_list_is_read_at_the_next_pass()
    {
        var rules = _test.Get<SignalRules>();
        var words = rules.All().Single(rule => rule.Kind == SignalRuleKinds.SafetyWords);
        rules.Change(words.Id, Settings(words) with { Enabled = false }, Admin);
        Book.Log(Complaint(summary: "孩子被划伤了", batch: "9"), CaseSources.Form, Agent);
        Evaluation.EvaluateAll();
        Assert.Empty(Queue.List());

        rules.Change(words.Id, Settings(words) with { Words = "霉变\nmould" }, Admin);
        Book.Log(Complaint(summary: "Green mould inside the lid", batch: "9"), CaseSources.Form, Agent);
        Evaluation.EvaluateAll();
        Assert.Equal(["mould"], OnlySignal().Fired[0].Words);
    }

    [Fact]
    public void A_monitoring_alert_raises_a_signal_with_the_severity_its_source_hints_and_another_on_the_same_sku_extends_it()
    {
        var source = _test.Get<IntakeSources>().Create("weibo-monitor", CaseChannels.SocialMedia, Admin).Source;
        var intake = _test.Get<WebhookIntake>();
        intake.TakeAlert(source, new IntakeAlert { Title = "Post about burnt teats trending", Sku = "AB-260", Severity = "critical", Url = "https://weibo.example/1" });
        Evaluation.EvaluateAll();
        var signal = OnlySignal();
        Assert.Equal(1, signal.Severity);
        Assert.Equal("negative-publicity", signal.PlaybookId);
        Assert.Equal("weibo-monitor sent an alert: Post about burnt teats trending", SignalWords.Fired(signal.Fired[0], SharedTexts.English));

        intake.TakeAlert(source, new IntakeAlert { Title = "Second post with 10k shares", Sku = "AB-260" });
        Evaluation.EvaluateAll();
        var extended = OnlySignal();
        Assert.Equal(2, extended.AlertCount);
        Assert.Equal("weibo-monitor sent 2 alerts, the latest: Second post with 10k shares", SignalWords.Fired(extended.Fired[0], SharedTexts.English));
        Assert.Equal(["Second post with 10k shares", "Post about burnt teats trending"], Queue.Get(signal.Id).Alerts.Select(alert => alert.Title));
    }

    [Fact]
    public void An_alert_while_the_alert_rule_is_off_raises_nothing()
    {
        var rules = _test.Get<SignalRules>();
        var alerts = rules.All().Single(rule => rule.Kind == SignalRuleKinds.MonitoringAlert);
        rules.Change(alerts.Id, Settings(alerts) with { Enabled = false }, Admin);
        var source = _test.Get<IntakeSources>().Create("review-site", CaseChannels.OwnShop, Admin).Source;
        _test.Get<WebhookIntake>().TakeAlert(source, new IntakeAlert { Title = "Three one-star reviews in an hour" });
        Assert.Equal(1, Evaluation.EvaluateAll().Alerts);
        Assert.Empty(Queue.List());
    }

    [Fact]
    public void Cases_stored_before_the_rules_existed_count_towards_windows_but_raise_nothing_themselves()
    {
        // As after the upgrade: the cursor starts past what is stored.
        Log(6, Complaint());
        using (var connection = _test.Database.Open())
            Dapper.SqlMapper.Execute(connection, "UPDATE signal_cursors SET last_id = (SELECT MAX(id) FROM cases) WHERE name = 'cases'");
        Assert.Equal(0, Evaluation.EvaluateAll().Cases);
        Assert.Empty(Queue.List());

        Book.Log(Complaint(), CaseSources.Form, Agent);
        Evaluation.EvaluateAll();
        Assert.Equal(7, OnlySignal().CaseCount);
    }

    private static SignalRuleSettings Settings(SignalRule rule) => new()
    {
        Enabled = rule.Enabled, Scope = rule.Scope, Category = rule.Category, Threshold = rule.Threshold, WindowHours = rule.WindowHours, Factor = rule.Factor,
        BaselineDays = rule.BaselineDays, Words = string.Join('\n', rule.Words), Severity = rule.Severity, PlaybookId = rule.PlaybookId,
    };
}
