using Crisis.Core.Chat;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.People;
using Crisis.Core.StatusUpdates;
using Dapper;

namespace Crisis.Core.Tests.StatusUpdates;

public class StatusUpdatesTests : IDisposable
{
    private static readonly Actor Mei = new("mei", "commander", "mei@aurora.example");
    private readonly TestDatabase _test = new();
    private readonly OpenIncident _open;
    private readonly PeopleDirectory _people;
    private readonly StatusUpdateBook _updates;
    private readonly StatusSubscriptions _subscriptions;
    private readonly StatusReminders _reminders;
    private readonly Person _commander;
    private readonly Person _comms;
    private readonly Person _chair;
    private readonly Person _director;

    public StatusUpdatesTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _open = _test.Get<OpenIncident>();
        _people = _test.Get<PeopleDirectory>();
        _updates = _test.Get<StatusUpdateBook>();
        _subscriptions = _test.Get<StatusSubscriptions>();
        _reminders = _test.Get<StatusReminders>();
        _commander = _people.Add(new NewPerson("Mei Lin", "mei@aurora.example"));
        _comms = _people.Add(new NewPerson("Chen Jing", "chen@aurora.example"));
        _chair = _people.Add(new NewPerson("Zhou Hua", "chair@aurora.example", Language: "zh-CN"));
        _director = _people.Add(new NewPerson("Anna Berg", "anna@aurora.example", Language: "en"));
    }

    public void Dispose() => _test.Dispose();

    private string OpenRecall(int severity = 1, bool exercise = false) =>
        _open.Execute(new OpenIncidentRequest("product-recall", "Cracked baby bottles, batch 2611", severity,
            new Dictionary<string, long> { ["commander"] = _commander.Id, ["comms"] = _comms.Id }, IsExercise: exercise), Mei);

    private List<(string Recipient, string Subject, string Body)> Outbox()
    {
        using var connection = _test.Database.Open();
        return connection.Query<(string, string, string)>("SELECT recipient, subject, text_body FROM outbox ORDER BY id").ToList();
    }

    private void ForgetEmails()
    {
        using var connection = _test.Database.Open();
        connection.Execute("DELETE FROM outbox");
    }

    [Fact]
    public void The_draft_fills_the_template_with_the_incident_and_its_figures_in_the_language_asked()
    {
        var key = OpenRecall();
        _test.Get<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 1200, UnitsRecalled = 340 }, Mei);

        var english = _updates.Draft(key, "en");
        Assert.Contains("Cracked baby bottles, batch 2611", english);
        Assert.DoesNotContain("[[", english);
        Assert.Contains("1,200", english);
        Assert.Contains("What we are doing", english);
        Assert.DoesNotContain("{{", english);
        var chinese = _updates.Draft(key, "zh-CN");
        Assert.Contains("我们正在做什么", chinese);
        Assert.Contains("1,200", chinese);
    }

    [Fact]
    public void A_posted_update_is_stored_told_on_the_timeline_and_queued_to_chat_in_one_change()
    {
        var key = OpenRecall();
        _test.Get<ChatChannels>().Add(new NewChatChannel { Name = "Crisis team", Kind = ChatKinds.WeCom, Url = "https://qyapi.example/send?key=1" });
        var next = _test.Time.GetUtcNow().AddHours(1);

        var posted = _updates.Post(key, new StatusUpdatePost("**Recall under way.** 340 units back.", next), new Actor("chen", "responder", "chen@aurora.example"), managesIncidents: false);

        Assert.Equal([posted], _updates.List(key));
        Assert.Equal(next, _updates.NextDue(key));
        var events = _test.Get<Timeline>().Read(key);
        Assert.Equal(EventKinds.StatusUpdatePosted, events[^1].Kind);
        using var connection = _test.Database.Open();
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM chat_deliveries WHERE event_kind = @kind", new { kind = ChatEventKinds.StatusUpdatePosted }));
    }

    [Fact]
    public void Only_the_commander_the_communications_lead_or_a_commander_account_posts()
    {
        var key = OpenRecall();
        var stranger = new Actor("tom", "responder", "tom@aurora.example");
        Assert.False(_updates.MayPost(key, stranger, managesIncidents: false));
        Assert.Throws<ForbiddenException>(() => _updates.Post(key, new StatusUpdatePost("All fine.", null), stranger, managesIncidents: false));
        Assert.True(_updates.MayPost(key, new Actor("chen", "responder", "CHEN@aurora.example"), managesIncidents: false));
        Assert.True(_updates.MayPost(key, new Actor("admin", "admin"), managesIncidents: true));
    }

    [Fact]
    public void An_update_promising_the_next_one_in_the_past_or_saying_nothing_is_refused()
    {
        var key = OpenRecall();
        Assert.Throws<RuleViolationException>(() => _updates.Post(key, new StatusUpdatePost("Update.", _test.Time.GetUtcNow().AddMinutes(-1)), Mei, true));
        Assert.Throws<RuleViolationException>(() => _updates.Post(key, new StatusUpdatePost("  ", null), Mei, true));
        Assert.Empty(_updates.List(key));
    }

    [Fact]
    public void Subscribers_by_incident_severity_and_category_are_emailed_once_each_in_their_own_language()
    {
        _subscriptions.SubscribeStanding(_chair.Id, severity: 1, category: null, Mei);
        _subscriptions.SubscribeStanding(_director.Id, severity: null, category: "recall", Mei);
        var sev2 = OpenRecall(severity: 2);
        var sev1 = OpenRecall(severity: 1);
        _subscriptions.Subscribe(sev1, _director.Id, Mei); // by name and by category: one email
        _subscriptions.Subscribe(sev1, _director.Id, Mei);
        ForgetEmails();

        _updates.Post(sev1, new StatusUpdatePost("Listings paused on all platforms.", _test.Time.GetUtcNow().AddHours(1)), Mei, true);

        var emails = Outbox();
        Assert.Equal(["anna@aurora.example", "chair@aurora.example"], emails.Select(e => e.Recipient).Order());
        var chair = emails.Single(e => e.Recipient == "chair@aurora.example");
        Assert.StartsWith($"[{sev1}] 状态通报：", chair.Subject);
        Assert.Contains("下次通报时间：", chair.Body);
        Assert.Contains("Listings paused on all platforms.", chair.Body);
        Assert.StartsWith($"[{sev1}] Status update:", emails.Single(e => e.Recipient == "anna@aurora.example").Subject);

        ForgetEmails();
        _updates.Post(sev2, new StatusUpdatePost("Contained.", null), Mei, true);
        Assert.Equal(["anna@aurora.example"], Outbox().Select(e => e.Recipient)); // a recall, but not a SEV1
        Assert.Single(_subscriptions.ForIncident(sev1));
        Assert.Equal(2, _subscriptions.Standing().Count);
    }

    [Fact]
    public void An_exercise_update_goes_only_to_its_participants_marked_as_a_drill()
    {
        _subscriptions.SubscribeStanding(_chair.Id, severity: 1, category: null, Mei);
        var drill = OpenRecall(exercise: true);
        _subscriptions.Subscribe(drill, _comms.Id, Mei);
        ForgetEmails();

        _updates.Post(drill, new StatusUpdatePost("Drill update.", null), Mei, true);

        var email = Assert.Single(Outbox());
        Assert.Equal("chen@aurora.example", email.Recipient);
        Assert.StartsWith("[EXERCISE]", email.Subject);
    }

    [Fact]
    public void A_sev1_commander_is_reminded_once_per_due_time_from_opening_and_from_the_promised_time()
    {
        var key = OpenRecall(severity: 1);
        var sev3 = OpenRecall(severity: 3);
        ForgetEmails();

        _test.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, _reminders.Remind());
        _test.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, _reminders.Remind()); // the SEV1, an hour after opening; the SEV3 asks for no cadence
        Assert.Equal(0, _reminders.Remind());
        var reminder = Assert.Single(Outbox());
        Assert.Equal("mei@aurora.example", reminder.Recipient);
        Assert.Contains("status update is due", reminder.Subject);
        Assert.Equal(EventKinds.NotificationQueued, _test.Get<Timeline>().Read(key)[^1].Kind);

        _updates.Post(key, new StatusUpdatePost("Update.", _test.Time.GetUtcNow().AddMinutes(30)), Mei, true);
        _test.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, _reminders.Remind());
        _test.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, _reminders.Remind());
        Assert.Null(_updates.NextDue(sev3));
    }

    [Fact]
    public void A_posted_update_is_told_in_words_on_the_timeline_and_in_chat_in_both_languages()
    {
        var key = OpenRecall();
        _updates.Post(key, new StatusUpdatePost("**Listings paused** on every platform.", _test.Time.GetUtcNow().AddHours(1)), Mei, true);
        var posted = _test.Get<Timeline>().Read(key)[^1];
        var names = new StoryNames();
        Assert.Equal("mei posted a status update: Listings paused on every platform.",
            EventStory.Log([posted], names, SharedTexts.English, TimeZoneInfo.Utc).Single().Sentence);
        Assert.Equal("mei 发布了状态通报：Listings paused on every platform.",
            EventStory.Log([posted], names, SharedTexts.Chinese, TimeZoneInfo.Utc).Single().Sentence);

        var chat = new ChatEvent
        {
            Kind = ChatEventKinds.StatusUpdatePosted, IncidentKey = key, Title = "奶瓶破裂", Severity = 1, Language = "zh-CN", Path = $"/incidents/{key}",
            Details = new Dictionary<string, string> { [ChatDetails.Update] = "所有平台已暂停销售。", [ChatDetails.NextUpdate] = "11月2日 11:00（北京时间，UTC+8）", [ChatDetails.By] = "陈静" },
        };
        var message = ChatMessages.Compose(chat, "https://crisis.example");
        Assert.Equal($"{key} 状态通报：奶瓶破裂", message.Heading);
        Assert.Contains("**通报内容**：所有平台已暂停销售。", message.Markdown(withHeading: false));
        Assert.Contains("**下次通报**：11月2日 11:00", message.Markdown(withHeading: false));
    }
}
