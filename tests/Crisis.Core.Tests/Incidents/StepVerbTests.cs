using Crisis.Core.Incidents;

namespace Crisis.Core.Tests.Incidents;

public class StepVerbTests
{
    [Fact]
    public void Every_verb_has_the_wire_name_the_checklist_and_the_api_use()
    {
        Assert.Equal(["complete", "start", "reopen", "skip", "block", "note", "reassign"], StepVerbs.Names);
        Assert.All(Enum.GetValues<StepVerb>(), verb => Assert.Equal(verb, StepVerbs.Parse(verb.WireName())));
    }

    [Theory]
    [InlineData("explode")]
    [InlineData("Complete")]
    public void An_unknown_verb_is_not_found_and_the_refusal_lists_the_verbs(string name)
    {
        var refusal = Assert.Throws<NotFoundException>(() => StepVerbs.Parse(name));
        Assert.Equal($"unknown step action '{name}': use one of complete, start, reopen, skip, block, note, reassign", refusal.Message);
    }
}
