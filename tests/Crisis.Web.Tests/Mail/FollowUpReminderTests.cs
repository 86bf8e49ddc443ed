using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;

namespace Crisis.Web.Tests.Mail;

/// <summary>A server and mail server of their own: the clock here runs days ahead, which would move every other mail test's deadlines.</summary>
public class FollowUpReminderTests(MailServer server) : IClassFixture<MailServer>
{
    private static string To(JsonElement email) => email.GetProperty("to")[0].GetProperty("address").GetString()!;
    private static string Subject(JsonElement email) => email.GetProperty("subject").GetString()!;
    private static string Text(JsonElement email) => email.GetProperty("text").GetString()!;

    [Fact]
    public async Task The_background_worker_reminds_the_owner_before_and_on_the_due_date_then_tells_the_commander_each_once()
    {
        var commander = new Actor("commander-user", Roles.Commander);
        var people = server.Service<PeopleDirectory>();
        var grace = people.Add(new NewPerson("Grace Lee", "grace@aurora.example"));
        var lin = people.Add(new NewPerson("Lin Xiao", "lin@aurora.example", Language: "zh-CN"));
        var key = await server.OpenRecallAsync();
        server.Service<IncidentLifecycle>().AssignRole(key, "commander", grace.Id, commander);
        server.Service<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Followed up outside the incident"));
        var reviews = server.Service<PostIncidentReviews>();
        var review = reviews.Open(key, commander);
        var due = server.Service<FollowUpBook>().Today().AddDays(3);
        var dueText = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        review = reviews.AddAction(key, new ActionItem { Title = "Requalify the mould", OwnerPersonId = lin.Id, DueDate = due, PlaybookChange = "product-recall" }, review.Version, commander);
        var id = review.Actions.Single().Id;
        bool ToLin(JsonElement e) => To(e) == "lin@aurora.example" && Subject(e).Contains("Requalify the mould", StringComparison.Ordinal);
        bool ToGrace(JsonElement e) => To(e) == "grace@aurora.example" && Subject(e).Contains("Follow-up", StringComparison.Ordinal);

        var soon = Assert.Single(await server.MailDev.WaitForEmailsAsync(ToLin, 1));
        Assert.Equal($"[{key}] 改进项将于 {dueText} 到期：Requalify the mould", Subject(soon));
        Assert.Contains($"您负责的改进项“Requalify the mould”（来自 {key}“", Text(soon));
        Assert.Contains($"打开改进项：https://crisis.aurora.example/follow-ups?status=all#follow-up-{id}", Text(soon));

        server.Time.Advance(TimeSpan.FromDays(3));
        var today = await server.MailDev.WaitForEmailsAsync(ToLin, 2);
        Assert.Equal($"[{key}] 改进项今天到期：Requalify the mould", Subject(today[^1]));

        server.Time.Advance(TimeSpan.FromDays(1));
        var escalation = Assert.Single(await server.MailDev.WaitForEmailsAsync(ToGrace, 1));
        Assert.Equal($"[{key}] Follow-up overdue: Requalify the mould", Subject(escalation));
        Assert.Contains($"owned by Lin Xiao, was due on {dueText} and is still open. As the commander of {key}", Text(escalation));

        server.Time.Advance(TimeSpan.FromDays(2));
        server.Service<FollowUpReminders>().QueueDue(); // a round of its own: whatever was due has gone, once
        Assert.Equal(2, (await server.MailDev.WaitForEmailsAsync(ToLin, 2)).Count);
        Assert.Single(await server.MailDev.WaitForEmailsAsync(ToGrace, 1));
    }
}
