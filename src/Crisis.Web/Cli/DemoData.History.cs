using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Web.Cli;

public sealed partial class DemoData
{
    /// <summary>A crisis the team handled in the past: when it opened, and how fast the team worked it (1 = the pace of today).</summary>
    private sealed record PastIncident(int DaysAgo, string PlaybookId, string Title, int Severity, double Pace, string? Statement = null);

    /// <summary>
    /// Fifteen months before the stories: a dozen crises across the shipped playbooks, each opened, worked step by step by
    /// its role holders, contained, resolved and closed through the same use cases as real work, the team a little faster
    /// each quarter (the first step sooner, the containment earlier); a holding statement for the press in those that made
    /// the news, approved faster as the approval path was fixed; two earlier runs of the recall drill, the first weak; and
    /// the complaints of each month, more in the months of a crisis. It stops where the stories begin, ten days ago, and raises no
    /// signal of its own (no batch, no safety word, one or two a day): it is the baseline early warning compares against.
    /// </summary>
    private void History(Dictionary<string, Person> team, DateTimeOffset now)
    {
        PastIncident[] past =
        [
            new(440, "complaint-surge", "Leaking lids on the 300 ml sippy cup after a mould change", 2, 2.2),
            new(405, "negative-publicity", "Weibo post claims our formula is made in a different country", 3, 2.0, "A Weibo post claims our infant formula is made in a different country from the one on the tin."),
            new(360, "product-recall", "Teat ring comes loose on the travel bottle, batch 2502", 1, 1.9, "Parents report that the teat ring of the travel bottle, batch 2502, can come loose."),
            new(330, "supply-disruption", "Typhoon closes Ningbo port for four days before 618", 2, 1.8),
            new(295, "counterfeit-goods", "Fake sterilisers sold on Pinduoduo under our brand", 3, 1.6),
            new(250, "data-breach", "Membership export left on a public cloud link", 1, 1.5, "A file of member names and phone numbers was reachable through a shared cloud link for nine days."),
            new(215, "platform-penalty", "Tmall penalty points for late shipment during 618", 2, 1.4),
            new(185, "price-error", "Coupon stacking sold the gift set at a tenth of its price", 3, 1.3),
            new(150, "complaint-surge", "Wrong size labels on the 6-month bodysuits", 2, 1.2),
            new(120, "kol-livestream-incident", "Livestream host calls the bottle 'medical grade'", 2, 1.1, "A livestream host described our bottle as “medical grade”, which it is not."),
            new(85, "negative-publicity", "Parenting blogger's video blames our bottle for colic", 2, 1.0, "A parenting blogger's video says our anti-colic bottle causes colic."),
            new(60, "sales-day-outage", "Own-shop checkout fails for 40 minutes on 9.9 sales day", 2, 0.9),
            new(45, "product-recall", "Bottle warmer cable insulation cracks, batch 2607", 2, 0.85, "The cable insulation of bottle warmers from batch 2607 can crack."),
        ];
        PastDrill(team, now.AddDays(-270), strong: false);
        PastDrill(team, now.AddDays(-130), strong: true);
        foreach (var incident in past.OrderByDescending(incident => incident.DaysAgo)) PastCrisis(team, now.AddDays(-incident.DaysAgo).AddHours(2), incident);
        PastComplaints(team, now, past);
    }

    private void PastCrisis(Dictionary<string, Person> team, DateTimeOffset openedAt, PastIncident past)
    {
        clock.MoveTo(openedAt);
        var playbook = playbooks.GetUsable(past.PlaybookId).Playbook;
        var holders = playbook.Roles.ToDictionary(role => role.Key, role => (team.Values.FirstOrDefault(person => person.Roles.Contains(role.Key)) ?? team["mei"]).Id);
        holders["commander"] = team["mei"].Id;
        var key = OpenAsMei(past.PlaybookId, past.Title, past.Severity, holders);
        var accountOf = team.ToDictionary(pair => pair.Value.Id, pair => pair.Key);
        var checklist = incidents.Get(key).AllSteps.ToList();
        var gap = TimeSpan.FromMinutes(18 * past.Pace);
        clock.Advance(TimeSpan.FromMinutes(14 * past.Pace));
        for (var index = 0; index < checklist.Count; index++)
        {
            var step = checklist[index];
            var who = new Actor(step.AssigneeId is { } person ? accountOf[person] : "mei");
            if (index == checklist.Count * 2 / 3 && !step.RequiredByLaw) steps.Skip(key, step.Id, who, "Not needed this time: the platforms handled it for us");
            else if (index < checklist.Count * 9 / 10) steps.Complete(key, step.Id, who);
            if (index == 2 && past.Statement is { } statement) HoldingStatement(key, statement, past.Pace);
            if (index == checklist.Count / 2) lifecycle.SetStatus(key, IncidentStatus.Contained, new Actor("mei"), "The cause is stopped; what remains is putting things right");
            clock.Advance(gap * (1 + index % 3));
        }
        var leftOpen = new OpenStepsAcknowledgement("The last follow-up steps are owned in the weekly operations meeting");
        lifecycle.SetStatus(key, IncidentStatus.Resolved, new Actor("mei"), comment: null, leftOpen);
        clock.Advance(TimeSpan.FromDays(2));
        lifecycle.SetStatus(key, IncidentStatus.Closed, new Actor("mei"), "Lessons taken into the playbook review", leftOpen);
    }

    /// <summary>Sophie drafts the press statement; Mei approves it after a wait that shrank as legal's review got a fast path.</summary>
    private void HoldingStatement(string key, string situation, double pace)
    {
        var draft = messages.Draft(key, new DraftRequest("holding-statement", "en", [], new Dictionary<string, string>
        {
            ["situation"] = situation, ["actions"] = "We have paused sales of the products concerned and are contacting the customers who bought them.",
            ["next_update"] = "by 18:00 today", ["legal_entity"] = "Aurora Baby Products (Shanghai) Co., Ltd.",
            ["media_contact"] = "Zhou Lin, +86 21 6000 0000, press@aurora.example", ["statement_date"] = clock.GetUtcNow().ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
        }), new Actor("sophie", Roles.Responder, "sophie@demo.example"));
        clock.Advance(TimeSpan.FromMinutes(50 * pace));
        messages.Approve(draft.Id, new Actor("mei", Roles.Commander, "mei@demo.example"));
    }

    /// <summary>An earlier run of the recall drill: the weak one met few expectations in time, the strong one most.</summary>
    private void PastDrill(Dictionary<string, Person> team, DateTimeOffset startedAt, bool strong)
    {
        var (id, key) = StartDrill(team, startedAt);
        (int Minutes, string Step, string Who)[] plays = strong
            ? [(10, "start-monitoring", "sophie"), (8, "confirm-defect", "zhang"), (6, "pause-listings", "chen"), (20, "quarantine-stock", "liu"), (14, "first-sitrep", "mei")]
            : [(25, "start-monitoring", "sophie"), (20, "confirm-defect", "zhang"), (30, "pause-listings", "chen")];
        foreach (var (minutes, step, who) in plays)
        {
            DrillTimePasses(minutes);
            steps.Complete(key, step, new Actor(who));
        }
        DrillTimePasses(90 - plays.Sum(play => play.Minutes));
        exercises.End(id, Coach);
    }

    /// <summary>What customers complain of month by month, in their words, on the channels they use.</summary>
    private static readonly (string Channel, string Category, string Summary)[] EverydayComplaints =
    [
        (CaseChannels.Tmall, CaseCategories.Delivery, "包裹比承诺晚了三天才到。"),
        (CaseChannels.JD, CaseCategories.Refund, "Refund for a returned steriliser has not arrived after a week."),
        (CaseChannels.Taobao, CaseCategories.Quality, "奶嘴用了两周就变形了。"),
        (CaseChannels.Pinduoduo, CaseCategories.Counterfeit, "Customer asks whether a cheaper listing of our bottle is genuine."),
        (CaseChannels.Hotline, CaseCategories.Service, "来电说客服在线等了二十分钟没人回复。"),
        (CaseChannels.Douyin, CaseCategories.Quality, "The bottle's measuring marks rubbed off after a month of washing."),
        (CaseChannels.Red, CaseCategories.Quality, "小红书用户说瓶盖拧不紧，会漏奶。"),
        (CaseChannels.WeChat, CaseCategories.Delivery, "Gift box arrived with a dented corner."),
    ];

    /// <summary>
    /// Every month's complaints, about one a day and more in the fortnight after a crisis, each resolved by customer service
    /// (a few late) and logged once resolved, with the time the customer complained, so the clocks and the baselines are right.
    /// </summary>
    private void PastComplaints(Dictionary<string, Person> team, DateTimeOffset now, IReadOnlyList<PastIncident> past)
    {
        var agents = new[] { team["lin"], team["wang"] };
        var number = 0;
        for (var daysAgo = 450; daysAgo > 10; daysAgo--)
        {
            var crisisNearby = past.Any(incident => incident.DaysAgo >= daysAgo && incident.DaysAgo - daysAgo < 14);
            var today = crisisNearby ? 3 : daysAgo % 3 == 0 ? 0 : 1;
            for (var one = 0; one < today; one++, number++)
            {
                var (channel, category, summary) = EverydayComplaints[number % EverydayComplaints.Length];
                var receivedAt = now.AddDays(-daysAgo).AddHours(3 + 5 * one + number % 4);
                var resolvedAt = receivedAt.AddHours(number % 7 == 0 ? 80 : 6 + number % 20);
                var agent = agents[number % agents.Length];
                clock.MoveTo(resolvedAt.AddMinutes(5));
                cases.Log(new NewCase
                {
                    Channel = channel, Category = category, Summary = summary, OwnerId = agent.Id, ReceivedAt = receivedAt,
                    Status = CaseStatuses.Resolved, ResolvedAt = resolvedAt,
                }, CaseSources.Form, new Actor(agent == team["lin"] ? "lin" : "wang", Roles.Agent));
            }
        }
    }
}
