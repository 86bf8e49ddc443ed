using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Web.Live;

namespace Crisis.Web.Tests.Live;

/// <summary>
/// The parts of the checklist a step change changed, drawn outside any request with the page's own partials: the same
/// markup the page has for them, in the view's language, with the forms its role has and no reader's tokens in them.
/// </summary>
[Collection(nameof(CrisisServer))]
public class LiveFragmentsTests(CrisisServer server)
{
    private static readonly Actor Commander = new("commander", Roles.Commander);

    [Theory]
    [InlineData("en", "Done (1)", "1 of 43 steps done")]
    [InlineData("zh-CN", "已完成（1）", "已完成 1/43 个步骤")]
    public async Task The_phase_of_a_ticked_step_the_head_the_situation_and_the_new_event_are_drawn_in_the_views_language(string language, string doneGroup, string headCount)
    {
        var key = await server.OpenRecallAsync();
        var before = server.Service<Timeline>().LastSeq(key);
        server.Service<StepActions>().Complete(key, "confirm-defect", Commander);

        var html = await server.Service<LiveFragments>().Render(key, new LiveView(language, "", Roles.Responder), new HashSet<string> { "confirm-defect" }, before);

        Assert.Contains("<section id=\"section-", html);
        Assert.Contains("id=\"step-confirm-defect\"", html);
        Assert.Contains(doneGroup, html);
        var head = html[html.IndexOf("<p id=\"incident-head\"", StringComparison.Ordinal)..];
        Assert.Contains(headCount, head[..head.IndexOf("</p>", StringComparison.Ordinal)]);
        Assert.Contains("id=\"situation\"", html);
        Assert.Contains($"<li id=\"event-{before + 1}\"", html);
        Assert.DoesNotContain($"<li id=\"event-{before}\"", html); // only the events after the one the page has
        Assert.Contains($"action=\"/incidents/{key}?handler=Step\"", html);
        Assert.Contains("<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"\">", html);
    }

    [Fact]
    public async Task A_viewer_is_drawn_no_forms_and_a_commander_the_key_event_marks()
    {
        var key = await server.OpenRecallAsync();
        var before = server.Service<Timeline>().LastSeq(key);
        server.Service<StepActions>().Note(key, "confirm-defect", Commander, "Lab report expected at noon");
        var fragments = server.Service<LiveFragments>();
        var steps = new HashSet<string> { "confirm-defect" };

        var viewer = await fragments.Render(key, new LiveView("en", "", Roles.Viewer), steps, before);
        var commander = await fragments.Render(key, new LiveView("en", "", Roles.Commander), steps, before);

        Assert.Contains("Lab report expected at noon", viewer);
        Assert.DoesNotContain("<form", viewer);
        Assert.Contains("handler=KeyEvent", commander);
    }
}
