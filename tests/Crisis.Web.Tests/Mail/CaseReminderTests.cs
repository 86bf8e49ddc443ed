using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Web.Tests.Mail;

/// <summary>A server and mail server of their own: the clocks here run days ahead, which would move every other mail test's deadlines.</summary>
public class CaseReminderTests(MailServer server) : IClassFixture<MailServer>
{
    private static string To(JsonElement email) => email.GetProperty("to")[0].GetProperty("address").GetString()!;
    private static string Subject(JsonElement email) => email.GetProperty("subject").GetString()!;
    private static string Text(JsonElement email) => email.GetProperty("text").GetString()!;

    private static readonly Actor Agent = new("agent-user", Roles.Agent);

    private long Log(string channel, long? owner, string sku) => server.Service<CaseBook>().Log(new NewCase
    {
        Channel = channel, Category = CaseCategories.Safety, Summary = "奶瓶消毒后瓶底开裂，划伤了手", Sku = sku, Batch = "2611", OwnerId = owner,
        CustomerRef = "tb_mama_88", CustomerPhone = "138 0013 5678", CustomerAddress = "广东省广州市天河区体育西路 1 号",
    }, CaseSources.Form, Agent).Id;

    [Fact]
    public async Task An_owner_is_warned_once_in_their_language_as_the_clock_runs_out_then_the_lead_once_it_ran_out_and_never_with_the_customers_contact()
    {
        var people = server.Service<PeopleDirectory>();
        var lin = people.Add(new NewPerson("Lin Xiao", "lin@aurora.example", Language: "zh-CN"));
        var lead = people.Add(new NewPerson("Grace Lee", "grace@aurora.example"));
        var settings = server.Service<CaseSettings>();
        settings.Save(settings.Read() with { LeadPersonId = lead.Id }, new Actor("admin", Roles.Admin));
        var start = server.Time.GetUtcNow();
        string Utc(double hours) => start.AddHours(hours).ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        string Beijing(double hours) => start.AddHours(hours + 8).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "（北京时间，UTC+8）";
        var hotline = Log(CaseChannels.Hotline, lin.Id, "AB-260"); // 4 h to answer, warned from 3 h 12 min
        var social = Log(CaseChannels.SocialMedia, null, "AB-120"); // 2 h to answer, nobody owns it
        bool ToLin(JsonElement e) => To(e) == "lin@aurora.example";
        bool Unowned(JsonElement e) => To(e) == "grace@aurora.example" && Subject(e) == "Cases without an owner to tell, running out of time: 1";
        bool Overdue(JsonElement e) => To(e) == "grace@aurora.example" && Subject(e) == "Cases past their clock: 1";

        server.Time.Advance(TimeSpan.FromHours(1.7));
        var unowned = Assert.Single(await server.MailDev.WaitForEmailsAsync(Unowned, 1));
        Assert.Contains($"Social media · Safety · SKU AB-120 · batch 2611: Due soon, first response due {Utc(2)}", Text(unowned));
        Assert.Contains($"Open the case: https://crisis.aurora.example/cases/{social}", Text(unowned));

        server.Time.Advance(TimeSpan.FromHours(1.6)); // 3 h 18 min: the hotline case is due soon, the social one overdue
        var warned = Assert.Single(await server.MailDev.WaitForEmailsAsync(ToLin, 1));
        Assert.Equal("您负责的工单时限将至：1 个", Subject(warned));
        Assert.Contains($"客服热线 · 安全 · SKU AB-260 · 批次 2611：即将超时，首次响应截止 {Beijing(4)}", Text(warned));
        Assert.Contains($"打开工单：https://crisis.aurora.example/cases/{hotline}", Text(warned));
        var late = Assert.Single(await server.MailDev.WaitForEmailsAsync(Overdue, 1));
        Assert.Contains($"Social media · Safety · SKU AB-120 · batch 2611: Overdue, first response due {Utc(2)}; nobody owns it", Text(late));

        server.Time.Advance(TimeSpan.FromHours(1)); // 4 h 18 min: the hotline case missed its answer too
        var overdue = await server.MailDev.WaitForEmailsAsync(Overdue, 2);
        Assert.Equal(2, overdue.Count);
        Assert.Contains(overdue, email => Text(email).Contains($"Hotline · Safety · SKU AB-260 · batch 2611: Overdue, first response due {Utc(4)}; owned by Lin Xiao"));
        Assert.Single(await server.MailDev.WaitForEmailsAsync(ToLin, 1)); // warned once, not again now it is overdue
        Assert.Single(await server.MailDev.WaitForEmailsAsync(Unowned, 1));

        // Answered late, the case's resolution clock runs: its owner is warned of that one too, the lead not again.
        server.Service<CaseBook>().Change(hotline, new CaseChanges { Status = CaseStatuses.InProgress }, Agent);
        server.Time.Advance(TimeSpan.FromHours(35));
        Assert.Equal(2, (await server.MailDev.WaitForEmailsAsync(ToLin, 2)).Count);
        Assert.Equal(2, (await server.MailDev.WaitForEmailsAsync(Overdue, 2)).Count);

        var everything = string.Join("\n", (await server.MailDev.EmailsAsync()).Select(email => Subject(email) + "\n" + Text(email) + email.GetProperty("html").GetString()));
        foreach (var personal in new[] { "0013", "5678", "天河区", "tb_mama_88", "奶瓶消毒" }) Assert.DoesNotContain(personal, everything);
        Assert.DoesNotContain("due-soon", everything);

        var history = server.Service<CaseBook>().History(hotline).Where(e => e.Kind == CaseEventKinds.Reminded).ToList();
        Assert.Equal(3, history.Count);
        Assert.All(history, e => Assert.Equal(Actor.CrisisItself, e.Actor));
    }

    [Fact]
    public async Task Once_a_day_the_customers_personal_data_goes_from_cases_resolved_longer_ago_than_the_retention()
    {
        var settings = server.Service<CaseSettings>();
        settings.Save(settings.Read() with { RetentionDays = 2 }, new Actor("admin", Roles.Admin));
        var book = server.Service<CaseBook>();
        var resolved = Log(CaseChannels.Tmall, null, "AB-300");
        var open = Log(CaseChannels.Tmall, null, "AB-300");
        book.Change(resolved, new CaseChanges { Status = CaseStatuses.Resolved }, Agent);

        server.Time.Advance(TimeSpan.FromDays(3));
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !book.Get(resolved).PersonalDataPurged && DateTime.UtcNow < deadline;) await Task.Delay(100);
        var purged = book.Reveal(resolved, Agent);
        Assert.True(purged.PersonalDataPurged);
        Assert.Null(purged.CustomerPhone);
        Assert.Equal("奶瓶消毒后瓶底开裂，划伤了手", purged.Summary);
        Assert.Equal("138 0013 5678", book.Reveal(open, Agent).CustomerPhone);
        Assert.Contains(book.History(resolved), e => e.Kind == CaseEventKinds.Purged && e.Actor == Actor.CrisisItself);
    }
}
