using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Pdf.Tests;
using Dapper;

namespace Crisis.Core.Tests.Exercises;

public class ExerciseTests : IDisposable
{
    private static readonly Actor Trainer = new("coach", "trainer", "coach@example.com");
    private static readonly Actor Player = new("zhang");
    private readonly TestDatabase _test = new();
    private readonly ExerciseRuns _exercises;
    private readonly ScheduledInjects _injects;
    private readonly StepActions _steps;
    private readonly Dictionary<string, long> _participants;

    public ExerciseTests()
    {
        _test.AddPlaybook("drill.md", """
            ---
            id: drill
            title: Drill
            version: 1
            roles:
              commander: Incident commander
              ops: Operations
              comms: Communications
            ---
            ## Act
            - Stop sales @ops due:+1h id:stop
            - Tell the team @comms due:+1h tpl:holding-statement id:tell
            - Count stock @ops due:+2h id:count
            """);
        var scenarioFolder = Directory.CreateDirectory(Path.Combine(_test.PlaybookFolder, "exercises")).FullName; // where the container's ScenarioLibrary reads
        File.WriteAllText(Path.Combine(scenarioFolder, "drill-run.md"), """
            ---
            id: drill-run
            title: Drill run
            playbook: drill
            severity: SEV1
            duration: 60m
            ---
            Briefing: a drill.

            ## T+0m First report @ops
            Complaints arrive.
            expect: stop within 10m
            trainer: Watch the ops lead.

            ## T+20m Press call @comms
            A journalist calls.
            email: Press enquiry
            expect: tpl:holding-statement within 15m

            ## T+30m Platform escalates @ops
            if: missed stop
            The platform threatens to delist.

            ## T+40m Thank-you note @ops
            if: met stop
            The platform thanks you.
            expect: count within 10m

            ## On demand: Rumour @comms
            A rumour spreads.
            """);
        _exercises = _test.Get<ExerciseRuns>();
        _injects = _test.Get<ScheduledInjects>();
        _steps = _test.Get<StepActions>();
        var people = _test.Get<PeopleDirectory>();
        _participants = new()
        {
            ["commander"] = people.Add(new NewPerson("Mei Chen", "mei@example.com")).Id,
            ["ops"] = people.Add(new NewPerson("Zhang Min", "zhang@example.com")).Id,
            ["comms"] = people.Add(new NewPerson("Sophie Martin", "sophie@example.com")).Id,
        };
    }

    public void Dispose() => _test.Dispose();

    private (long Id, string Key) Start(string clock, double rate = 1) => _exercises.Start(new StartExercise("drill-run", _participants, clock, rate), Trainer);

    private void After(TimeSpan span)
    {
        _test.Time.Advance(span);
        _injects.ReleaseDue();
    }

    private static IReadOnlyList<string> Released(ExerciseView view) => view.Injects.Where(state => state.IsReleased).Select(state => state.Inject.Id).ToList();

    [Fact]
    public void A_real_time_exercise_opens_an_exercise_incident_and_releases_injects_on_time()
    {
        var (id, key) = Start(ClockModes.Real);
        var view = _exercises.Get(id);
        Assert.Equal(["first-report"], Released(view));
        using (var connection = _test.Database.Open())
            Assert.True(connection.ExecuteScalar<bool>("SELECT is_exercise FROM incidents WHERE key = @key", new { key }));
        After(TimeSpan.FromMinutes(19));
        Assert.Equal(["first-report"], Released(_exercises.Get(id)));
        After(TimeSpan.FromMinutes(1));
        Assert.Equal(["first-report", "press-call"], Released(_exercises.Get(id)));
        Assert.Contains(_test.Get<Timeline>().Read(key), e => e.Kind == EventKinds.ExerciseInjectReleased && e.Data.GetProperty("inject").GetString() == "press-call");
        Assert.DoesNotContain(_test.Get<Timeline>().Read(key), e => e.Data.ToString().Contains("Watch the ops lead"));
    }

    [Fact]
    public void An_accelerated_clock_runs_the_scenario_faster_and_measures_in_exercise_time()
    {
        var (id, key) = Start(ClockModes.Accelerated, 10);
        After(TimeSpan.FromMinutes(2)); // 20 exercise minutes
        Assert.Equal(["first-report", "press-call"], Released(_exercises.Get(id)));
        _steps.Complete(key, "stop", Player); // 20 exercise minutes after release: late for a 10-minute expectation
        var score = _exercises.Get(id).Scores.Single(score => score.Expectation.Target == "stop");
        Assert.Equal((ScoreResults.Late, TimeSpan.FromMinutes(20)), (score.Result, score.Measured));
        Assert.Throws<RuleViolationException>(() => Start(ClockModes.Accelerated, 100));
    }

    [Fact]
    public void A_pause_pushes_every_later_inject_back_by_its_length()
    {
        var (id, _) = Start(ClockModes.Real);
        After(TimeSpan.FromMinutes(10));
        _exercises.Pause(id, Trainer);
        After(TimeSpan.FromMinutes(30)); // paused: nothing moves
        var paused = _exercises.Get(id);
        Assert.Equal(TimeSpan.FromMinutes(10), paused.ExerciseTime);
        Assert.Equal(["first-report"], Released(paused));
        _exercises.Resume(id, Trainer);
        After(TimeSpan.FromMinutes(9));
        Assert.Equal(["first-report"], Released(_exercises.Get(id)));
        After(TimeSpan.FromMinutes(1));
        Assert.Equal(["first-report", "press-call"], Released(_exercises.Get(id)));
        Assert.Throws<ConflictException>(() => _exercises.Resume(id, Trainer));
    }

    [Fact]
    public void A_manual_clock_releases_only_by_the_trainers_hand()
    {
        var (id, _) = Start(ClockModes.Manual);
        After(TimeSpan.FromHours(2));
        Assert.Empty(Released(_exercises.Get(id)));
        var view = _exercises.ReleaseNow(id, "press-call", Trainer);
        Assert.Equal(["press-call"], Released(view));
        Assert.Equal("coach", view.Injects.Single(state => state.Inject.Id == "press-call").ReleasedBy);
        Assert.Throws<ConflictException>(() => _exercises.ReleaseNow(id, "press-call", Trainer));
        Assert.Equal(["press-call", "rumour"], Released(_exercises.ReleaseNow(id, "rumour", Trainer)));
    }

    [Fact]
    public void Conditional_injects_follow_the_earlier_expectation()
    {
        var (id, key) = Start(ClockModes.Real);
        After(TimeSpan.FromMinutes(5));
        _steps.Complete(key, "stop", Player); // met within 10 minutes
        After(TimeSpan.FromMinutes(40));
        var view = _exercises.Get(id);
        Assert.Contains("thank-you-note", Released(view));
        Assert.DoesNotContain("platform-escalates", Released(view));
        Assert.Equal(new InjectSkip("stop", WasMet: true), view.Injects.Single(state => state.Inject.Id == "platform-escalates").Skipped);
    }

    [Theory]
    [InlineData("{\"target\":\"stop\",\"wasMet\":false}", "stop", false)]
    [InlineData("stop was met", "stop", true)] // as skips were stored before, in English words
    [InlineData("tpl:holding-statement was not met", "tpl:holding-statement", false)]
    [InlineData("{\"wasMet\":true}", "{\"wasMet\":true}", null)] // anything else stored reads as it was written
    [InlineData("the trainer said so", "the trainer said so", null)]
    public void A_stored_skip_reads_back_whatever_was_stored(string stored, string target, bool? wasMet) =>
        Assert.Equal(new InjectSkip(target, wasMet), InjectSkip.Read(stored));

    [Fact]
    public void Scores_are_met_late_missed_or_pending_and_the_trainer_may_override_them()
    {
        var (id, key) = Start(ClockModes.Real);
        Assert.Equal(ScoreResults.Pending, _exercises.Get(id).Scores.Single(score => score.Expectation.Target == "stop").Result);
        After(TimeSpan.FromMinutes(11));
        Assert.Equal(ScoreResults.Missed, _exercises.Get(id).Scores.Single(score => score.Expectation.Target == "stop").Result);
        After(TimeSpan.FromMinutes(29)); // T+40: the escalation plays, the thank-you does not
        var view = _exercises.Get(id);
        Assert.Contains("platform-escalates", Released(view));
        Assert.Equal(ScoreResults.Pending, view.Scores.Single(score => score.Expectation.Target == "tpl:holding-statement").Result);

        var overridden = _exercises.OverrideScore(id, "first-report/stop", true, "Stopped by phone before the tool was open", Trainer);
        var stop = overridden.Scores.Single(score => score.Expectation.Target == "stop");
        Assert.Equal((ScoreResults.Missed, ScoreResults.Met), (stop.Result, stop.Final));
        Assert.Throws<NotFoundException>(() => _exercises.OverrideScore(id, "nope", true, "x", Trainer));

        var ended = _exercises.End(id, Trainer);
        Assert.Equal(ScoreResults.NotPlayed, ended.Scores.Single(score => score.Expectation.Target == "count").Result);
        Assert.Equal(ScoreResults.Missed, ended.Scores.Single(score => score.Expectation.Target == "tpl:holding-statement").Result);
        Assert.Throws<RuleViolationException>(() => _exercises.Pause(id, Trainer));

        var improvements = _test.Get<ExerciseImprovements>();
        var sophie = _test.Get<PeopleDirectory>().List().Single(person => person.Name == "Sophie Martin");
        var review = improvements.ToActionItem(id, "press-call/tpl:holding-statement", sophie.Id, new DateOnly(2026, 12, 1), Trainer, "en");
        var action = Assert.Single(review.Actions);
        Assert.Equal(("drill", "Sophie Martin", (long?)sophie.Id), (action.PlaybookChange, action.Owner, action.OwnerPersonId));
        Assert.Contains("Press call: Holding statement for media was missed", action.Title);
        Assert.Throws<RuleViolationException>(() => improvements.ToActionItem(id, "first-report/stop", sophie.Id, null, Trainer, "en")); // overridden to met
        Assert.True(_test.Get<Timeline>().Verify(key).IsIntact);
    }

    [Fact]
    public void Insights_score_each_ended_run_and_find_the_expected_actions_missed_most()
    {
        var (first, firstKey) = Start(ClockModes.Real);
        After(TimeSpan.FromMinutes(40)); // nothing done: stop and the holding statement missed, the thank-you never played
        _exercises.End(first, Trainer);
        After(TimeSpan.FromHours(2));
        var (second, secondKey) = Start(ClockModes.Real);
        After(TimeSpan.FromMinutes(5));
        _steps.Complete(secondKey, "stop", Player);
        After(TimeSpan.FromMinutes(41)); // T+46: the thank-you came at T+40
        _steps.Complete(secondKey, "count", Player);
        _exercises.End(second, Trainer);
        var (running, _) = Start(ClockModes.Real); // still running: not scored yet

        var insights = _test.Get<Crisis.Core.Insights.ExerciseInsights>();
        var view = insights.Compute(_test.Get<Crisis.Core.Insights.IncidentInsights>().Days(null, null), "en");

        Assert.Equal([(firstKey, 0, 0, 2, 0.0), (secondKey, 2, 0, 1, 2.0 / 3)], view.Exercises.Select(run => (run.IncidentKey, run.Met, run.Late, run.Missed, run.Score!.Value)));
        Assert.DoesNotContain(view.Exercises, run => run.ExerciseId == running);
        Assert.Equal(("Drill run", 2), (view.ByScenario.Single().Title, view.ByScenario.Single().Runs.Count));
        Assert.Equal([("Holding statement for media", 0, 2, new[] { firstKey, secondKey }), ("Stop sales", 1, 1, new[] { firstKey })],
            view.ActionsMissedMost.Select(action => (action.Text, action.Met, action.Missed, action.IncidentKeys.ToArray())));
        Assert.Equal(TimeSpan.FromMinutes(5), view.ActionsMissedMost[1].TypicalTime);
    }

    [Fact]
    public void The_after_action_improvement_plan_is_written_from_what_went_wrong_not_one_sentence_repeated()
    {
        var (id, key) = Start(ClockModes.Real);
        After(TimeSpan.FromMinutes(15));
        _steps.Complete(key, "stop", Player);           // 15 minutes after "First report", expected within 10: late
        After(TimeSpan.FromMinutes(25));                 // "Press call" at T+20 expected a holding statement within 15: missed
        _exercises.End(id, Trainer);

        var text = PdfFiles.Text(_test.Get<Crisis.Reports.IncidentReports>().AfterActionPdf(id, Trainer, "en"));
        var plan = text[text.IndexOf("Improvement plan", StringComparison.Ordinal)..];
        // Table cells wrap, and read back line by line across columns: each sentence's words come in order, interleaved with its neighbours'.
        AssertWordsInOrder(plan, "\"Stop sales\" was done 15 min after \"First report\"; the scenario expected it within 10 min.");
        AssertWordsInOrder(plan, "Operations: find what held up \"Stop sales\" for 5 min");
        AssertWordsInOrder(plan, "No \"Holding statement");
        AssertWordsInOrder(plan, "after \"Press call\"; the scenario expected one within 15 min.");
        AssertWordsInOrder(plan, "Communications: add \"Holding statement");
        Assert.DoesNotContain("Rehearse and, if needed", plan);
        Assert.DoesNotContain("tpl:", plan);
    }

    private static void AssertWordsInOrder(string text, string phrase)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wanted = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; start < words.Length; start++)
        {
            if (words[start] != wanted[0]) continue;
            var (found, at) = (1, start + 1);
            for (; at < words.Length && at < start + 60 && found < wanted.Length; at++)
                if (words[at] == wanted[found]) found++;
            if (found == wanted.Length) return;
        }
        Assert.Fail($"'{phrase}' is not in the improvement plan:\n{text}");
    }

    [Fact]
    public void Email_injects_go_to_the_targeted_participants_marked_exercise_and_nobody_else_can_be_emailed()
    {
        var (id, key) = Start(ClockModes.Real);
        After(TimeSpan.FromMinutes(20));
        using var connection = _test.Database.Open();
        var queued = connection.Query<(string Recipient, string Subject, string TextBody)>("SELECT recipient, subject, text_body FROM outbox").ToList();
        var press = Assert.Single(queued, email => email.Subject.Contains("Press enquiry"));
        Assert.Equal(("sophie@example.com", "[EXERCISE] Press enquiry"), (press.Recipient, press.Subject));
        Assert.StartsWith("EXERCISE: this is a drill", press.TextBody);

        var messages = _test.Get<Messages>();
        var outside = messages.Draft(key, new DraftRequest("supplier-notice", "en", ["journalist@newspaper.example"], new Dictionary<string, string>()), Player);
        Assert.StartsWith("[EXERCISE] ", outside.Subject);
        Assert.StartsWith("**EXERCISE", outside.Markdown);
        messages.Edit(outside.Id, "[EXERCISE] Stop shipping batch 2611", "Please hold every unit of batch 2611.", null, Player);
        var refused = Assert.Throws<RuleViolationException>(() => messages.Approve(outside.Id, new Actor("mei", "commander")));
        Assert.Contains("journalist@newspaper.example", refused.Message);

        // Crisis's own notifications to someone outside the exercise are dropped, not an error that stalls the reminder worker.
        var outsider = _test.Get<PeopleDirectory>().Add(new NewPerson("Real Customer", "customer@real.example"));
        _steps.Reassign(key, "count", new Actor("mei", "commander"), outsider.Id);
        Assert.DoesNotContain(connection.Query<string>("SELECT recipient FROM outbox"), recipient => recipient == "customer@real.example");

        _exercises.DryRun(id, "press-call", Trainer);
        Assert.Contains(connection.Query<string>("SELECT recipient FROM outbox"), recipient => recipient == "coach@example.com");
        Assert.Throws<ForbiddenException>(() => _exercises.DryRun(id, "press-call", new Actor("other", "trainer", "other@example.com")));
    }

    [Fact]
    public void Another_trainer_neither_sees_nor_steers_the_exercise_and_only_participants_give_feedback()
    {
        var (id, _) = Start(ClockModes.Manual);
        var otherTrainer = new Actor("other", "trainer", "other@example.com");
        var admin = new Actor("root", "admin");
        var viewer = new Actor("board", "viewer", "board@example.com");
        var participant = new Actor("zhang", "responder", "Zhang@Example.com");
        foreach (var stranger in new[] { otherTrainer, viewer, participant })
        {
            Assert.Throws<ForbiddenException>(() => _exercises.TrainerView(id, stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.AfterAction(id, stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.ReleaseNow(id, "rumour", stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.AddInject(id, "Ad hoc", "Board calls", [], stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.Pause(id, stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.Observe(id, "not mine", stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.OverrideScore(id, "first-report/stop", true, "not mine", stranger));
            Assert.Throws<ForbiddenException>(() => _exercises.End(id, stranger));
            Assert.False(_exercises.Get(id).IsSteeredBy(stranger));
        }
        Assert.Empty(Released(_exercises.Get(id)));
        Assert.Equal(["rumour"], Released(_exercises.ReleaseNow(id, "rumour", admin)));
        Assert.NotNull(_exercises.TrainerView(id, Trainer));
        Assert.Throws<ForbiddenException>(() => _exercises.GiveFeedback(id, Trainer, "a", "b", 3));
        Assert.Throws<RuleViolationException>(() => _exercises.GiveFeedback(id, participant, "a", "b", 3)); // a participant, but not yet

        _exercises.End(id, Trainer);
        Assert.NotNull(_exercises.AfterAction(id, viewer));
        Assert.Throws<ForbiddenException>(() => _exercises.Observe(id, "not mine", otherTrainer));
        foreach (var outsider in new[] { otherTrainer, admin, viewer, Trainer })
            Assert.Throws<ForbiddenException>(() => _exercises.GiveFeedback(id, outsider, "a", "b", 3));
        _exercises.GiveFeedback(id, participant, "Roles were clear", "Sign-off was slow", 4);
        Assert.Equal("zhang", Assert.Single(_exercises.Get(id).Feedback).Participant);
    }
}

public class ScenarioParserTests
{
    private static readonly ScenarioContext Context = new((id, _) => ShippedPlaybookParse(id), null);

    private static Crisis.Core.Playbooks.Playbook? ShippedPlaybookParse(string id) =>
        File.Exists(Path.Combine(ShippedPlaybooks.Folder, id + ".md"))
            ? Crisis.Core.Playbooks.PlaybookParser.ParseFile(Path.Combine(ShippedPlaybooks.Folder, id + ".md")).Playbook
            : null;

    [Fact]
    public void The_shipped_scenarios_parse_without_errors_and_escalate_through_six_or_more_injects()
    {
        var files = Directory.GetFiles(Path.Combine(ShippedPlaybooks.Folder, "exercises"), "*.md");
        Assert.True(files.Length >= 3);
        foreach (var file in files)
        {
            var result = ScenarioParser.ParseFile(file, Context);
            Assert.False(result.HasErrors, string.Join("\n", result.Errors));
            Assert.True(result.Scenario.Injects.Count(inject => !inject.IsOnDemand) >= 6, file);
            Assert.NotEmpty(result.Scenario.Objectives);
            Assert.Contains(result.Scenario.Injects, inject => inject.Condition is not null);
            Assert.Contains(result.Scenario.Injects, inject => inject.EmailSubject is not null);
        }
    }

    [Fact]
    public void Each_chinese_scenario_has_the_same_schedule_and_expectations_as_its_english_twin()
    {
        foreach (var chinese in Directory.GetFiles(Path.Combine(ShippedPlaybooks.Folder, "exercises"), "*.zh-CN.md"))
        {
            var zh = ScenarioParser.ParseFile(chinese, Context).Scenario;
            var en = ScenarioParser.ParseFile(chinese.Replace(".zh-CN.md", ".md"), Context).Scenario;
            Assert.Equal(("zh-CN", en.Id, en.PlaybookId, en.Duration), (zh.Language, zh.Id, zh.PlaybookId, zh.Duration));
            static string Shape(Inject inject) =>
                $"{inject.Offset} {string.Join(',', inject.Roles)} {inject.Condition} {inject.EmailSubject is null} {string.Join(';', inject.Expectations.Select(e => $"{e.Target}/{e.Within}"))}";
            Assert.Equal(en.Injects.Select(Shape), zh.Injects.Select(Shape));
            Assert.All(zh.Injects, inject => Assert.True(Crisis.Core.Playbooks.Slug.IsValid(inject.Id), $"'{inject.Id}' is not a usable id"));
            Assert.Equal(zh.Injects.Count, zh.Injects.Select(inject => inject.Id).Distinct().Count());
        }
    }

    [Fact]
    public void Scenario_mistakes_are_named_with_line_and_column()
    {
        var result = ScenarioParser.Parse("""
            ---
            id: bad
            title: Bad
            playbook: product-recall
            severity: SEV1
            duration: 30m
            ---
            Briefing.

            ## T+10m Ask @quality @ghost
            expect: confirm-defect within soon
            expect: no-such-step within 10m

            ## T+45m Late @comms
            if: missed pause-listings

            ## Something else
            """, "bad.md", Context);
        Assert.Equal(
        [
            "bad.md:10:1: error: inject 'Ask' targets @ghost, which playbook 'product-recall' does not have (it has commander, quality, legal, comms, cs, ecommerce, supply)",
            "bad.md:11:1: error: malformed expectation: write 'expect: step-id within 30m' or 'expect: tpl:template-id within 1h'",
            "bad.md:12:9: error: step 'no-such-step' is not in playbook 'product-recall'",
            "bad.md:14:1: error: inject 'Late' depends on 'pause-listings', which no earlier inject expects",
            "bad.md:14:4: error: inject 'Late' at T+45m is past the exercise's duration (30m)",
            "bad.md:17:1: error: an inject heading is '## T+20m Title @role' or '## On demand: Title @role'",
        ], result.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(TimeSpan.FromMinutes(90), ScenarioParser.TryParseTime("1h30m", out var time) ? time : TimeSpan.Zero);
    }

    [Fact]
    public void An_unreadable_severity_or_duration_is_one_error_not_a_cascade()
    {
        var result = ScenarioParser.Parse(
            "---\nid: drill\ntitle: Drill\nplaybook: product-recall\nseverity: SEV7\nduration: soon\n---\n\nBriefing.\n\n## T+45m Late @comms\n\nToo late?\n",
            "drill.md", Context);
        Assert.Equal(
        [
            "drill.md:5:11: error: severity 'SEV7' must be SEV1, SEV2 or SEV3",
            "drill.md:6:11: error: duration 'soon' must be a time such as 90m or 2h",
        ], result.Diagnostics.Select(d => d.ToString()));
    }
}
