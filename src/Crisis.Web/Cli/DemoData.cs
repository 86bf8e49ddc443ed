using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;

namespace Crisis.Web.Cli;

/// <summary>
/// A living system for a newcomer: a team, a recall in progress and a closed customs hold, made through the same use
/// cases as real work, taken from a container whose clock is the <see cref="SteppingClock"/>: moved into the past and
/// stepped forward by hand, it gives the timelines believable times.
/// </summary>
public sealed class DemoData(Accounts accounts, PeopleDirectory people, OpenIncident open, StepActions steps, IncidentLifecycle lifecycle,
    ImpactLog impact, PostIncidentReviews reviews, ExerciseRuns exercises, ScheduledInjects injects, DemoData.SteppingClock clock)
{
    public const string DefaultPassword = "crisis-demo-2026";

    public IReadOnlyList<string> Seed(string password)
    {
        if (accounts.FindUser("mei") is not null) throw new ConflictException("the demo data is already there (user 'mei' exists)");
        var team = new Dictionary<string, Person>
        {
            ["mei"] = people.Add(new NewPerson("Mei Chen", "mei@demo.example", "+86 138 0000 0001", ["commander", "comms"])),
            ["zhang"] = people.Add(new NewPerson("Zhang Min", "zhang@demo.example", "+86 138 0000 0002", ["quality"])),
            ["sophie"] = people.Add(new NewPerson("Sophie Martin", "sophie@demo.example", "+33 6 00 00 00 03", ["comms", "spokesperson"])),
            ["li"] = people.Add(new NewPerson("Li Wei", "li@demo.example", "+86 138 0000 0004", ["legal"])),
            ["wang"] = people.Add(new NewPerson("Wang Fang", "wang@demo.example", "+86 138 0000 0005", ["cs"])),
            ["chen"] = people.Add(new NewPerson("Chen Jie", "chen@demo.example", "+86 138 0000 0006", ["ecommerce"])),
            ["liu"] = people.Add(new NewPerson("Liu Yang", "liu@demo.example", "+86 138 0000 0007", ["supply", "finance"])),
        };
        accounts.AddUser("mei", Roles.Commander, password, "mei@demo.example");
        accounts.AddUser("zhang", Roles.Responder, password, "zhang@demo.example");
        accounts.AddUser("sophie", Roles.Responder, password, "sophie@demo.example");
        accounts.AddUser("board", Roles.Viewer, password, "board@demo.example");
        accounts.AddUser("coach", Roles.Trainer, password, "coach@demo.example");

        var now = clock.GetUtcNow();
        return [ClosedCustomsHold(team, now.AddDays(-12)), FinishedExercise(team, now.AddDays(-3)), RecallInProgress(team, now.AddHours(-5))];
    }

    private string ClosedCustomsHold(Dictionary<string, Person> team, DateTimeOffset openedAt)
    {
        clock.MoveTo(openedAt);
        var key = OpenAsMei("supply-disruption", "Customs hold on 11.11 stock at Ningbo bonded warehouse", 2, new()
        {
            ["commander"] = team["mei"].Id, ["supply"] = team["liu"].Id, ["ecommerce"] = team["chen"].Id,
            ["cs"] = team["wang"].Id, ["legal"] = team["li"].Id, ["finance"] = team["liu"].Id, ["comms"] = team["sophie"].Id,
        });
        var completed = new[]
        {
            ("liu", "locate-stock", 1.5), ("chen", "count-orders-at-risk", 1), ("liu", "get-eta", 2), ("liu", "stock-cover", 1),
            ("li", "customs-reason", 3), ("mei", "confirm-severity", 1), ("mei", "first-sitrep", 1), ("chen", "limit-sales", 1),
            ("chen", "switch-to-presale", 2), ("liu", "allocate-stock", 4), ("liu", "split-shipments", 3), ("wang", "cs-script", 2),
            ("wang", "notify-buyers", 4), ("chen", "platform-relief", 10), ("chen", "update-promises", 2), ("wang", "watch-complaints", 12),
            ("liu", "supplier-notice", 6), ("liu", "approve-costs", 4), ("li", "fix-customs", 30), ("liu", "track-inbound", 24),
            ("liu", "source-substitute", 6), ("chen", "restore-listings", 40), ("liu", "reconcile-costs", 60), ("mei", "post-incident-review", 48),
        };
        foreach (var (who, step, hoursLater) in completed)
        {
            clock.Advance(TimeSpan.FromHours(hoursLater));
            steps.Complete(key, step, new Actor(who));
            if (step == "count-orders-at-risk")
                impact.Record(key, new ImpactFigures { OrdersAffected = 8_420, CustomersAffected = 7_960, Skus = "NB-11 gift box, NB-12 travel set", Batches = "Container MSKU 771204" }, new Actor("chen"));
            if (step == "watch-complaints")
                impact.Record(key, new ImpactFigures { ComplaintsPlatform = 214, Complaints12315 = 9, ComplaintsSocial = 57, RefundsIssued = 1_130, RefundAmount = 201_340m }, new Actor("wang"));
            if (step == "fix-customs") lifecycle.SetStatus(key, IncidentStatus.Contained, new Actor("mei"), "Customs released the stock after relabelling");
            if (step == "restore-listings")
                lifecycle.SetStatus(key, IncidentStatus.Resolved, new Actor("mei"), comment: null,
                    new OpenStepsAcknowledgement("Costs, the insurance claim and the review follow after the peak; finance and I own them"));
        }
        steps.Skip(key, "claim-losses", new Actor("liu"), "No transit loss: the goods were held, not damaged");
        WriteReview(key);
        clock.Advance(TimeSpan.FromHours(2));
        lifecycle.SetStatus(key, IncidentStatus.Closed, new Actor("mei"), "Review held; peak-season plan updated with a second forwarder");
        return key;
    }

    private string RecallInProgress(Dictionary<string, Person> team, DateTimeOffset openedAt)
    {
        clock.MoveTo(openedAt);
        var key = OpenAsMei("product-recall", "Cracked baby bottles when sterilised, batch 2611 (Tmall, JD)", 1, new()
        {
            ["commander"] = team["mei"].Id, ["quality"] = team["zhang"].Id, ["comms"] = team["sophie"].Id,
            ["legal"] = team["li"].Id, ["cs"] = team["wang"].Id, ["ecommerce"] = team["chen"].Id,
        });
        clock.Advance(TimeSpan.FromMinutes(20));
        steps.Note(key, "confirm-defect", new Actor("zhang"), "Three RED posts with photos; two returns from Tmall show the same crack along the base.");
        foreach (var (who, step, minutes) in new[]
        {
            ("chen", "pause-tmall-taobao", 15), ("chen", "pause-jd", 10), ("chen", "pause-pinduoduo", 10), ("chen", "pause-listings", 5),
            ("zhang", "confirm-defect", 50), ("mei", "route-to-own-playbook", 5), ("sophie", "start-monitoring", 10), ("chen", "hold-unshipped", 40), ("zhang", "preserve-evidence", 30),
            ("mei", "classify-hazard", 20), ("mei", "first-sitrep", 15), ("sophie", "holding-statement", 35),
        })
        {
            clock.Advance(TimeSpan.FromMinutes(minutes));
            steps.Complete(key, step, new Actor(who));
            if (step == "route-to-own-playbook")
                steps.Note(key, step, new Actor("mei"), "Bottles stay under SAMR Order 19: the county market regulator confirmed it in writing in 2025 (letter on file).");
            if (step == "confirm-defect")
                impact.Record(key, new ImpactFigures { OrdersAffected = 1_204, ComplaintsPlatform = 11, ComplaintsSocial = 3, Batches = "2611" }, new Actor("zhang"));
        }
        impact.Record(key, new ImpactFigures { OrdersAffected = 3_180, CustomersAffected = 2_950, ComplaintsPlatform = 38, Complaints12315 = 2, ComplaintsSocial = 16, Note = "JD and Pinduoduo order exports added" }, new Actor("chen"));
        steps.Block(key, "stop-sale", new Actor("mei"), "Factory in Dongguan unreachable until 08:00 local time; importer told in writing");
        steps.Start(key, "count-units", new Actor("zhang"));
        clock.Advance(TimeSpan.FromMinutes(25));
        lifecycle.AssignRole(key, "supply", team["liu"].Id, new Actor("mei"));
        return key;
    }

    /// <summary>A recall drill the trainer ran and ended: some expectations met, one late, some missed, with notes and a hot wash.</summary>
    private string FinishedExercise(Dictionary<string, Person> team, DateTimeOffset startedAt)
    {
        clock.MoveTo(startedAt);
        var coach = new Actor("coach", Roles.Trainer, "coach@demo.example");
        var (id, key) = exercises.Start(new StartExercise("recall-before-singles-day", new Dictionary<string, long>
        {
            ["commander"] = team["mei"].Id, ["quality"] = team["zhang"].Id, ["comms"] = team["sophie"].Id, ["ecommerce"] = team["chen"].Id,
            ["legal"] = team["li"].Id, ["cs"] = team["wang"].Id, ["supply"] = team["liu"].Id,
        }, ClockModes.Real), coach);
        void After(int minutes)
        {
            clock.Advance(TimeSpan.FromMinutes(minutes));
            injects.ReleaseDue();
        }
        After(12);
        steps.Complete(key, "start-monitoring", new Actor("sophie"));
        After(6);
        steps.Complete(key, "confirm-defect", new Actor("zhang"));
        After(16);
        steps.Complete(key, "pause-listings", new Actor("chen"));
        After(6);
        exercises.Observe(id, "Comms drafted the holding statement before legal had the facts; legal sent it back twice.", coach);
        After(12);
        steps.Complete(key, "quarantine-stock", new Actor("liu"));
        After(18);
        steps.Complete(key, "first-sitrep", new Actor("mei"));
        exercises.Observe(id, "The sitrep was clear, but nobody owned the regulator question until the trainer asked.", coach);
        After(20);
        exercises.End(id, coach);
        exercises.GiveFeedback(id, new Actor("zhang", Roles.Responder, "zhang@demo.example"), "Confirming the defect with photos and batch numbers went fast.", "We did not know who talks to SAMR.", 4);
        exercises.GiveFeedback(id, new Actor("chen", Roles.Responder, "chen@demo.example"), "Pausing all four platforms from one list worked.", "The pause came after the 20-minute target; JD's tool was slow.", 3);
        exercises.GiveFeedback(id, new Actor("sophie", Roles.Responder, "sophie@demo.example"), "The holding statement template saved time.", "Legal review of statements needs a faster path.", 4);
        return key;
    }

    private string OpenAsMei(string playbookId, string title, int severity, Dictionary<string, long> roles) =>
        open.Execute(new OpenIncidentRequest(playbookId, title, severity, roles), new Actor("mei"));

    private void WriteReview(string key)
    {
        var review = reviews.Open(key, new Actor("mei"));
        clock.Advance(TimeSpan.FromHours(3));
        review = reviews.Edit(key, new ReviewContent
        {
            Summary = "Customs held 11.11 stock for 31 hours over a labelling mismatch. We limited sales, moved 8,420 orders to pre-sale and shipped from two other warehouses; no order was cancelled by us, and complaints peaked on day two.",
            CustomerImpact = "Buyers of the gift box and travel set waited **up to four days** longer than promised. Most accepted a coupon; 1,130 asked for a refund.",
            RevenueImpact = "About CNY 0.9 million of 11.11 sales moved into December; CNY 201,340 refunded.",
            RegulatorsNotified = "None required: no product safety issue. Ningbo customs handled the relabelling.",
            RootCause = "The Chinese back label printed at the factory did not match the importer's filing after a formula change.",
            FiveWhys = ["The goods were held", "The label did not match the filing", "The formula changed after the filing", "Label changes are not checked against filings", "Nobody owns that check before peak season"],
            WentWell = "- Listings switched to pre-sale within two hours\n- Customer service had a script before the first complaint",
            WentPoorly = "- The first ETA we gave buyers was wrong by two days\n- Costs were approved a day late",
            Lucky = "A second forwarder had space on the next vessel.",
            Lessons = "Check labels against filings whenever a formula changes, and book a second forwarder before peak season.",
        }, review.Version, new Actor("mei"));
        review = reviews.AddAction(key, new ActionItem { Title = "Add a label-versus-filing check to the product change process", Owner = "Li Wei", DueDate = DateOnly.FromDateTime(clock.GetUtcNow().AddDays(30).UtcDateTime), PlaybookChange = "supply-disruption" }, review.Version, new Actor("mei"));
        review = reviews.AddAction(key, new ActionItem { Title = "Contract a second forwarder for peak season", Owner = "Liu Yang", DueDate = DateOnly.FromDateTime(clock.GetUtcNow().AddDays(45).UtcDateTime), Status = ActionStatus.InProgress }, review.Version, new Actor("liu"));
        review = reviews.SubmitForReview(key, review.Version, new Actor("mei"));
        clock.Advance(TimeSpan.FromHours(20));
        reviews.Publish(key, review.Version, new Actor("mei"));
    }

    /// <summary>The seeding's clock: it starts at the real time, and each story moves it to its start and forward by hand.</summary>
    public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void MoveTo(DateTimeOffset at) => _now = at;

        public void Advance(TimeSpan by) => _now += by;
    }
}
