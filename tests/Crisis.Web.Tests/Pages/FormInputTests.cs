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

    [Theory]
    [InlineData("severity", "abc", "severity")]
    [InlineData("severity", "99999999999999999999", "severity")]
    [InlineData("roles[commander]", "99999999999999999999", "roles.commander")]
    [InlineData("roles[commander]", "mei", "roles.commander")]
    public async Task A_value_the_open_form_cannot_read_is_a_form_error_naming_the_field_and_opens_nothing(string field, string value, string named)
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var title = $"Unread {field} {value}";
        var form = new Dictionary<string, string> { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "2", ["title"] = title };
        foreach (var role in RecallRoles) form[$"roles[{role}]"] = "";
        form[field] = value;
        using var opened = await commander.PostForm("/incidents/open?playbook=product-recall&severity=2", "/incidents/open", form);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains($"&#x27;{named}&#x27; must be a number this form takes, not &quot;{value}&quot;", await opened.Content.ReadAsStringAsync());
        Assert.DoesNotContain(title, await server.Client(Roles.Viewer).GetStringAsync("/api/incidents"));
    }

    private static readonly string[] RecallRoles = ["commander", "quality", "legal", "comms", "cs", "ecommerce", "supply"];

    [Fact]
    public async Task The_open_form_opens_an_incident_with_its_severity_and_the_roles_given_and_none_for_roles_left_empty()
    {
        var mei = (await (await server.Client(Roles.Admin).PostAsJsonAsync("/api/people", new { name = "Form Mei", roles = new[] { "commander" } })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var form = new Dictionary<string, string> { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "3", ["title"] = "Bound form" };
        foreach (var role in RecallRoles) form[$"roles[{role}]"] = "";
        form["roles[commander]"] = mei.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var opened = await commander.PostForm("/incidents/open?playbook=product-recall&severity=3", "/incidents/open", form);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var key = opened.Headers.Location!.OriginalString.Split('/')[^1];
        var incident = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}");
        Assert.Equal(3, incident.GetProperty("severity").GetInt32());
        Assert.Contains("Form Mei", incident.GetProperty("roles").ToString());
    }
}
