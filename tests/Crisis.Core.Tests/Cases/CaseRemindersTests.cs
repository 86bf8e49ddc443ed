using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Dapper;

namespace Crisis.Core.Tests.Cases;

/// <summary>What the case reminders put in the outbox (delivery and timing are tested against a real SMTP server in Crisis.Web.Tests).</summary>
public sealed class CaseRemindersTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void A_late_export_making_sixty_cases_overdue_at_once_lists_fifty_in_the_leads_email_and_counts_the_rest()
    {
        var lead = _test.Get<PeopleDirectory>().Add(new NewPerson("王芳", "wang@aurora.example", Language: "zh-CN"));
        var settings = _test.Get<CaseSettings>();
        settings.Save(settings.Read() with { LeadPersonId = lead.Id }, new Actor("admin", Roles.Admin));
        var received = _test.Time.GetUtcNow().AddDays(-2);
        var ids = _test.Get<CaseBook>().LogMany([.. Enumerable.Range(0, 60).Select(i => new NewCase
        {
            Channel = CaseChannels.Hotline, Category = CaseCategories.Delivery, Summary = "Parcel " + i, Batch = "B" + i, ReceivedAt = received,
        })], CaseSources.Import("hotline"), new Actor("lin", Roles.Agent)).Select(c => c.Id).ToList();

        _test.Get<CaseReminders>().QueueDue();

        using var connection = _test.Database.Open();
        var overdue = connection.QuerySingle<(string Subject, string Text)>("SELECT subject, text_body FROM outbox WHERE subject LIKE '已逾期%'");
        Assert.Equal("已逾期的工单：60 个", overdue.Subject);
        Assert.Equal(50, overdue.Text.Split('\n').Count(line => line.StartsWith("- 客服热线", StringComparison.Ordinal))); // one list item a line, its marker kept in plain text
        Assert.Contains("另有 10 个工单未在此列出，请在工单列表中查看。", overdue.Text);
        Assert.Contains("批次 B49", overdue.Text);
        Assert.DoesNotContain("批次 B50", overdue.Text);
        Assert.All(ids, id => Assert.Contains(_test.Get<CaseBook>().History(id), e => e.Kind == CaseEventKinds.Reminded));
    }
}
