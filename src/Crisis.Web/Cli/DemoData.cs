using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;

namespace Crisis.Web.Cli;

/// <summary>
/// A living system for a newcomer: a team, a recall in progress and a closed customs hold, made through the same use
/// cases as real work. A clock that starts in the past gives the timelines believable times.
/// </summary>
public sealed class DemoData(Database database, PlaybookLibrary playbooks, Accounts accounts, PeopleDirectory people, TimeProvider realTime)
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

        var now = realTime.GetUtcNow();
        return [ClosedCustomsHold(team, now.AddDays(-12)), RecallInProgress(team, now.AddHours(-5))];
    }

    private string ClosedCustomsHold(Dictionary<string, Person> team, DateTimeOffset openedAt)
    {
        var clock = new SteppingClock(openedAt);
        var (steps, lifecycle) = UseCases(clock);
        var key = OpenAsMei(clock, "supply-disruption", "Customs hold on 11.11 stock at Ningbo bonded warehouse", 2, new()
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
            if (step == "fix-customs") lifecycle.SetStatus(key, IncidentStatus.Contained, new Actor("mei"), "Customs released the stock after relabelling");
            if (step == "restore-listings") lifecycle.SetStatus(key, IncidentStatus.Resolved, new Actor("mei"));
        }
        steps.Skip(key, "claim-losses", new Actor("liu"), "No transit loss: the goods were held, not damaged");
        clock.Advance(TimeSpan.FromHours(2));
        lifecycle.SetStatus(key, IncidentStatus.Closed, new Actor("mei"), "Review held; peak-season plan updated with a second forwarder");
        return key;
    }

    private string RecallInProgress(Dictionary<string, Person> team, DateTimeOffset openedAt)
    {
        var clock = new SteppingClock(openedAt);
        var (steps, lifecycle) = UseCases(clock);
        var key = OpenAsMei(clock, "product-recall", "Cracked baby bottles when sterilised, batch 2611 (Tmall, JD)", 1, new()
        {
            ["commander"] = team["mei"].Id, ["quality"] = team["zhang"].Id, ["comms"] = team["sophie"].Id,
            ["legal"] = team["li"].Id, ["cs"] = team["wang"].Id, ["ecommerce"] = team["chen"].Id,
        });
        clock.Advance(TimeSpan.FromMinutes(20));
        steps.Note(key, "confirm-defect", new Actor("zhang"), "Three RED posts with photos; two returns from Tmall show the same crack along the base.");
        foreach (var (who, step, minutes) in new[]
        {
            ("chen", "pause-tmall-taobao", 15), ("chen", "pause-jd", 10), ("chen", "pause-pinduoduo", 10), ("chen", "pause-listings", 5),
            ("zhang", "confirm-defect", 50), ("sophie", "start-monitoring", 10), ("chen", "hold-unshipped", 40), ("zhang", "preserve-evidence", 30),
            ("mei", "classify-hazard", 20), ("mei", "first-sitrep", 15), ("sophie", "holding-statement", 35),
        })
        {
            clock.Advance(TimeSpan.FromMinutes(minutes));
            steps.Complete(key, step, new Actor(who));
        }
        steps.Block(key, "stop-sale", new Actor("mei"), "Factory in Dongguan unreachable until 08:00 local time; importer told in writing");
        steps.Start(key, "count-units", new Actor("zhang"));
        clock.Advance(TimeSpan.FromMinutes(25));
        lifecycle.AssignRole(key, "supply", team["liu"].Id, new Actor("mei"));
        return key;
    }

    private string OpenAsMei(TimeProvider clock, string playbookId, string title, int severity, Dictionary<string, long> roles) =>
        new OpenIncident(database, playbooks, clock).Execute(new OpenIncidentRequest(playbookId, title, severity, roles), new Actor("mei"));

    private (StepActions Steps, IncidentLifecycle Lifecycle) UseCases(TimeProvider clock)
    {
        var changes = new IncidentChanges();
        return (new StepActions(database, clock, changes), new IncidentLifecycle(database, clock, changes));
    }

    /// <summary>A clock the seeding moves forward by hand, so each demo event gets its own plausible time.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
