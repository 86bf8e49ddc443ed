using System.Net;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Crisis.Web.Tests.Pages;

[Collection(nameof(CrisisServer))]
public class PageTests(CrisisServer server)
{
    public enum Answer { Page = (int)HttpStatusCode.OK, Forbidden = (int)HttpStatusCode.Forbidden, SignIn = (int)HttpStatusCode.Redirect }

    private const Answer Ok = Answer.Page, No = Answer.Forbidden, SignIn = Answer.SignIn;
    private const string Anonymous = "anonymous";

    /// <summary>
    /// What production answers each role on each page, written out rather than derived from <see cref="Permissions"/>,
    /// so that a wrong grant fails here instead of being repeated by the test.
    /// </summary>
    private static readonly string[] Columns = [Roles.Admin, Roles.Commander, Roles.Responder, Roles.Trainer, Roles.Viewer, Roles.Agent, Anonymous];

    private static readonly (string Path, Answer[] Answers)[] Matrix =
    [
        //                                                admin commander responder trainer viewer agent anonymous
        ("/",                                             [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/playbooks",                                    [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/playbooks/product-recall",                     [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/playbooks/import",                             [Ok,   Ok,       No,       No,     No,    No,   SignIn]),
        ("/settings",                                     [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/my-work",                                      [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/incidents/{key}",                              [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/incidents/{key}/messages",                     [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/incidents/{key}/review",                       [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/incidents/{key}/export?file=checklist.pdf",    [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/incidents/{key}/messages/new",                 [Ok,   Ok,       Ok,       Ok,     No,    No,   SignIn]),
        ("/incidents/open",                               [Ok,   Ok,       No,       No,     No,    No,   SignIn]),
        ("/incidents/{key}/confirm-status?to=resolved",   [Ok,   Ok,       No,       No,     No,    No,   SignIn]),
        ("/admin/people",                                 [Ok,   Ok,       No,       No,     No,    No,   SignIn]),
        ("/admin/users",                                  [Ok,   No,       No,       No,     No,    No,   SignIn]),
        ("/admin/tokens",                                 [Ok,   No,       No,       No,     No,    No,   SignIn]),
        ("/exercises",                                    [Ok,   No,       No,       Ok,     No,    No,   SignIn]),
        ("/exercises?scenario=recall-before-singles-day", [Ok,   No,       No,       Ok,     No,    No,   SignIn]),
        ("/cases",                                        [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/cases?channel=tmall&status=open&clock=overdue&before=999", [Ok, Ok, Ok,  Ok,     Ok,    Ok,   SignIn]),
        ("/cases/{case}",                                 [Ok,   Ok,       Ok,       Ok,     Ok,    Ok,   SignIn]),
        ("/cases/new",                                    [Ok,   Ok,       Ok,       No,     No,    Ok,   SignIn]),
        ("/admin/case-settings",                          [Ok,   No,       No,       No,     No,    No,   SignIn]),
    ];

    public static TheoryData<string, string, Answer> PageAccess
    {
        get
        {
            var data = new TheoryData<string, string, Answer>();
            foreach (var (path, answers) in Matrix)
            {
                for (var column = 0; column < Columns.Length; column++) data.Add(Columns[column], path, answers[column]);
            }
            return data;
        }
    }

    [Fact]
    public void The_page_matrix_has_a_column_for_every_role()
    {
        Assert.Equal(Roles.All.Append(Anonymous).Order(), Columns.Order());
        Assert.All(Matrix, row => Assert.Equal(Columns.Length, row.Answers.Length));
    }

    [Theory]
    [MemberData(nameof(PageAccess))]
    public async Task Each_role_sees_only_its_pages_and_strangers_are_sent_to_sign_in(string role, string path, Answer expected)
    {
        using var browser = role == Anonymous ? new Browser(server.Address) : await Browser.SignedInAs(server, role);
        using var response = await browser.Get(path.Replace("{key}", await server.OpenRecallAsync()).Replace("{case}", $"{server.LogCase()}"));
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected == Answer.SignIn) Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery.Replace(server.Address.ToString(), "/"));
    }

    [Theory]
    [InlineData(Roles.Responder, "Status", "status=contained")]
    [InlineData(Roles.Trainer, "Severity", "severity=2")]
    [InlineData(Roles.Viewer, "Role", "role=quality&personId=1")]
    [InlineData(Roles.Viewer, "Step", "stepId=confirm-defect&verb=note&text=hi")]
    [InlineData(Roles.Responder, "KeyEvent", "seq=1&isKey=true")]
    [InlineData(Roles.Responder, "KeyUpdate", "keyUpdate=hi")]
    public async Task Each_action_on_the_checklist_checks_the_role_too(string role, string handler, string form)
    {
        var key = await server.OpenRecallAsync();
        using var browser = await Browser.SignedInAs(server, role);
        var fields = form.Split('&').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);
        using var response = await browser.PostForm($"/incidents/{key}", $"/incidents/{key}?handler={handler}", fields);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_things_are_a_404_page()
    {
        using var browser = await Browser.SignedInAs(server, Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Get("/playbooks/no-such-playbook")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Get("/messages/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Get("/incidents/INC-1999-0001/messages")).StatusCode);
        using var missing = await browser.Get("/incidents/INC-1999-0001");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Not found", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_commander_marks_key_events_and_adds_key_updates_on_the_timeline()
    {
        var key = await server.OpenRecallAsync();
        var path = $"/incidents/{key}";
        // A done step is not in the story by default, so it is one a commander may mark (the opening is there anyway).
        using var ticked = await server.Client(Roles.Commander).PostAsync($"/api/incidents/{key}/steps/confirm-defect/complete", null);
        ticked.EnsureSuccessStatusCode();
        var seq = server.Services.GetRequiredService<Timeline>().Read(key).Single(e => e.Kind == EventKinds.StepCompleted).Seq;
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Contains("Mark as key event", await commander.Html(path));
        using var marked = await commander.PostForm(path, path + "?handler=KeyEvent", new() { ["seq"] = $"{seq}", ["isKey"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.EndsWith($"#event-{seq}", marked.Headers.Location!.OriginalString);
        using var update = await commander.PostForm(path, path + "?handler=KeyUpdate", new() { ["keyUpdate"] = "Listings are down on every platform." });
        var page = await commander.Html(path);
        Assert.Contains("Unmark key event", page);
        Assert.Contains("Listings are down on every platform.", page);
        Assert.Contains("badge key-event-badge", page);
        using var empty = await commander.PostForm(path, path + "?handler=KeyUpdate", new() { ["keyUpdate"] = " " });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode); // the page again, the problem beside the field
        Assert.Contains("<p class=\"field-problem\" id=\"key-update-text-problem\">This is required.</p>", await empty.Content.ReadAsStringAsync());
        using var noToken = await commander.PostWithoutToken(path + "?handler=KeyUpdate", new() { ["keyUpdate"] = "forged" });
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        Assert.DoesNotContain("Mark as key event", await responder.Html(path));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_rejected()
    {
        var key = await server.OpenRecallAsync();
        using var browser = await Browser.SignedInAs(server, Roles.Commander);
        using var response = await browser.PostWithoutToken($"/incidents/{key}?handler=Status", new() { ["status"] = "closed" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("badge status-open", await browser.Html($"/incidents/{key}"));
    }

    [Fact]
    public async Task A_commander_opens_an_incident_through_the_form_and_a_responder_ticks_a_step()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var preview = await commander.Html("/incidents/open?playbook=product-recall&severity=1");
        Assert.Contains("Report the defect to the market regulator", preview);

        using var opened = await commander.PostForm("/incidents/open?playbook=product-recall&severity=1", "/incidents/open",
            new() { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "1", ["title"] = "Cracked bottles via the form", ["roles[quality]"] = server.Quality.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var path = opened.Headers.Location!.OriginalString;
        Assert.Matches("^/incidents/INC-2026-\\d{4}$", path);

        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        var page = await responder.Html(path);
        Assert.Contains("Cracked bottles via the form", page);
        Assert.Contains("Zhang Min · Quality lead", page);
        using var ticked = await responder.PostForm(path, path + "?handler=Step", new() { ["stepId"] = "confirm-defect", ["verb"] = "complete", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        Assert.EndsWith("#step-confirm-defect", ticked.Headers.Location!.OriginalString);
        var after = await responder.Html(path + "?filter=mine");
        Assert.Contains("Done: Confirm the defect", after); // a done step shows as done; reopening it is under its actions, not one tap away
        Assert.DoesNotContain("Stop producing, selling", after); // supply's step is not the responder's

        using var stale = await responder.PostForm(path, path + "?handler=Step", new() { ["stepId"] = "confirm-defect", ["verb"] = "reopen", ["version"] = "1" });
        Assert.Contains("This changed since you loaded the page", await responder.Html(path));

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        using var refused = await viewer.PostForm(path, path + "?handler=Step", new() { ["stepId"] = "stop-sale", ["verb"] = "complete" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Mark done:", await viewer.Html(path));
    }

    [Fact]
    public async Task The_incident_page_names_who_opened_it_and_who_ticked_a_step_as_the_timeline_does_not_by_account()
    {
        server.Service<Accounts>().AddUser("duty-lead", Roles.Commander, "a long password", "wang.fang@example.com");
        server.Service<PeopleDirectory>().Add(new NewPerson("Wang Fang", "wang.fang@example.com"));
        var dutyLead = new Actor("duty-lead", Roles.Commander);
        var key = server.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Loose caps", 2), dutyLead);
        server.Service<StepActions>().Complete(key, "confirm-defect", dutyLead);
        server.Service<ImpactLog>().Record(key, new ImpactFigures { OrdersAffected = 12 }, dutyLead);

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        var page = await viewer.Html($"/incidents/{key}");

        Assert.Matches("<p id=\"incident-head\"[^>]*>(?:(?!</p>).)*by Wang Fang</span>", page.ReplaceLineEndings(" "));
        Assert.DoesNotContain("duty-lead", page);

        server.Service<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, dutyLead, null, new OpenStepsAcknowledgement("Caps replaced"));
        server.Service<Crisis.Core.Reviews.PostIncidentReviews>().Open(key, dutyLead);
        var review = await viewer.Html($"/incidents/{key}/review");
        Assert.Contains("Opened by Wang Fang", review);
        Assert.DoesNotContain("duty-lead", review);
    }

    [Fact]
    public async Task My_work_names_who_drafted_a_message_waiting_for_approval_as_the_timeline_does_not_by_account()
    {
        server.Service<Accounts>().AddUser("press-officer", Roles.Responder, "a long password", "zhou.lin@example.com");
        server.Service<PeopleDirectory>().Add(new NewPerson("Zhou Lin", "zhou.lin@example.com"));
        var key = await server.OpenRecallAsync();
        server.Service<Crisis.Core.Communications.Messages>().Draft(key, new Crisis.Core.Communications.DraftRequest("holding-statement", "en", [],
            new Dictionary<string, string> { ["situation"] = "Cracked bottles", ["actions"] = "Sales paused", ["next_update"] = "18:00" }),
            new Actor("press-officer", Roles.Responder));

        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var myWork = await commander.Html("/my-work");

        Assert.Contains("drafted by Zhou Lin", myWork);
        Assert.DoesNotContain("press-officer", myWork);
    }

    [Fact]
    public async Task Resolving_from_the_status_form_asks_on_a_page_of_its_own_listing_the_open_steps_required_first()
    {
        var key = await server.OpenRecallAsync();
        var path = $"/incidents/{key}";
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Contains("Required by law", await commander.Html(path));

        // Without JavaScript: the status form's post goes to the confirmation, changing nothing yet.
        using var asked = await commander.PostForm(path, path + "?handler=Status", new() { ["status"] = "resolved", ["comment"] = "Quiet since noon" });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var confirm = asked.Headers.Location!.OriginalString;
        Assert.StartsWith($"/incidents/{key}/confirm-status?", confirm);
        var page = await commander.Html(confirm);
        Assert.Contains("badge status-open", await commander.Html(path));
        Assert.Contains("Quiet since noon", page);
        Assert.Contains("Why leave these steps open?", page);
        var listed = System.Text.RegularExpressions.Regex.Matches(page, "<li class=\"step\" id=\"open-([a-z0-9-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("report-to-samr", listed.First(id => id == "report-to-samr"));
        Assert.True(listed.IndexOf("report-to-samr") < listed.IndexOf("confirm-defect"), "the steps the law requires come first");

        using var noReason = await commander.PostForm(confirm, confirm, new() { ["to"] = "resolved", ["acknowledgeOpenSteps"] = "true", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("<p id=\"reason-error\" class=\"error\" role=\"alert\">This is required.</p>", await noReason.Content.ReadAsStringAsync());
        Assert.Contains("badge status-open", await commander.Html(path));

        using var resolved = await commander.PostForm(confirm, confirm,
            new() { ["to"] = "resolved", ["comment"] = "Quiet since noon", ["acknowledgeOpenSteps"] = "true", ["reason"] = "Legal files the reports in the morning" });
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Equal($"/incidents/{key}#controls", resolved.Headers.Location!.OriginalString);
        var after = await commander.Html(path);
        Assert.Contains("badge status-resolved", after);
        Assert.Contains("Legal files the reports in the morning", after);
        Assert.Contains($"{listed.Count} steps still open", after); // the timeline tells the change as the review's story does

        // Moving back to open needs no confirmation; the responder may not resolve at all.
        using var reopened = await commander.PostForm(path, path + "?handler=Status", new() { ["status"] = "open" });
        Assert.EndsWith("#controls", reopened.Headers.Location!.OriginalString);
        Assert.Contains("badge status-open", await commander.Html(path));
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        using var refused = await responder.PostForm(path, confirm, new() { ["to"] = "resolved", ["acknowledgeOpenSteps"] = "true", ["reason"] = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Script_in_a_playbook_or_a_note_comes_back_as_text()
    {
        File.WriteAllText(Path.Combine(server.PlaybookFolder, "hostile.md"),
            """
            ---
            id: hostile
            title: Hostile <script>alert('title')</script>
            version: 1
            roles:
              ops: Ops <img src=x onerror=alert(1)>
            ---

            Intro <script>alert('intro')</script> and [a link](javascript:alert('link')) and <javascript:alert(2)>.

            ## Act

            - Step <b onmouseover=alert(3)>bold</b> @ops due:+1h id:hostile-step
              Guidance <iframe src="https://evil.example"></iframe> [x](  JaVa&#09;ScRiPt:alert(4))
            """);
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var page = await commander.Html("/playbooks/hostile");
        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.DoesNotContain("<iframe", page);
        Assert.DoesNotContain("<b onmouseover", page);
        Assert.DoesNotContain("href=\"javascript", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert('intro')&lt;/script&gt;", page);

        using var api = server.Client(Roles.Commander);
        using var created = await api.PostAsync("/api/incidents", new StringContent("{\"playbookId\":\"hostile\",\"title\":\"<script>alert('t')</script>\",\"severity\":1}", System.Text.Encoding.UTF8, "application/json"));
        var key = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        using var noted = await commander.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Step",
            new() { ["stepId"] = "hostile-step", ["verb"] = "note", ["text"] = "<img src=x onerror=alert('note')> [click](javascript:alert(5))" });
        var incident = await commander.Html($"/incidents/{key}");
        Assert.DoesNotContain("<img src=x", incident);
        Assert.DoesNotContain("<script>alert", incident);
        Assert.DoesNotContain("href=\"javascript", incident, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img src=x onerror=alert('note')&gt;", incident);
    }

    [Fact]
    public async Task The_interface_speaks_chinese_to_a_chinese_browser_and_switches_on_request()
    {
        using var browser = await Browser.SignedInAs(server, Roles.Viewer, acceptLanguage: "zh-CN,zh;q=0.9");
        var dashboard = await browser.Html("/");
        Assert.Contains("<html lang=\"zh-CN\"", dashboard);
        Assert.Contains("事件", dashboard);
        Assert.Contains("English", dashboard);

        using var switched = await browser.PostForm("/", "/language", new() { ["culture"] = "en", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("<html lang=\"en\"", await browser.Html("/"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = await Browser.SignedInAs(server, Roles.Viewer);
        using var signedOut = await browser.PostForm("/", "/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await browser.Get("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
