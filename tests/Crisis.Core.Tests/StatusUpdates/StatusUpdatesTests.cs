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
    public void The_draft_fills_the_template_with_the_incident_and_its_figures_in_the_incidents_language()
    {
        _test.AddShippedPlaybook("product-recall.zh-CN.md");
        var key = _open.Execute(new OpenIncidentRequest("product-recall", "奶瓶破裂，批次 2611", 1,
            new Dictionary<string, long> { ["commander"] = _commander.Id }, Language: "zh-CN"), Mei);
        _test.Get<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 1200, UnitsRecalled = 340 }, Mei);

        var draft = _updates.Draft(key);
        Assert.Contains("奶瓶破裂，批次 2611", draft);
        Assert.Contains("发生了什么", draft);
        Assert.Contains("据影响记录：", draft);
        Assert.Contains("1,200", draft);
        Assert.DoesNotContain("What happened", draft);
        Assert.DoesNotContain("[[", draft);
        Assert.DoesNotContain("{{", draft);
    }

    [Fact]
    public void The_draft_claims_no_action_the_incident_does_not_record_and_leaves_out_impact_without_figures()
    {
        _test.AddShippedPlaybook("data-breach.md");
        var key = _open.Execute(new OpenIncidentRequest("data-breach", "Order export left public", 1,
            new Dictionary<string, long> { ["commander"] = _commander.Id }), Mei);

        var draft = _updates.Draft(key);
        foreach (var recall in new[] { "affected product", "listings", "receipt", "market regulator", "Quality", "impact log", "Current impact" })
            Assert.DoesNotContain(recall, draft, StringComparison.OrdinalIgnoreCase);
        var incident = _test.Get<IncidentQueries>().Get(key);
        var first = incident.Phases[0];
        Assert.Contains($"{first.Title}: 0 of {first.Steps.Count} steps done", draft);

        _test.Get<StepActions>().Complete(key, first.Steps[0].Id, Mei);
        draft = _updates.Draft(key);
        Assert.Contains($"{first.Title}: 1 of {first.Steps.Count} steps done", draft);
        Assert.Contains($"Latest steps done: {first.Steps[0].Text}", draft);
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
    public void The_next_update_is_promised_at_most_seven_days_ahead()
    {
        var key = OpenRecall();
        var refused = Assert.Throws<RuleViolationException>(() => _updates.Post(key, new StatusUpdatePost("Update.", new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)), Mei, true));
        Assert.Equal(RefusalTexts.NextUpdateTooFar, refused.TextKey);
        Assert.Throws<RuleViolationException>(() => _updates.Post(key, new StatusUpdatePost("Update.", _test.Time.GetUtcNow().AddDays(7).AddMinutes(1)), Mei, true));
        Assert.Empty(_updates.List(key));
        _updates.Post(key, new StatusUpdatePost("Update.", _test.Time.GetUtcNow().AddDays(7)), Mei, true);
    }

    [Fact]
    public void A_person_without_an_email_is_not_subscribed_either_way()
    {
        var key = OpenRecall();
        var noEmail = _people.Add(new NewPerson("Wang Fang"));
        var byName = Assert.Throws<RuleViolationException>(() => _subscriptions.Subscribe(key, noEmail.Id, Mei));
        Assert.Equal(RefusalTexts.SubscriberWithoutEmail, byName.TextKey);
        Assert.Contains("Wang Fang has no email address", byName.Message);
        Assert.Throws<RuleViolationException>(() => _subscriptions.SubscribeStanding(noEmail.Id, 1, null, Mei));
        Assert.Empty(_subscriptions.ForIncident(key));
        Assert.Empty(_subscriptions.Standing());
    }

    [Fact]
    public void Subscribing_to_the_same_standing_subscription_twice_changes_nothing()
    {
        var first = _subscriptions.SubscribeStanding(_chair.Id, 1, "recall", Mei);
        Assert.Equal(first, _subscriptions.SubscribeStanding(_chair.Id, 1, "recall", Mei));
        Assert.Equal(first, _subscriptions.SubscribeStanding(_chair.Id, 1, "  Recall  ", Mei));
        var other = _subscriptions.SubscribeStanding(_chair.Id, null, "recall", Mei);
        Assert.NotEqual(first, other);
        Assert.Equal(other, _subscriptions.SubscribeStanding(_chair.Id, null, "recall", Mei));
        Assert.Equal(2, _subscriptions.Standing().Count);
        Assert.Equal("recall", _subscriptions.Standing().Single(s => s.Id == first).Category);
    }

    [Fact]
    public void Ending_a_subscription_that_does_not_exist_is_not_found()
    {
        var id = _subscriptions.SubscribeStanding(_chair.Id, 1, null, Mei);
        _subscriptions.Remove(id);
        Assert.Throws<NotFoundException>(() => _subscriptions.Remove(id));
        Assert.Throws<NotFoundException>(() => _subscriptions.Remove(99999));
    }

    [Fact]
    public void A_closed_incident_takes_no_subscriber_and_a_resolved_ones_last_update_says_it_is_the_final_one()
    {
        var key = OpenRecall();
        _subscriptions.Subscribe(key, _chair.Id, Mei);
        _subscriptions.Subscribe(key, _director.Id, Mei);
        var lifecycle = _test.Get<IncidentLifecycle>();
        lifecycle.SetStatus(key, IncidentStatus.Resolved, Mei, "Recall complete", new OpenStepsAcknowledgement("The rest runs as business as usual"));
        ForgetEmails();

        _updates.Post(key, new StatusUpdatePost("All units are back.", null), Mei, true);
        var emails = Outbox();
        Assert.Contains("这是本事件的最后一次状态通报", emails.Single(e => e.Recipient == "chair@aurora.example").Body);
        var english = emails.Single(e => e.Recipient == "anna@aurora.example").Body;
        Assert.Contains("This is the final update", english);
        Assert.DoesNotContain("you will be told when there is news", english);

        lifecycle.SetStatus(key, IncidentStatus.Closed, Mei, "Closed", new OpenStepsAcknowledgement("The rest runs as business as usual"));
        var refused = Assert.Throws<RuleViolationException>(() => _subscriptions.Subscribe(key, _comms.Id, Mei));
        Assert.Equal(RefusalTexts.IncidentClosed, refused.TextKey);
        Assert.Equal(2, _subscriptions.ForIncident(key).Count);
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
        var damaged = OpenRecall(severity: 1);
        using (var connection = _test.Database.Open())
            Dapper.SqlMapper.Execute(connection, "UPDATE incidents SET opened_at = 'not a time' WHERE key = @damaged", new { damaged }); // skipped, not stopping the rest
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
