using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;
using Dapper;

namespace Crisis.Core.Tests.FollowUps;

/// <summary>What the follow-up reminders put in the outbox, and when (delivery is tested against a real SMTP server in Crisis.Web.Tests).</summary>
public sealed class FollowUpReminderTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private readonly TestDatabase _test = new();

    public FollowUpReminderTests() => _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(1, "- Stop sales @ops due:+1h id:stop"));

    public void Dispose() => _test.Dispose();

    private List<(string To, string Subject, string Text)> Outbox()
    {
        using var connection = _test.Database.Open();
        return connection.Query<(string, string, string)>("SELECT recipient, subject, text_body FROM outbox ORDER BY id").ToList();
    }

    private void NextDay() => _test.Time.Advance(TimeSpan.FromDays(1));

    [Fact]
    public void The_owner_is_reminded_before_and_on_the_due_date_in_their_language_then_the_commander_once_it_is_past_each_once()
    {
        var people = _test.Get<PeopleDirectory>();
        var mei = people.Add(new NewPerson("Mei Chen", "mei@example.com"));
        var zhang = people.Add(new NewPerson("张敏", "zhang@example.com", Language: "zh-CN"));
        var key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("drill", "Mould in batch B-7", 1, new Dictionary<string, long> { ["commander"] = mei.Id }), Commander);
        _test.Get<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));
        var reviews = _test.Get<PostIncidentReviews>();
        var review = reviews.Open(key, Commander);
        review = reviews.AddAction(key, new ActionItem { Title = "Fix the dehumidifier alarm", OwnerPersonId = zhang.Id, DueDate = new DateOnly(2026, 11, 5), PlaybookChange = "drill" }, review.Version, Commander);
        reviews.AddAction(key, new ActionItem { Title = "Requalify moulds", OwnerPersonId = zhang.Id, DueDate = new DateOnly(2026, 11, 20) }, review.Version, Commander);
        var reminders = _test.Get<FollowUpReminders>();
        using (var connection = _test.Database.Open())
            connection.Execute("DELETE FROM outbox"); // Mei was told she is the commander

        Assert.Equal(1, reminders.QueueDue()); // 2 Nov: the alarm is due in three days, the moulds not for weeks
        var soon = Assert.Single(Outbox());
        Assert.Equal(("zhang@example.com", $"[{key}] 改进项将于 2026-11-05 到期：Fix the dehumidifier alarm"), (soon.To, soon.Subject));
        Assert.Contains($"您负责的改进项“Fix the dehumidifier alarm”（来自 {key}“Mould in batch B-7”）将于 2026-11-05 到期。", soon.Text);
        Assert.Contains("该改进项要求修改预案“Drill”。", soon.Text);
        Assert.Equal(0, reminders.QueueDue());

        NextDay();
        NextDay();
        Assert.Equal(0, reminders.QueueDue()); // 4 Nov: reminded already
        NextDay();
        Assert.Equal(1, reminders.QueueDue()); // 5 Nov: due today
        Assert.Equal($"[{key}] 改进项今天到期：Fix the dehumidifier alarm", Outbox()[^1].Subject);
        NextDay();
        Assert.Equal(1, reminders.QueueDue()); // 6 Nov: past, the commander is told in her language
        var escalation = Outbox()[^1];
        Assert.Equal(("mei@example.com", $"[{key}] Follow-up overdue: Fix the dehumidifier alarm"), (escalation.To, escalation.Subject));
        Assert.Contains($"The follow-up “Fix the dehumidifier alarm” from {key} “Mould in batch B-7”, owned by 张敏, was due on 2026-11-05 and is still open.", escalation.Text);
        NextDay();
        Assert.Equal(0, reminders.QueueDue());

        // A new due date is reminded of in its turn.
        var alarm = _test.Get<FollowUpBook>().List(new FollowUpFilter()).Single(f => f.Title == "Fix the dehumidifier alarm");
        _test.Get<FollowUpBook>().Change(alarm.Id, new FollowUpChange { DueDate = new DateOnly(2026, 11, 9) }, Commander);
        Assert.Equal(1, reminders.QueueDue()); // 7 Nov: the alarm, due in two days; the moulds are not due until the 20th
        Assert.Equal(("zhang@example.com", $"[{key}] 改进项将于 2026-11-09 到期：Fix the dehumidifier alarm"), (Outbox()[^1].To, Outbox()[^1].Subject));

        _test.Get<FollowUpBook>().Close(alarm.Id, new WhatWasDone(ActionStatus.Done, "Wired to the on-call phone"), Commander);
        NextDay();
        NextDay();
        Assert.Equal(0, reminders.QueueDue()); // 9 Nov: closed, nothing more about it

        var told = _test.Get<Timeline>().Read(key).Where(e => e.Kind == EventKinds.NotificationQueued).Select(e => e.Data.GetProperty("person").GetString()).ToList();
        Assert.Equal(["张敏", "张敏", "Mei Chen", "张敏"], told);
        Assert.True(_test.Get<Timeline>().Verify(key).IsIntact);
    }
}
