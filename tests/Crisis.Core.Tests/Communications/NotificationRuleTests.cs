using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Dapper;

namespace Crisis.Core.Tests.Communications;

/// <summary>Which overdue steps are reminded about (delivery itself is tested against a real SMTP server in Crisis.Web.Tests).</summary>
public class NotificationRuleTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private readonly TestDatabase _test = new();
    private readonly Notifications _notifications;
    private readonly IncidentLifecycle _lifecycle;
    private readonly StepActions _steps;
    private readonly OpenIncident _open;
    private readonly Person _owner;
    private readonly Person _commander;

    public NotificationRuleTests()
    {
        _test.AddPlaybook("drill.md", """
            ---
            id: drill
            title: Drill
            version: 1
            roles:
              commander: Incident commander
              ops: Operations
            ---
            ## Act
            - Check the stock @ops due:+1h id:stock
              - Count the warehouse @ops id:warehouse
              - Count the stores @ops due:+3h id:stores
            - Brief the team @commander due:+1h id:brief
            - Plan the week @ops due:+3d id:plan
            - Tidy up @ops id:tidy
            """);
        _notifications = _test.Get<Notifications>();
        _lifecycle = _test.Get<IncidentLifecycle>();
        _steps = _test.Get<StepActions>();
        _open = _test.Get<OpenIncident>();
        var people = _test.Get<PeopleDirectory>();
        _owner = people.Add(new NewPerson("Zhang Min", "zhang@example.com"));
        _commander = people.Add(new NewPerson("Mei Chen", "mei@example.com"));
    }

    public void Dispose() => _test.Dispose();

    private string Open() => _open.Execute(new OpenIncidentRequest("drill", "Drill", 1,
        new Dictionary<string, long> { ["ops"] = _owner.Id, ["commander"] = _commander.Id }), Commander);

    private IReadOnlyList<(string Recipient, string Subject, string Text)> Outbox()
    {
        using var connection = _test.Database.Open();
        return connection.Query<(string, string, string)>("SELECT recipient, subject, text_body FROM outbox ORDER BY id").ToList();
    }

    [Fact]
    public void A_title_with_a_link_or_a_tag_is_set_into_the_role_email_as_typed()
    {
        const string title = "Bottles [recall](https://evil.example) <b>now</b>";
        _open.Execute(new OpenIncidentRequest("drill", title, 1, new Dictionary<string, long> { ["ops"] = _owner.Id }), Commander);

        using var connection = _test.Database.Open();
        var (html, text) = connection.QuerySingle<(string, string)>("SELECT html_body, text_body FROM outbox WHERE recipient = 'zhang@example.com'");
        Assert.DoesNotContain("href=\"https://evil.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("[recall](https://evil.example) &lt;b&gt;now&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains(title, text, StringComparison.Ordinal);
    }

    [Fact]
    public void One_reminder_lists_every_overdue_step_of_an_owner_and_skips_sub_steps_sharing_the_parents_deadline()
    {
        var key = Open();
        Assert.Equal(2, Outbox().Count); // the two role assignments
        Assert.Equal(0, _notifications.QueueOverdue());

        _test.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, _notifications.QueueOverdue()); // Zhang for 'stock'; Mei for her own 'brief'
        var reminders = Outbox().Skip(2).ToList();
        var zhang = Assert.Single(reminders, r => r.Recipient == "zhang@example.com");
        Assert.Equal($"[{key}] Your overdue steps: 1", zhang.Subject);
        Assert.Contains("Check the stock", zhang.Text);
        Assert.DoesNotContain("Count the warehouse", zhang.Text);
        Assert.Contains("Brief the team", Assert.Single(reminders, r => r.Recipient == "mei@example.com").Text);

        _test.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, _notifications.QueueOverdue()); // Mei hears about Zhang's step, not again about her own
        var escalation = Outbox().Last();
        Assert.Equal(("mei@example.com", $"[{key}] Still overdue after a reminder: 1"), (escalation.Recipient, escalation.Subject));
        Assert.Contains("Check the stock", escalation.Text);
        Assert.DoesNotContain("Brief the team", escalation.Text);

        _test.Time.Advance(TimeSpan.FromHours(2)); // 'stores' has its own deadline at +3h
        Assert.Equal(1, _notifications.QueueOverdue());
        Assert.Contains("Count the stores", Outbox().Last().Text);
    }

    [Fact]
    public void Done_steps_and_resolved_incidents_are_left_alone_and_giving_a_step_away_emails_the_new_owner()
    {
        var resolved = Open();
        _lifecycle.SetStatus(resolved, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));
        var open = Open();
        _steps.Complete(open, "stock", Commander);
        _steps.Complete(open, "brief", Commander);
        _steps.Reassign(open, "plan", Commander, _commander.Id);
        var given = Outbox().Last();
        Assert.Equal(("mei@example.com", $"[{open}] A step for you: Plan the week"), (given.Recipient, given.Subject));
        var before = Outbox().Count;

        _test.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(31));
        Assert.Equal(0, _notifications.QueueOverdue());
        Assert.Equal(before, Outbox().Count);
    }

    [Fact]
    public void Reminders_and_escalations_queued_by_the_clock_sign_their_events_like_any_change()
    {
        var key = Open();
        _test.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, _notifications.QueueOverdue());
        _test.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, _notifications.QueueOverdue());

        var verification = _test.Get<Timeline>().Verify(key);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems));
        Assert.Equal(verification.EventCount, verification.AnchoredHead?.Seq);
    }
}
