using Crisis.Core.Incidents;
using Crisis.Core.People;
using Dapper;

namespace Crisis.Core.Tests.Incidents;

public class IncidentFlowTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private static readonly Actor Responder = new("tom");
    private readonly TestDatabase _test = new();
    private readonly OpenIncident _open;
    private readonly StepActions _steps;
    private readonly IncidentLifecycle _lifecycle;
    private readonly IncidentQueries _queries;
    private readonly PeopleDirectory _people;

    public IncidentFlowTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _open = _test.Get<OpenIncident>();
        _steps = _test.Get<StepActions>();
        _lifecycle = _test.Get<IncidentLifecycle>();
        _queries = _test.Get<IncidentQueries>();
        _people = _test.Get<PeopleDirectory>();
    }

    public void Dispose() => _test.Dispose();

    private string OpenRecall(int severity = 1, Dictionary<string, long>? roles = null) =>
        _open.Execute(new OpenIncidentRequest("product-recall", "Cracked baby bottles, batch 2611", severity, roles), Commander);

    [Fact]
    public void Keys_count_up_within_the_year()
    {
        Assert.Equal("INC-2026-0001", OpenRecall());
        Assert.Equal("INC-2026-0002", OpenRecall());
        _test.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero));
        Assert.Equal("INC-2027-0001", OpenRecall());
    }

    [Fact]
    public void Steps_are_generated_for_the_severity_with_due_times_from_opening()
    {
        var sev1 = _queries.Get(OpenRecall(severity: 1));
        var sev3 = _queries.Get(OpenRecall(severity: 3));
        Assert.Contains(sev1.AllSteps, s => s.Id == "report-to-samr");
        Assert.DoesNotContain(sev3.AllSteps, s => s.Id == "report-to-samr");
        Assert.True(sev1.AllSteps.Count() > sev3.AllSteps.Count());

        var confirm = sev1.AllSteps.Single(s => s.Id == "confirm-defect");
        Assert.Equal(_test.Time.GetUtcNow().AddHours(2), confirm.DueAt);
        Assert.Equal("quality", confirm.Role);
        Assert.Equal(StepStatus.Todo, confirm.Status);

        var subStep = sev1.AllSteps.First(s => s.ParentId == "pause-listings");
        Assert.Equal(sev1.AllSteps.Single(s => s.Id == "pause-listings").DueAt, subStep.DueAt);
    }

    [Fact]
    public void The_incident_keeps_a_snapshot_of_the_playbook_it_was_opened_from()
    {
        var key = OpenRecall();
        var path = Path.Combine(_test.PlaybookFolder, "product-recall.md");
        File.WriteAllText(path, File.ReadAllText(path).Replace("## Close", "## Close\n\n- [ ] A new step @commander due:+1h"));

        var incident = _queries.Get(key);
        Assert.DoesNotContain(incident.AllSteps, s => s.Text == "A new step");
        using var connection = _test.Database.Open();
        var stored = connection.QuerySingle<string>("SELECT markdown FROM playbook_versions WHERE hash = @PlaybookHash", new { incident.PlaybookHash });
        Assert.DoesNotContain("A new step", stored);
        Assert.Contains(_queries.Get(OpenRecall()).AllSteps, s => s.Text == "A new step");
    }

    [Fact]
    public void A_tick_is_idempotent_and_recorded_once()
    {
        var key = OpenRecall();
        var first = _steps.Complete(key, "confirm-defect", Responder);
        var second = _steps.Complete(key, "confirm-defect", Responder);
        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.Equal(StepStatus.Done, second.Step.Status);
        Assert.Equal("tom", second.Step.StatusBy);
        Assert.Single(_test.Get<Timeline>().Read(key), e => e.Kind == EventKinds.StepCompleted);
    }

    [Fact]
    public void Skip_and_block_need_a_reason_and_record_it()
    {
        var key = OpenRecall();
        Assert.Throws<RuleViolationException>(() => _steps.Skip(key, "check-recalls-abroad", Responder, "  "));
        Assert.Throws<RuleViolationException>(() => _steps.Block(key, "stop-sale", Responder, null));
        Assert.Equal("Not sold abroad", _steps.Skip(key, "check-recalls-abroad", Responder, "Not sold abroad").Step.Reason);
        var blocked = _steps.Block(key, "stop-sale", Responder, "Factory unreachable until 08:00").Step;
        Assert.Equal((StepStatus.Blocked, "Factory unreachable until 08:00"), (blocked.Status, blocked.Reason));
        var reopened = _steps.Reopen(key, "stop-sale", Responder).Step;
        Assert.Equal((StepStatus.Todo, null), (reopened.Status, reopened.Reason));
        Assert.Equal([EventKinds.StepSkipped, EventKinds.StepBlocked, EventKinds.StepReopened],
            _test.Get<Timeline>().Read(key).Select(e => e.Kind).Where(k => k.StartsWith("step.")));
    }

    [Fact]
    public void A_stale_version_is_a_conflict_and_changes_nothing()
    {
        var key = OpenRecall();
        var loaded = _queries.Get(key).AllSteps.Single(s => s.Id == "confirm-defect");
        _steps.Block(key, "confirm-defect", new Actor("ana"), "waiting for lab", loaded.Version);
        var conflict = Assert.Throws<ConflictException>(() => _steps.Complete(key, "confirm-defect", Responder, loaded.Version));
        Assert.Contains("ana", conflict.Message);
        Assert.Equal(StepStatus.Blocked, _queries.Get(key).AllSteps.Single(s => s.Id == "confirm-defect").Status);
    }

    [Fact]
    public void Notes_and_reassignment_are_recorded()
    {
        var key = OpenRecall();
        var person = _people.Add(new NewPerson("Zhang Min", "zhang.min@example.com", "+86 138 0000 0000", ["quality"]));
        _steps.Note(key, "confirm-defect", Responder, "Lab report expected 14:00");
        var step = _steps.Reassign(key, "confirm-defect", Commander, person.Id).Step;
        Assert.Equal(("Lab report expected 14:00", person.Id, "Zhang Min"), (step.Note, step.AssigneeId, step.AssigneeName));
        Assert.False(_steps.Reassign(key, "confirm-defect", Commander, person.Id).Changed);
        Assert.Throws<NotFoundException>(() => _steps.Reassign(key, "confirm-defect", Commander, 999));
        Assert.Throws<RuleViolationException>(() => _steps.Note(key, "confirm-defect", Responder, ""));
    }

    [Fact]
    public void Roles_are_assigned_at_opening_and_later()
    {
        var quality = _people.Add(new NewPerson("Zhang Min", Roles: ["quality"]));
        var comms = _people.Add(new NewPerson("Sophie Martin", Roles: ["comms"]));
        var key = OpenRecall(roles: new() { ["quality"] = quality.Id });
        _lifecycle.AssignRole(key, "comms", comms.Id, Commander);
        var roles = _queries.Get(key).Roles.ToDictionary(r => r.Key);
        Assert.Equal("Zhang Min", roles["quality"].PersonName);
        Assert.Equal("Sophie Martin", roles["comms"].PersonName);
        Assert.Null(roles["legal"].PersonId);
        Assert.Throws<RuleViolationException>(() => OpenRecall(roles: new() { ["astronaut"] = quality.Id }));
        Assert.Throws<NotFoundException>(() => OpenRecall(roles: new() { ["quality"] = 12345 }));
    }

    [Fact]
    public void Status_moves_forward_with_timestamps_and_closed_is_final()
    {
        var key = OpenRecall();
        _test.Time.Advance(TimeSpan.FromHours(5));
        Assert.True(_lifecycle.SetStatus(key, IncidentStatus.Contained, Commander));
        Assert.False(_lifecycle.SetStatus(key, IncidentStatus.Contained, Commander));
        _test.Time.Advance(TimeSpan.FromDays(2));
        _lifecycle.SetStatus(key, IncidentStatus.Closed, Commander, "Recall complete", new OpenStepsAcknowledgement("The rest runs as business as usual"));
        var incident = _queries.Get(key);
        Assert.Equal(_test.Time.GetUtcNow().AddDays(-2), incident.ContainedAt);
        Assert.Equal(_test.Time.GetUtcNow(), incident.ResolvedAt);
        Assert.Equal(_test.Time.GetUtcNow(), incident.ClosedAt);
        Assert.Throws<RuleViolationException>(() => _lifecycle.SetStatus(key, IncidentStatus.Open, Commander));
        Assert.Throws<RuleViolationException>(() => _steps.Complete(key, "confirm-defect", Responder));
        Assert.Throws<RuleViolationException>(() => _lifecycle.SetStatus(key, "done", Commander));
    }

    [Fact]
    public void Resolving_or_closing_with_open_steps_is_refused_until_they_are_acknowledged_with_a_reason()
    {
        var key = OpenRecall(severity: 1);
        Assert.True(_lifecycle.SetStatus(key, IncidentStatus.Contained, Commander)); // containing leaves work open by nature
        foreach (var step in _queries.Get(key).AllSteps.Where(s => s.Id != "confirm-defect" && !s.RequiredByLaw))
            _steps.Complete(key, step.Id, Responder);
        _steps.Block(key, "stop-sale", Responder, "The factory does not answer");

        var refused = Assert.Throws<OpenStepsException>(() => _lifecycle.SetStatus(key, IncidentStatus.Resolved, Commander, "Done, I think"));
        Assert.True(refused.Steps.Count > 2);
        Assert.True(refused.Steps[0].RequiredByLaw, "the steps the law requires come first");
        Assert.Equal("confirm-defect", refused.Steps[^1].Id);
        Assert.False(refused.Steps[^1].RequiredByLaw);
        var stopSale = refused.Steps.Single(s => s.Id == "stop-sale");
        Assert.Equal((StepStatus.Blocked, "supply"), (stopSale.Status, stopSale.Role));
        Assert.Contains(refused.Steps, s => s.Id == "report-to-samr");
        Assert.Throws<OpenStepsException>(() => _lifecycle.SetStatus(key, IncidentStatus.Closed, Commander));
        Assert.Equal(IncidentStatus.Contained, _queries.Get(key).Status);

        var noReason = Assert.Throws<RuleViolationException>(() =>
            _lifecycle.SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("  ")));
        Assert.Contains("a reason to leave steps open is required", noReason.Message);

        Assert.True(_lifecycle.SetStatus(key, IncidentStatus.Resolved, Commander, "Done, I think",
            new OpenStepsAcknowledgement("Legal files the reports tomorrow")));
        var resolved = _test.Get<Timeline>().Read(key).Last();
        Assert.Equal(EventKinds.IncidentStatusChanged, resolved.Kind);
        Assert.Equal("Legal files the reports tomorrow", resolved.Data.GetProperty("reason").GetString());
        Assert.Equal(refused.Steps.Select(s => s.Id), resolved.Data.GetProperty("leftOpen").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(refused.Steps.Count, resolved.Data.GetProperty("openSteps").GetInt32());
        Assert.Equal(refused.Steps.Count(s => s.RequiredByLaw), resolved.Data.GetProperty("requiredOpenSteps").GetInt32());

        // With nothing left open, no acknowledgement is asked for.
        foreach (var step in refused.Steps) _steps.Complete(key, step.Id, Responder);
        Assert.True(_lifecycle.SetStatus(key, IncidentStatus.Closed, Commander));
    }

    [Fact]
    public void A_flare_up_moves_back_to_open_and_clears_later_stamps()
    {
        var key = OpenRecall();
        _lifecycle.SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Looked over"));
        _lifecycle.SetStatus(key, IncidentStatus.Open, Commander, "New complaints about batch 2612");
        var incident = _queries.Get(key);
        Assert.Equal((IncidentStatus.Open, null, null), (incident.Status, incident.ContainedAt, incident.ResolvedAt));
    }

    [Fact]
    public void Escalating_severity_adds_the_missing_steps_due_from_the_escalation()
    {
        var key = OpenRecall(severity: 3);
        _steps.Complete(key, "confirm-defect", Responder);
        _test.Time.Advance(TimeSpan.FromHours(6));
        var added = _lifecycle.SetSeverity(key, 1, Commander);
        Assert.Contains("report-to-samr", added);
        var incident = _queries.Get(key);
        Assert.Equal(1, incident.Severity);
        Assert.Equal(_test.Time.GetUtcNow().AddDays(2), incident.AllSteps.Single(s => s.Id == "report-to-samr").DueAt);
        Assert.Equal(StepStatus.Done, incident.AllSteps.Single(s => s.Id == "confirm-defect").Status);
        var ids = incident.AllSteps.Select(s => s.Id).ToList();
        Assert.True(ids.IndexOf("classify-hazard") < ids.IndexOf("check-recalls-abroad"), "added steps sort in playbook order");
        Assert.Throws<RuleViolationException>(() => _lifecycle.SetSeverity(key, 7, Commander));
    }

    [Fact]
    public void Overdue_steps_are_flagged_and_counted()
    {
        var key = OpenRecall();
        _test.Time.Advance(TimeSpan.FromHours(3));
        var incident = _queries.Get(key);
        Assert.True(incident.AllSteps.Single(s => s.Id == "confirm-defect").Overdue);
        Assert.False(incident.AllSteps.Single(s => s.Id == "preserve-evidence").Overdue);
        var summary = Assert.Single(_queries.List(IncidentStatus.Open));
        Assert.Equal(incident.AllSteps.Count(s => s.Overdue), summary.StepsOverdue);
        Assert.Equal(incident.AllSteps.Count(), summary.StepsTotal);
        Assert.Empty(_queries.List(IncidentStatus.Closed));
    }

    [Fact]
    public void Opening_checks_its_input()
    {
        Assert.Throws<NotFoundException>(() => _open.Execute(new OpenIncidentRequest("no-such-playbook", "x", 1), Commander));
        Assert.Throws<RuleViolationException>(() => _open.Execute(new OpenIncidentRequest("product-recall", " ", 1), Commander));
        Assert.Throws<RuleViolationException>(() => _open.Execute(new OpenIncidentRequest("product-recall", "x", 4), Commander));
        _test.AddPlaybook("broken.md", "---\nid: broken\ntitle: Broken\nversion: 1\n---\n## P\n- Step @ghost\n");
        Assert.Throws<RuleViolationException>(() => _open.Execute(new OpenIncidentRequest("broken", "x", 1), Commander));
        Assert.Throws<NotFoundException>(() => _queries.Get("INC-1999-0001"));
        Assert.Throws<NotFoundException>(() => _steps.Complete(OpenRecall(), "no-such-step", Responder));
    }

    [Fact]
    public void Concurrent_ticks_of_one_step_record_exactly_one_event()
    {
        var key = OpenRecall();
        Parallel.For(0, 16, _ => _steps.Complete(key, "confirm-defect", Responder));
        Assert.Single(_test.Get<Timeline>().Read(key), e => e.Kind == EventKinds.StepCompleted);
        Assert.True(_test.Get<Timeline>().Verify(key).IsIntact);
    }
}
