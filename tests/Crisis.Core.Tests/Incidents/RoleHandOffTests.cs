using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Core.Tests.Incidents;

/// <summary>Handing a role to someone else moves its open work and rewrites none of its history.</summary>
public class RoleHandOffTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private static readonly Actor Zhang = new("zhang");
    private readonly TestDatabase _test = new();
    private readonly StepActions _steps;
    private readonly IncidentLifecycle _lifecycle;
    private readonly IncidentQueries _queries;
    private readonly Person _zhang;
    private readonly Person _li;
    private readonly string _key;

    public RoleHandOffTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _steps = _test.Get<StepActions>();
        _lifecycle = _test.Get<IncidentLifecycle>();
        _queries = _test.Get<IncidentQueries>();
        var people = _test.Get<PeopleDirectory>();
        _zhang = people.Add(new NewPerson("Zhang Min", Roles: ["quality"]));
        _li = people.Add(new NewPerson("Li Na", Roles: ["quality"]));
        _key = _test.Get<OpenIncident>().Execute(
            new OpenIncidentRequest("product-recall", "Cracked baby bottles", 1, new Dictionary<string, long> { ["quality"] = _zhang.Id }), Commander);
    }

    public void Dispose() => _test.Dispose();

    private StepView Step(string id) => _queries.Get(_key).AllSteps.Single(s => s.Id == id);

    [Fact]
    public void Done_skipped_and_blocked_steps_keep_their_owner_and_doer_while_open_steps_move_to_the_new_holder()
    {
        _steps.Complete(_key, "confirm-defect", Zhang);
        _steps.Skip(_key, "dispose-stock", Zhang, "nothing was recovered");
        _steps.Block(_key, "preserve-evidence", Zhang, "the warehouse is closed until 08:00");

        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);

        Assert.Equal((_zhang.Id, "Zhang Min", "zhang"), (Step("confirm-defect").OwnerId, Step("confirm-defect").OwnerName, Step("confirm-defect").StatusBy));
        Assert.Equal((_zhang.Id, "zhang"), (Step("dispose-stock").OwnerId, Step("dispose-stock").StatusBy));
        Assert.Equal((_zhang.Id, StepStatus.Blocked), (Step("preserve-evidence").OwnerId, Step("preserve-evidence").Status));
        Assert.Equal((_li.Id, "Li Na"), (Step("fix-root-cause").OwnerId, Step("fix-root-cause").OwnerName));

        // The blocked step stays on the previous holder's list of work, and only there.
        Assert.Equal(["preserve-evidence"], _queries.OpenStepsOwnedBy(_zhang.Id).Select(s => s.StepId));
        var liSteps = _queries.OpenStepsOwnedBy(_li.Id).Select(s => s.StepId).ToList();
        Assert.Contains("fix-root-cause", liSteps);
        Assert.DoesNotContain("preserve-evidence", liSteps);
        Assert.DoesNotContain("confirm-defect", liSteps);

        // Handing the role on again, or back, still leaves what was done with whoever did it.
        _lifecycle.AssignRole(_key, "quality", _zhang.Id, Commander);
        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);
        Assert.Equal((_zhang.Id, "zhang"), (Step("confirm-defect").OwnerId, Step("confirm-defect").StatusBy));
    }

    [Fact]
    public void A_blocked_step_moves_on_once_someone_handles_it_or_gives_it_to_someone()
    {
        _steps.Block(_key, "preserve-evidence", Zhang, "the warehouse is closed");
        _steps.Block(_key, "confirm-defect", Zhang, "waiting for the lab");
        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);

        _steps.Start(_key, "preserve-evidence", new Actor("li"));
        Assert.Equal(_li.Id, Step("preserve-evidence").OwnerId);

        var commanderPick = _test.Get<PeopleDirectory>().Add(new NewPerson("Wang Fang"));
        _steps.Reassign(_key, "confirm-defect", Commander, commanderPick.Id);
        Assert.Equal(commanderPick.Id, Step("confirm-defect").OwnerId);
        _steps.Reassign(_key, "confirm-defect", Commander, null);
        Assert.Equal(_li.Id, Step("confirm-defect").OwnerId); // back to whoever holds the role now
    }

    [Fact]
    public void The_timeline_names_who_handed_the_role_to_whom_and_a_repeated_assignment_records_nothing()
    {
        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);
        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);

        var assignments = _test.Get<Timeline>().Read(_key).Where(e => e.Kind == EventKinds.RoleAssigned).ToList();
        Assert.Equal(2, assignments.Count); // at opening, and the hand-off
        var handOff = assignments[^1];
        Assert.Equal("mei", handOff.Actor);
        Assert.Equal("Zhang Min", handOff.Data.GetProperty("previousPerson").GetString());
        Assert.Equal(_zhang.Id, handOff.Data.GetProperty("previousPersonId").GetInt64());
        Assert.Equal("Li Na", handOff.Data.GetProperty("person").GetString());
    }

    [Fact]
    public void Verifying_the_timeline_finds_the_owners_it_says_after_hand_offs_blocks_and_reassignments()
    {
        var wang = _test.Get<PeopleDirectory>().Add(new NewPerson("Wang Fang"));
        _steps.Complete(_key, "confirm-defect", Zhang);
        _steps.Skip(_key, "dispose-stock", Zhang, "nothing was recovered");
        _steps.Block(_key, "preserve-evidence", Zhang, "the warehouse is closed");
        _steps.Block(_key, "fix-root-cause", Zhang, "waiting for the lab");
        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);
        _steps.Complete(_key, "preserve-evidence", new Actor("li"));
        _steps.Reassign(_key, "fix-root-cause", Commander, wang.Id);
        _steps.Complete(_key, "fix-root-cause", new Actor("wang"));
        _steps.Reassign(_key, "fix-root-cause", Commander, null);
        _lifecycle.AssignRole(_key, "quality", _zhang.Id, Commander);

        Assert.Equal(wang.Id, Step("fix-root-cause").OwnerId);
        Assert.Empty(_test.Get<Timeline>().Verify(_key).Problems);
    }

    [Fact]
    public void A_step_whose_stored_owner_was_changed_in_the_database_is_reported_by_name()
    {
        _steps.Complete(_key, "confirm-defect", Zhang);
        _lifecycle.AssignRole(_key, "quality", _li.Id, Commander);
        using (var connection = _test.Database.Open())
        {
            Dapper.SqlMapper.Execute(connection, "UPDATE steps SET status_owner_id = @li WHERE step_id = 'confirm-defect'", new { li = _li.Id });
        }

        var problem = Assert.Single(_test.Get<Timeline>().Verify(_key).Problems);
        Assert.Contains("step 'confirm-defect' does not hold what its events say", problem);
        Assert.Contains("settled under Li Na, the events say Zhang Min", problem);
    }
}
