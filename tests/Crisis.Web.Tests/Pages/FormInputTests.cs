using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Pages;

/// <summary>Forms hold to what the API does: a value that does not fit is refused naming the field, and no answer to a post is a 500.</summary>
[Collection(nameof(CrisisServer))]
public class FormInputTests(CrisisServer server)
{
    private async Task<string> StepStatus(string key, string stepId) =>
        (await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}")).GetProperty("phases").EnumerateArray()
            .SelectMany(phase => phase.GetProperty("steps").EnumerateArray()).Single(step => step.GetProperty("id").GetString() == stepId)
            .GetProperty("status").GetString()!;

    [Theory]
    [InlineData("4294967297")]
    [InlineData("18446744073709551617")]
    [InlineData("1e400")]
    public async Task A_version_out_of_range_is_refused_not_taken_as_no_version(string version)
    {
        var key = await server.OpenRecallAsync();
        var path = $"/incidents/{key}";
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        using var ticked = await responder.PostForm(path, path + "?handler=Step", new() { ["stepId"] = "confirm-defect", ["verb"] = "complete", ["version"] = version });
        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        Assert.Contains($"&#x27;version&#x27; must be a number this form takes, not &quot;{version}&quot;", await responder.Html(path));
        Assert.Equal("todo", await StepStatus(key, "confirm-defect"));
    }

    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData("Cracked\u202Ebottles")]
    [InlineData("Cracked\nbottles")]
    public async Task A_title_that_is_not_one_visible_line_is_a_form_error(string title)
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        using var opened = await commander.PostForm("/incidents/open?playbook=product-recall&severity=1", "/incidents/open",
            new() { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "1", ["title"] = title });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("an incident title", await opened.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("été")]
    [InlineData("步骤")]
    [InlineData("\uD83C\uDF7C")]
    public async Task Non_ascii_in_a_checklist_post_redirects_instead_of_failing_after_the_commit(string text)
    {
        var key = await server.OpenRecallAsync();
        var path = $"/incidents/{key}";
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        var token = await responder.FormToken(path);
        using var started = await responder.PostWithToken(token, $"{path}?handler=Step&filter={Uri.EscapeDataString(text)}",
            new() { ["stepId"] = "confirm-defect", ["verb"] = "start" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("doing", await StepStatus(key, "confirm-defect"));
        using var unknown = await responder.PostWithToken(token, path + "?handler=Step", new() { ["stepId"] = text, ["verb"] = "complete" });
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.EndsWith("#step-" + Uri.EscapeDataString(text), unknown.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_non_ascii_return_address_after_switching_language_redirects_there_encoded()
    {
        using var browser = await Browser.SignedInAs(server, Roles.Viewer);
        using var switched = await browser.PostForm("/", "/language", new() { ["culture"] = "zh-CN", ["returnUrl"] = "/incidents?q=奶瓶" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/incidents?q=%E5%A5%B6%E7%93%B6", switched.Headers.Location!.OriginalString);
    }
}
