using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;
using Crisis.Core.Risks;

namespace Crisis.Core.Tests.Risks;

/// <summary>Readiness computed from real incidents, exercises and review follow-ups over a fake clock: each gap, and what is not one.</summary>
public sealed class RiskReadinessTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private readonly TestDatabase _test = new();
    private readonly RiskRegister _register;

    public RiskReadinessTests()
    {
        _test.AddPlaybook("shelf-recall.md", """
            ---
            id: shelf-recall
            title: Shelf recall
            category: recall
            version: 1
            roles:
              commander: Incident commander
            ---
            ## Act
            - Pull the stock @commander due:+1h id:pull
            """);
        _test.AddPlaybook("press-line.md", """
            ---
            id: press-line
            title: Press line
            category: reputation
            version: 1
            roles:
              commander: Incident commander
            ---
            ## Act
            - Hold the line @commander due:+1h id:hold
            """);
        _register = _test.Get<RiskRegister>();
    }

    public void Dispose() => _test.Dispose();

    private long Risk(int likelihood, int impact, IReadOnlyList<string>? playbooks = null, string? reviewDate = null) =>
        _register.Create(new RiskFields
        {
            Title = "Cracked bottles", Category = "recall", Likelihood = likelihood, Impact = impact, Playbooks = playbooks ?? [], ReviewDate = reviewDate,
        }, Commander);

    private string Open(bool exercise, string playbook = "shelf-recall") =>
        _test.Get<OpenIncident>().Execute(new OpenIncidentRequest(playbook, exercise ? "Drill" : "Batch 2611 cracks", 2, IsExercise: exercise), Commander);

    private RiskReadiness Readiness(long id) => _register.Get(id).Readiness;

    [Fact]
    public void A_high_risk_without_a_playbook_is_not_ready_and_a_low_one_without_is_ready()
    {
        var high = Readiness(Risk(likelihood: 1, impact: 5));
        Assert.Equal(ReadinessLevels.NotReady, high.Level);
        Assert.Equal([new RiskGap(RiskGapKinds.NoPlaybook)], high.Gaps);
        Assert.Equal(ReadinessLevels.NotReady, Readiness(Risk(likelihood: 3, impact: 5)).Level);
        Assert.Equal(ReadinessLevels.NotReady, Readiness(Risk(likelihood: 5, impact: 3)).Level);

        var low = Readiness(Risk(likelihood: 2, impact: 4));
        Assert.Equal(ReadinessLevels.Ready, low.Level);
        Assert.Empty(low.Gaps);
    }

    [Fact]
    public void A_playbook_exercised_thirteen_months_ago_is_a_gap_and_eleven_months_ago_is_not()
    {
        var id = Risk(likelihood: 2, impact: 3, playbooks: ["shelf-recall"]);
        Assert.Equal([new RiskGap(RiskGapKinds.NotExercised, "shelf-recall")], Readiness(id).Gaps);

        var drill = Open(exercise: true);
        _test.Time.Advance(TimeSpan.FromDays(30 * 11));
        var readiness = Readiness(id);
        Assert.Empty(readiness.Gaps);
        Assert.Equal(ReadinessLevels.Ready, readiness.Level);
        Assert.Equal(drill, readiness.LastExercise!.IncidentKey);
        Assert.Null(readiness.LastExercise.Scored);

        _test.Time.Advance(TimeSpan.FromDays(30 * 2));
        readiness = Readiness(id);
        Assert.Equal([new RiskGap(RiskGapKinds.NotExercised, "shelf-recall")], readiness.Gaps);
        Assert.Equal(ReadinessLevels.Gaps, readiness.Level);
        Assert.Equal("“Shelf recall” has not been exercised in the last twelve months.",
            RiskWords.Gap(readiness.Gaps[0], _test.Get<PlaybookLibrary>(), SharedTexts.English));
    }

    [Fact]
    public void The_last_exercise_is_the_newest_run_of_a_linked_scenario_scored_on_its_decided_expectations()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_test.PlaybookFolder, "exercises")).FullName, "shelf-drill.md"), """
            ---
            id: shelf-drill
            title: Shelf drill
            playbook: shelf-recall
            severity: SEV2
            duration: 60m
            ---
            Briefing: cracked bottles on the shelf.

            ## T+0m First report @commander
            A store sends photos.
            expect: pull within 10m

            ## T+30m Second store @commander
            Another store calls.
            expect: pull within 45m
            """);
        var id = Risk(likelihood: 2, impact: 3);
        _register.Change(id, new RiskFields { Scenarios = ["shelf-drill"] }, Commander);
        var mei = _test.Get<PeopleDirectory>().Add(new NewPerson("Mei Chen", "mei@example.com")).Id;
        var trainer = new Actor("coach", "trainer", "coach@example.com");
        var (exercise, key) = _test.Get<ExerciseRuns>().Start(new StartExercise("shelf-drill", new Dictionary<string, long> { ["commander"] = mei }, ClockModes.Real), trainer);
        _test.Time.Advance(TimeSpan.FromMinutes(5));
        _test.Get<StepActions>().Complete(key, "pull", Commander);

        // The second inject is not released yet: pending, so not counted.
        var last = Readiness(id).LastExercise!;
        Assert.Equal((key, exercise, 1, 1), (last.IncidentKey, last.ExerciseId, last.Met, last.Scored));
        Assert.DoesNotContain(Readiness(id).Gaps, gap => gap.Kind == RiskGapKinds.WeakExercise);
        // A run that met fewer than half its expectations is a gap, said with its share.
        Assert.Equal("The last exercise met only 33% of what was expected: rehearse again once its lessons are in the playbook.",
            RiskWords.Gap(new RiskGap(RiskGapKinds.WeakExercise, Count: 33), _test.Get<PlaybookLibrary>(), SharedTexts.English));
    }

    [Fact]
    public void The_last_real_incident_is_one_opened_from_a_linked_playbook_or_of_the_risks_category_and_never_an_exercise()
    {
        var id = Risk(likelihood: 2, impact: 3);
        Open(exercise: true);
        Assert.Null(Readiness(id).LastIncident);

        _test.Time.Advance(TimeSpan.FromHours(1));
        var real = Open(exercise: false);
        var readiness = Readiness(id);
        Assert.Equal(real, readiness.LastIncident!.Key);
        Assert.Equal(_test.Time.GetUtcNow(), readiness.LastIncident.OpenedAt);
    }

    [Fact]
    public void Follow_ups_against_a_linked_playbook_count_while_open_and_those_past_their_due_day_in_the_organisations_zone_are_a_gap()
    {
        _test.Get<OrganisationSettings>().Save(new OrganisationValues { TimeZone = "Asia/Shanghai" }, Commander);
        var id = Risk(likelihood: 2, impact: 3, playbooks: ["shelf-recall"]);
        Open(exercise: true);
        var key = Open(exercise: false);
        _test.Get<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));
        var reviews = _test.Get<PostIncidentReviews>();
        var review = reviews.Open(key, Commander);
        // 09:00 UTC on 2 November is 17:00 in Shanghai: the 2nd is today there, the 1st is past.
        var quality = _test.Get<PeopleDirectory>().Add(new NewPerson("Zhang Min")).Id;
        ActionItem Item(string title, DateOnly due, string playbook) => new() { Title = title, OwnerPersonId = quality, DueDate = due, PlaybookChange = playbook };
        review = reviews.AddAction(key, Item("Add a drop test", new DateOnly(2026, 11, 1), "shelf-recall"), review.Version, Commander);
        review = reviews.AddAction(key, Item("Name a backup lab", new DateOnly(2026, 11, 2), "shelf-recall"), review.Version, Commander);
        review = reviews.AddAction(key, Item("Reprint the labels", new DateOnly(2026, 10, 1), "shelf-recall"), review.Version, Commander);
        review = reviews.AddAction(key, Item("Another playbook's", new DateOnly(2026, 10, 1), "data-breach"), review.Version, Commander);
        var followUps = _test.Get<Crisis.Core.FollowUps.FollowUpBook>();
        followUps.Close(review.Actions.Single(action => action.Title == "Reprint the labels").Id, new Crisis.Core.FollowUps.WhatWasDone(ActionStatus.Done, Note: "Reprinted"), Commander);
        var otherPlaybooks = review.Actions.Single(action => action.Title == "Another playbook's").Id;

        var readiness = Readiness(id);
        Assert.Equal(["Add a drop test", "Name a backup lab"], readiness.FollowUps.Select(followUp => followUp.Title));
        Assert.Equal([true, false], readiness.FollowUps.Select(followUp => followUp.Overdue));
        Assert.Equal([new RiskGap(RiskGapKinds.OverdueFollowUps, Count: 1)], readiness.Gaps);

        _test.Time.Advance(TimeSpan.FromHours(7)); // 00:00 on the 3rd in Shanghai
        Assert.Equal([new RiskGap(RiskGapKinds.OverdueFollowUps, Count: 2)], Readiness(id).Gaps);

        // A follow-up that names the risk counts against it, whichever playbook it changes; a risk that does not exist is refused.
        Assert.Equal("riskId", Assert.Throws<RuleViolationException>(() => followUps.Change(otherPlaybooks, new Crisis.Core.FollowUps.FollowUpChange { RiskId = id + 1 }, Commander)).Field);
        followUps.Change(otherPlaybooks, new Crisis.Core.FollowUps.FollowUpChange { RiskId = id }, Commander);
        Assert.Equal([new RiskGap(RiskGapKinds.OverdueFollowUps, Count: 3)], Readiness(id).Gaps);
    }

    [Fact]
    public void A_passed_review_date_and_a_linked_playbook_that_no_longer_exists_are_gaps()
    {
        var id = Risk(likelihood: 1, impact: 2, playbooks: ["shelf-recall"], reviewDate: "2026-11-02");
        Open(exercise: true);
        Assert.Empty(Readiness(id).Gaps);

        _test.Time.Advance(TimeSpan.FromDays(1));
        File.Delete(Path.Combine(_test.PlaybookFolder, "shelf-recall.md"));
        var readiness = Readiness(id);
        Assert.Equal([new RiskGap(RiskGapKinds.MissingPlaybook, "shelf-recall"), new RiskGap(RiskGapKinds.ReviewPassed)], readiness.Gaps);
        Assert.False(readiness.HasPlaybook);
        Assert.Equal(ReadinessLevels.Gaps, readiness.Level);
    }

    [Fact]
    public void Bad_fields_are_refused_each_by_name_and_a_change_is_in_the_history_with_what_it_was()
    {
        var refused = Assert.Throws<RuleViolationException>(() => _register.Create(new RiskFields { Title = " ", Category = "weather", Likelihood = 0, Impact = 6 }, Commander));
        Assert.Equal(["title", "category", "likelihood", "impact"], new[] { refused }.Concat(refused.AlsoWrong).Select(problem => problem.Field));
        Assert.Equal("playbooks", Assert.Throws<RuleViolationException>(() => _register.Create(
            new RiskFields { Title = "X", Category = "recall", Likelihood = 1, Impact = 1, Playbooks = ["no-such"] }, Commander)).Field);

        var id = Risk(likelihood: 2, impact: 3);
        var changed = _register.Change(id, new RiskFields { Likelihood = 4, ExpectedVersion = 1 }, Commander);
        Assert.Equal((4, 3, 2L), (changed.Likelihood, changed.Impact, changed.Version));
        Assert.Throws<ConflictException>(() => _register.Change(id, new RiskFields { Impact = 1, ExpectedVersion = 1 }, Commander));

        var history = _register.History(id);
        Assert.Equal([RiskEventKinds.Created, RiskEventKinds.Changed], history.Select(entry => entry.Kind));
        Assert.Equal("Mei changed the likelihood from Unlikely to Likely.", RiskWords.Event(history[1], "Mei", SharedTexts.English));
        Assert.Equal("Mei 修改了可能性（由“不太可能”改为“很可能”）。", RiskWords.Event(history[1], "Mei", SharedTexts.Chinese));

        // A form's text area sends its lines back ending in CR LF: the same controls are no change.
        _register.Change(id, new RiskFields { Controls = "- Drop test\n- Batch trace" }, Commander);
        Assert.Equal(3, _register.Change(id, new RiskFields { Controls = "- Drop test\r\n- Batch trace" }, Commander).Version);

        // A form lists the linked playbooks in its own order: the same set is no change.
        Assert.Equal(4, _register.Change(id, new RiskFields { Playbooks = ["shelf-recall", "press-line"] }, Commander).Version);
        Assert.Equal(4, _register.Change(id, new RiskFields { Playbooks = ["press-line", "shelf-recall"] }, Commander).Version);
    }
}
