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
        var html = await opened.Content.ReadAsStringAsync();
        Assert.Contains("aria-describedby=\"title-problem title-help\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "class=\"field-problem\""));
    }

    [Theory]
    [InlineData("en", "This is required.")]
    [InlineData("zh-CN", "此项必填。")]
    public async Task A_blank_title_is_one_problem_beside_the_title_in_the_readers_language_and_keeps_the_roles(string language, string problem)
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander, language);
        using var opened = await commander.PostForm("/incidents/open?playbook=product-recall&severity=1", "/incidents/open",
            new() { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "2", ["title"] = "   ", ["roles[quality]"] = server.Quality.Id.ToString() });

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var html = await opened.Content.ReadAsStringAsync();
        var problems = System.Text.RegularExpressions.Regex.Matches(html, "<p class=\"field-problem\" id=\"([^\"]+)\">([^<]*)</p>");
        Assert.Single(problems);
        Assert.Equal("title-problem", problems[0].Groups[1].Value);
        Assert.Equal(problem, System.Net.WebUtility.HtmlDecode(problems[0].Groups[2].Value));
        Assert.DoesNotContain("validation-summary-errors", html);
        Assert.Contains($"<option value=\"{server.Quality.Id}\" selected=\"selected\">", html);
        Assert.Contains("<option value=\"2\" selected=\"selected\">", html);
    }

    [Theory]
    [InlineData("en", "ComplaintsSocial", "-1", "Enter a whole number from 0 to")]
    [InlineData("zh-CN", "ComplaintsSocial", "-1", "请输入 0 到")]
    [InlineData("zh-CN", "OrdersAffected", "99999999999999999999", "请输入数字，例如 120。")]
    public async Task An_impact_figure_refused_is_shown_beside_its_field_in_the_readers_language_with_the_value_typed(string language, string field, string value, string expected)
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder, language);
        using var refused = await responder.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Impact", new() { [field] = value });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        var problem = System.Text.RegularExpressions.Regex.Matches(html, "<p class=\"field-problem\" id=\"([^\"]+)\">([^<]*)</p>");
        Assert.Single(problem);
        Assert.Equal($"{field}-problem", problem[0].Groups[1].Value);
        Assert.StartsWith(expected, System.Net.WebUtility.HtmlDecode(problem[0].Groups[2].Value));
        Assert.Contains($"name=\"{field}\" min=\"0\" inputmode=\"numeric\" value=\"{value}\"", html);
        Assert.DoesNotContain(char.ToLowerInvariant(field[0]) + field[1..], html);
        Assert.DoesNotContain($"&#x27;{field}&#x27;", html);
    }

    [Fact]
    public async Task Choosing_another_language_keeps_the_title_typed()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        using var preview = await commander.PostForm("/incidents/open", "/incidents/open?handler=Preview",
            new() { ["playbook"] = "product-recall", ["language"] = "zh-CN", ["severity"] = "1", ["title"] = "Cracked lids, batch 12" });

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("value=\"Cracked lids, batch 12\"", html);
        Assert.Contains("<option value=\"zh-CN\" selected=\"selected\">", html);
        Assert.DoesNotContain("field-problem", html);
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
    [InlineData("roles[commander]", "99999999999999999999", "role-commander")]
    [InlineData("roles[commander]", "mei", "role-commander")]
    public async Task A_value_the_open_form_cannot_read_is_one_problem_beside_its_field_and_opens_nothing(string field, string value, string fieldId)
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var title = $"Unread {field} {value}";
        var form = new Dictionary<string, string> { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "2", ["title"] = title };
        foreach (var role in RecallRoles) form[$"roles[{role}]"] = "";
        form[field] = value;
        using var opened = await commander.PostForm("/incidents/open?playbook=product-recall&severity=2", "/incidents/open", form);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var problems = System.Text.RegularExpressions.Regex.Matches(await opened.Content.ReadAsStringAsync(), "<p class=\"field-problem\" id=\"([^\"]+)\">([^<]*)</p>");
        Assert.Single(problems);
        Assert.Equal($"{fieldId}-problem", problems[0].Groups[1].Value);
        Assert.Equal("Enter a number, such as 120.", problems[0].Groups[2].Value);
        Assert.DoesNotContain(title, await server.Client(Roles.Viewer).GetStringAsync("/api/incidents"));
    }

    [Theory]
    [InlineData("en", "This changed since you loaded the page: look at it as it is now and try again.")]
    [InlineData("zh-CN", "您打开页面后，这里已有更改：请查看最新内容后重试。")]
    public async Task A_refusal_of_the_whole_request_is_in_the_readers_language(string language, string refusal)
    {
        var key = await server.OpenRecallAsync();
        var path = $"/incidents/{key}";
        using var responder = await Browser.SignedInAs(server, Roles.Responder, language);
        using (await responder.PostForm(path, path + "?handler=Step", new() { ["stepId"] = "confirm-defect", ["verb"] = "complete", ["version"] = "1" })) { }

        using var stale = await responder.PostForm(path, path + "?handler=Step", new() { ["stepId"] = "confirm-defect", ["verb"] = "reopen", ["version"] = "1" });

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains(refusal, await responder.Html(path));
    }

    [Fact]
    public async Task Resolving_while_steps_opened_since_the_page_was_loaded_is_refused_in_chinese()
    {
        var key = await server.OpenRecallAsync();
        var confirm = $"/incidents/{key}/confirm-status?to=resolved";
        using var commander = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        var open = server.Service<Crisis.Core.Incidents.IncidentQueries>().OpenSteps(key);

        // The page listed no open steps, so it posted no acknowledgement: as if every step had been done, and one reopened since.
        using var resolved = await commander.PostForm(confirm, confirm, new() { ["to"] = "resolved" });

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Contains($"仍有 {open.Count} 个步骤未完成，其中 {open.Count(step => step.RequiredByLaw)} 个为法律要求", await resolved.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Opening_a_playbook_broken_since_the_form_was_shown_is_refused_in_chinese_naming_its_title_and_first_error()
    {
        var file = Path.Combine(server.PlaybookFolder, "broken-caps-recall.md");
        File.WriteAllText(file, "---\nid: Broken Caps Recall\ntitle: Loose caps recall\nversion: 1\n---\n## Act\n- Pull the batch\n");
        try
        {
            using var commander = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
            using var opened = await commander.PostForm("/incidents/open", "/incidents/open",
                new() { ["playbook"] = "broken-caps-recall", ["language"] = "zh-CN", ["severity"] = "1", ["title"] = "Loose caps, batch 7" });

            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            var html = System.Net.WebUtility.HtmlDecode(await opened.Content.ReadAsStringAsync());
            Assert.Contains("<li>预案“Loose caps recall”有错误，修正之前无法使用：id“Broken Caps Recall”必须是小写短名：只能用小写字母、数字和单个“-”。</li>", html);
            Assert.DoesNotContain("has errors", html);
            Assert.DoesNotContain(file, html);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Whys[5]", "五个为什么：最多填写五个回答，不能是 6 个。")]
    [InlineData("Summary", "执行摘要：这里有 20001 个字符，上限是 20000 个。")]
    public async Task Review_text_the_review_refuses_is_told_in_chinese_naming_its_box(string overdone, string refusal)
    {
        var key = await server.OpenRecallAsync();
        var commander = new Crisis.Core.Incidents.Actor("commander-user", Roles.Commander);
        server.Service<Crisis.Core.Incidents.IncidentLifecycle>().SetStatus(key, Crisis.Core.Incidents.IncidentStatus.Resolved, commander, null,
            new Crisis.Core.Incidents.OpenStepsAcknowledgement("Followed up outside the incident"));
        var review = server.Service<Crisis.Core.Reviews.PostIncidentReviews>().Open(key, commander);
        using var responder = await Browser.SignedInAs(server, Roles.Responder, "zh-CN");
        var page = $"/incidents/{key}/review";
        var form = new Dictionary<string, string> { ["version"] = review.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        for (var i = 0; i < 5; i++) form[$"form.Whys[{i}]"] = $"Why {i + 1}";
        form[$"form.{overdone}"] = overdone == "Summary" ? new string('x', 20_001) : "One more";

        using var saved = await responder.PostForm(page, page + "?handler=Save", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(refusal, System.Net.WebUtility.HtmlDecode(await responder.Html(page)));
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

    [Fact]
    public async Task A_refused_choice_in_a_group_of_tick_boxes_is_named_once_on_the_group()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        using var refused = await commander.PostForm("/risks/new", "/risks/new", new()
        {
            ["title"] = "Moulds drift", ["category"] = "recall", ["likelihood"] = "2", ["impact"] = "3", ["ownerPersonId"] = "0", ["playbooks"] = "../../etc/passwd",
        });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "id=\"playbooks-problem\""));
        Assert.Matches("<fieldset name=\"playbooks\"[^>]*aria-invalid=\"true\"", html);
    }
}
