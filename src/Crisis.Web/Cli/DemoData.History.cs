using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;

namespace Crisis.Web.Cli;

public sealed partial class DemoData
{
    /// <summary>A crisis the team handled in the past: when it opened, and how fast the team worked it (1 = the pace of today).</summary>
    private sealed record PastIncident(int DaysAgo, string PlaybookId, string Title, int Severity, double Pace, string? Statement = null, PastReview? Review = null);

    /// <summary>The review of a past crisis: what it says, and the actions it promised.</summary>
    private sealed record PastReview(string Summary, string Lessons, IReadOnlyList<PastAction> Actions);

    /// <summary>
    /// An action a past review promised: its owner (a team key), due so many days after the review, and how it ended:
    /// done (or, with <see cref="WontDo"/>, dropped) so many days after the review with what was said on closing; still
    /// open when <see cref="Closing"/> is null.
    /// </summary>
    private sealed record PastAction(string Title, string Owner, int DueInDays, string? Closing = null, int ClosedAfterDays = 0, bool WontDo = false, string? Playbook = null);

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
            new(360, "product-recall", "Teat ring comes loose on the travel bottle, batch 2502", 1, 1.9, "Parents report that the teat ring of the travel bottle, batch 2502, can come loose.",
                new("The teat ring of batch 2502 was moulded 0.3 mm too wide; 6,200 bottles were recalled from Tmall, JD and our own shop within four days, with no injury reported.",
                    "Incoming inspection measured the ring but never pulled it: a dimension in tolerance said nothing about how it holds.",
                    [new("Add a pull test of the teat ring to incoming inspection (20 units a batch)", "zhang", 30, "Pull test added to the incoming inspection sheet; the first three batches passed", 24,
                        Playbook: "product-recall"),
                     new("Agree a recall cost-sharing clause with the mould supplier", "li", 60, "Clause signed into the 2026 supply agreement: the supplier bears tooling faults", 52)])),
            new(330, "supply-disruption", "Typhoon closes Ningbo port for four days before 618", 2, 1.8),
            new(295, "counterfeit-goods", "Fake sterilisers sold on Pinduoduo under our brand", 3, 1.6),
            new(250, "data-breach", "Membership export left on a public cloud link", 1, 1.5, "A file of member names and phone numbers was reachable through a shared cloud link for nine days.",
                new("An export of 41,000 member names and phone numbers sat behind a public cloud link for nine days. We reported it to the regulator and told the members concerned.",
                    "Exports of personal data need an owner and an end date; a link that never expires is a leak waiting for its day.",
                    [new("Make shared cloud links expire after seven days by default", "chen", 21, "Default expiry set to seven days in the admin console; older links revoked", 12),
                     new("Mask phone numbers in every marketing export", "chen", 45, "Exports now carry the last four digits only; the CRM vendor changed the template", 40,
                        Playbook: "data-breach")])),
            new(215, "platform-penalty", "Tmall penalty points for late shipment during 618", 2, 1.4),
            new(185, "price-error", "Coupon stacking sold the gift set at a tenth of its price", 3, 1.3, null,
                new("A platform coupon and a shop coupon stacked on the gift set for 47 minutes; 1,380 orders were placed at a tenth of the price. We honoured them.",
                    "A second pair of eyes on every coupon that can stack would have caught it.",
                    [new("Two-person check for any coupon that can stack with a platform coupon", "chen", 14, "Checklist in the promotion tool; no coupon goes live with one signature", 9),
                     new("Alert when a product's paid price falls below 40% of list", "chen", 30, "Covered by Tmall's own price-protection alert since August; not worth a second one", 28, WontDo: true)])),
            new(150, "complaint-surge", "Wrong size labels on the 6-month bodysuits", 2, 1.2),
            new(120, "kol-livestream-incident", "Livestream host calls the bottle 'medical grade'", 2, 1.1, "A livestream host described our bottle as “medical grade”, which it is not.",
                new("A host called our bottle “medical grade” to 380,000 viewers; the clip was cut within the hour and a correction read in the next session.",
                    "Hosts improvise; the approved claims must be in their hands before they go live, not in our contract.",
                    [new("Send every host an approved-claims sheet before each session", "sophie", 14, "Claims sheet sent with each booking; hosts sign that they have read it", 10,
                        Playbook: "kol-livestream-incident")])),
            new(85, "negative-publicity", "Parenting blogger's video blames our bottle for colic", 2, 1.0, "A parenting blogger's video says our anti-colic bottle causes colic."),
            new(60, "sales-day-outage", "Own-shop checkout fails for 40 minutes on 9.9 sales day", 2, 0.9),
            new(45, "product-recall", "Bottle warmer cable insulation cracks, batch 2607", 2, 0.85, "The cable insulation of bottle warmers from batch 2607 can crack.",
                new("The cable insulation of batch 2607 cracked in cold storage; 2,900 warmers were recalled and the supplier replaced the cable compound.",
                    "We test electrical parts at room temperature only; our warehouses in the north are not.",
                    [new("Re-test cable insulation at -10 °C with the supplier before the next order", "zhang", 30),
                     new("Add cold-chain storage limits to the warehouse handbook", "liu", 60)])),
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
        if (past.Review is { } review) PastReviewAndFollowUps(team, key, review);
    }

    /// <summary>
    /// The review Mei wrote and published after the crisis, its actions owned by the team; each closed on the follow-ups
    /// by its owner when it was done (or dropped, with the reason), the rest still open, the oldest of them now overdue.
    /// </summary>
    private void PastReviewAndFollowUps(Dictionary<string, Person> team, string key, PastReview past)
    {
        var mei = new Actor("mei");
        var review = reviews.Open(key, mei);
        review = reviews.Edit(key, new ReviewContent { Summary = past.Summary, Lessons = past.Lessons }, review.Version, mei);
        var reviewed = clock.GetUtcNow();
        foreach (var action in past.Actions)
        {
            review = reviews.AddAction(key, new ActionItem
            {
                Title = action.Title, OwnerPersonId = team[action.Owner].Id, DueDate = DateOnly.FromDateTime(reviewed.AddDays(action.DueInDays).UtcDateTime),
                PlaybookChange = action.Playbook,
            }, review.Version, mei);
        }
        review = reviews.SubmitForReview(key, review.Version, mei);
        reviews.Publish(key, review.Version, mei);
        foreach (var (action, item) in past.Actions.Zip(review.Actions).Where(pair => pair.First.Closing is not null).OrderBy(pair => pair.First.ClosedAfterDays))
        {
            clock.MoveTo(reviewed.AddDays(action.ClosedAfterDays));
            followUps.Close(item.Id, new WhatWasDone(action.WontDo ? ActionStatus.WontDo : ActionStatus.Done, action.Closing), new Actor(action.Owner));
        }
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
