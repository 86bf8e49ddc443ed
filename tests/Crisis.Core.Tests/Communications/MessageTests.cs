using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Dapper;

namespace Crisis.Core.Tests.Communications;

public class MessageTests : IDisposable
{
    private static readonly Actor Drafter = new("sophie", Roles.Responder, "sophie@example.com");
    private static readonly Actor Commander = new("mei", Roles.Commander, "mei@example.com");
    private readonly TestDatabase _test = new();
    private readonly Messages _messages;
    private readonly Outbox _outbox;
    private readonly string _key;

    private static readonly Dictionary<string, string> DelayVariables = new()
    {
        ["product"] = "Oat milk 1 l", ["original_date"] = "11 November", ["new_date"] = "18 November",
        ["reason"] = "the shipment is held for customs inspection at Ningbo", ["options"] = "wait with a RMB 20 voucher, or cancel for a full refund",
        ["refund_time"] = "within 24 hours",
    };

    public MessageTests()
    {
        _test.AddShippedPlaybook("supply-disruption.md");
        _messages = _test.Get<Messages>();
        _outbox = _test.Get<Outbox>();
        var commander = _test.Get<PeopleDirectory>().Add(new NewPerson("Mei Chen", Roles: ["commander"]));
        _key = _test.Get<OpenIncident>()
            .Execute(new OpenIncidentRequest("supply-disruption", "Customs hold at Ningbo", 2, new Dictionary<string, long> { ["commander"] = commander.Id }), Commander);
    }

    public void Dispose() => _test.Dispose();

    private MessageView DraftDelay(params string[] recipients) =>
        _messages.Draft(_key, new DraftRequest("delay-notice", "en", recipients, DelayVariables), Drafter);

    [Fact]
    public void A_draft_is_rendered_from_the_incident_and_keeps_its_template_version()
    {
        var draft = DraftDelay("li.na@example.com");
        Assert.Equal(("delay-notice", 3, "email", "customers", MessageStatus.Draft), (draft.TemplateId, draft.TemplateVersion, draft.Channel, draft.Audience, draft.Status));
        Assert.Equal("Your Oat milk 1 l order will arrive later than promised", draft.Subject);
        Assert.Contains("18 November", draft.Markdown);
        Assert.Contains("<strong>11 November</strong>", draft.Html);
        Assert.DoesNotContain("**", draft.Text);
        Assert.Empty(draft.MissingVariables);

        var chinese = _messages.Draft(_key, new DraftRequest("leadership-sitrep", "zh-CN", ["board@example.com"], new Dictionary<string, string> { ["summary"] = "海关扣货" }), Drafter);
        Assert.Contains("总指挥：Mei Chen", chinese.Markdown);
        Assert.StartsWith("【二级】" + _key, chinese.Subject);
        Assert.Equal(["impact", "actions_done", "next_steps", "decisions_needed", "next_update"], chinese.MissingVariables);
    }

    [Fact]
    public void A_template_that_cannot_be_rendered_with_the_values_given_is_refused_in_shared_words_naming_its_title()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_test.Folder, "own-templates")).FullName;
        File.WriteAllText(Path.Combine(folder, "echo.en.md"),
            "---\nid: echo\ntitle: Echo notice\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\nvariables:\n  name: Name\n---\n\n{% for i in (1..100) %}{{ name }}{% endfor %}\n");
        using var services = _test.StartServices(also => also.AddSingleton(new TemplateLibrary(folder)));

        // A hundred times 4,000 characters is past what a template may write.
        var refused = Assert.Throws<RuleViolationException>(() => services.GetRequiredService<Messages>()
            .Draft(_key, new DraftRequest("echo", "en", [], new Dictionary<string, string> { ["name"] = new string('x', 4000) }), Drafter));

        Assert.Equal(RefusalTexts.TemplateUnrenderable, refused.TextKey);
        Assert.Equal("Echo notice", refused.TextArguments[0]);
        Assert.StartsWith("模板“Echo notice”无法生成消息：",
            string.Format(Crisis.Core.Localization.SharedTexts.Get(RefusalTexts.TemplateUnrenderable, System.Globalization.CultureInfo.GetCultureInfo("zh-CN")), refused.TextArguments));
    }

    [Fact]
    public void Missing_variables_block_approval_until_the_text_is_completed()
    {
        var draft = _messages.Draft(_key, new DraftRequest("delay-notice", "en", ["li.na@example.com"], new Dictionary<string, string> { ["product"] = "Oat milk" }), Drafter);
        var refused = Assert.Throws<RuleViolationException>(() => _messages.Approve(draft.Id, Commander));
        Assert.Contains("original_date, new_date, reason, options, refund_time", refused.Message);

        var edited = _messages.Edit(draft.Id, draft.Subject, "Your oat milk arrives on 18 November; reply to cancel for a full refund.", null, Drafter);
        Assert.Empty(edited.MissingVariables);
        Assert.Equal(MessageStatus.Queued, _messages.Approve(edited.Id, Commander, edited.Version).Status);
    }

    [Fact]
    public void Approving_an_email_queues_one_email_per_recipient_and_records_the_final_text()
    {
        var draft = DraftDelay("li.na@example.com", "wang.lei@example.com", "LI.NA@example.com ");
        Assert.Equal(["li.na@example.com", "wang.lei@example.com"], draft.Recipients);
        var refused = Assert.Throws<ForbiddenException>(() => _messages.Approve(draft.Id, Drafter));
        Assert.Contains("only the incident commander or someone holding one of these roles", refused.Message);
        Assert.False(_messages.MayApprove(draft.Id, Drafter));
        Assert.False(_messages.MayApprove(draft.Id, new Actor("script")));
        Assert.True(_messages.MayApprove(draft.Id, Commander));
        var approved = _messages.Approve(draft.Id, Commander);
        Assert.Equal((MessageStatus.Queued, "mei"), (approved.Status, approved.ApprovedBy));
        Assert.Equal(["queued", "queued"], approved.Deliveries.Select(d => d.Status));

        var events = _test.Get<Timeline>().Read(_key).Where(e => e.Kind.StartsWith("message.")).ToList();
        Assert.Equal([EventKinds.MessageDrafted, EventKinds.MessageApproved], events.Select(e => e.Kind));
        Assert.Equal("sophie", events[0].Actor);
        Assert.Contains("18 November", events[1].Data.GetProperty("body").GetString());
        Assert.Throws<RuleViolationException>(() => _messages.Edit(draft.Id, "x", "y", null, Drafter));
        Assert.Throws<RuleViolationException>(() => _messages.Approve(draft.Id, Commander));
    }

    [Fact]
    public void The_drafts_awaiting_someone_s_approval_are_those_their_role_may_approve_in_incidents_still_being_worked()
    {
        var complete = DraftDelay("li.na@example.com");
        var unfinished = _messages.Draft(_key, new DraftRequest("delay-notice", "en", ["li.na@example.com"], new Dictionary<string, string> { ["product"] = "Oat milk" }), Drafter);
        var approved = DraftDelay("wang.lei@example.com");
        _messages.Approve(approved.Id, Commander);

        var waiting = _messages.AwaitingApprovalBy(Commander);
        Assert.Equal([complete.Id, unfinished.Id], waiting.Select(m => m.Id));
        Assert.Equal([true, false], waiting.Select(m => m.Complete));
        Assert.Equal((_key, "Customs hold at Ningbo"), (waiting[0].IncidentKey, waiting[0].IncidentTitle));
        Assert.Empty(_messages.AwaitingApprovalBy(Drafter)); // a responder holding no approving role
        Assert.Empty(_messages.AwaitingApprovalBy(new Actor("board", Roles.Viewer)));

        _test.Get<IncidentLifecycle>().SetStatus(_key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("The shipment cleared customs"));
        Assert.Empty(_messages.AwaitingApprovalBy(Commander));
    }

    [Fact]
    public void Editing_withdraws_an_approval_of_a_channel_published_by_hand()
    {
        var statement = _messages.Draft(_key, new DraftRequest("holding-statement", "en", [], new Dictionary<string, string>
        {
            ["situation"] = "delays to 11.11 orders.", ["actions"] = "We have told every affected customer.", ["next_update"] = "by 18:00 today",
            ["legal_entity"] = "Aurora Baby Products (Shanghai) Co., Ltd.", ["media_contact"] = "Sophie Martin, press@aurora.example", ["statement_date"] = "2 November 2026",
        }), Drafter);
        Assert.Equal(MessageStatus.Approved, _messages.Approve(statement.Id, Commander).Status);
        var edited = _messages.Edit(statement.Id, statement.Subject, statement.Markdown + "\n\nUpdated.", null, Drafter);
        Assert.Equal((MessageStatus.Draft, null), (edited.Status, edited.ApprovedBy));
        Assert.Throws<RuleViolationException>(() => _messages.MarkPublished(statement.Id, Commander));
        _messages.Approve(statement.Id, Commander);
        var published = _messages.MarkPublished(statement.Id, Commander);
        Assert.Equal((MessageStatus.Published, "mei", _test.Time.GetUtcNow()), (published.Status, published.PublishedBy, published.PublishedAt));
        Assert.Empty(published.Deliveries);
    }

    [Fact]
    public void Bad_drafts_are_refused_with_a_reason()
    {
        Assert.Throws<NotFoundException>(() => _messages.Draft(_key, new DraftRequest("no-such-template", "en", [], DelayVariables), Drafter));
        Assert.Throws<NotFoundException>(() => _messages.Draft("INC-1999-0001", new DraftRequest("delay-notice", "en", [], DelayVariables), Drafter));
        Assert.Contains("'not an address' is not an email address",
            Assert.Throws<RuleViolationException>(() => DraftDelay("not an address")).Message);
        Assert.Contains("at least one recipient", Assert.Throws<RuleViolationException>(() => _messages.Approve(DraftDelay().Id, Commander)).Message);
    }

    [Fact]
    public void The_outbox_retries_with_backoff_and_marks_the_message_sent_only_when_accepted()
    {
        var message = _messages.Approve(DraftDelay("li.na@example.com").Id, Commander);
        var email = Assert.Single(_outbox.ClaimDue());
        Assert.Empty(_outbox.ClaimDue()); // claimed: not handed out twice
        _outbox.MarkFailed(email, "451 4.3.0 Mail server temporarily rejected message");
        var queued = _messages.Get(message.Id).Deliveries.Single();
        Assert.Equal(("queued", 1, "451 4.3.0 Mail server temporarily rejected message"), (queued.Status, queued.Attempts, queued.LastError));
        Assert.Equal(_test.Time.GetUtcNow() + Outbox.Backoff(1), queued.NextAttemptAt);
        Assert.Empty(_outbox.ClaimDue());

        _test.Time.Advance(Outbox.Backoff(1));
        var retry = Assert.Single(_outbox.ClaimDue());
        Assert.Equal(email.SmtpMessageId, retry.SmtpMessageId);
        _outbox.MarkSent(retry, "250 2.0.0 Ok: queued as 4F1A2");
        var sent = _messages.Get(message.Id);
        Assert.Equal((MessageStatus.Sent, "250 2.0.0 Ok: queued as 4F1A2"), (sent.Status, sent.Deliveries.Single().ServerReply));
        Assert.Contains(_test.Get<Timeline>().Read(_key), e => e.Kind == EventKinds.MessageSent && e.Data.GetProperty("recipient").GetString() == "li.na@example.com");
        Assert.True(_test.Get<Timeline>().Verify(_key).IsIntact);
    }

    [Fact]
    public void An_email_interrupted_mid_send_is_tried_again_after_a_restart_with_the_same_message_id()
    {
        _messages.Approve(DraftDelay("li.na@example.com").Id, Commander);
        var claimed = Assert.Single(_outbox.ClaimDue()); // the process dies here, before the server answers
        using var restarted = _test.StartServices();
        var afterRestart = restarted.GetRequiredService<Outbox>();
        Assert.Equal(1, afterRestart.RecoverInterrupted());
        Assert.Equal(claimed.SmtpMessageId, Assert.Single(afterRestart.ClaimDue()).SmtpMessageId);
    }

    [Fact]
    public void After_the_last_attempt_the_message_is_failed_with_the_servers_reply()
    {
        var message = _messages.Approve(DraftDelay("li.na@example.com").Id, Commander);
        for (var attempt = 1; attempt <= Outbox.MaxAttempts; attempt++)
        {
            var email = Assert.Single(_outbox.ClaimDue());
            _outbox.MarkFailed(email, "550 5.1.1 <li.na@example.com>: Recipient address rejected");
            _test.Time.Advance(TimeSpan.FromHours(2));
        }
        Assert.Empty(_outbox.ClaimDue());
        var failed = _messages.Get(message.Id);
        Assert.Equal((MessageStatus.Failed, "failed"), (failed.Status, failed.Deliveries.Single().Status));
        Assert.Contains("550 5.1.1", failed.Deliveries.Single().LastError);
    }

    [Theory]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(5, 240)]
    [InlineData(9, 3600)]
    [InlineData(40, 3600)]
    public void Backoff_doubles_up_to_an_hour(int attempts, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Outbox.Backoff(attempts));
}
