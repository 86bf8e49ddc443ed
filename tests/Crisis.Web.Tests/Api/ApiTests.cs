using Crisis.Core.Incidents;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Api;

[Collection(nameof(CrisisServer))]
public class ApiTests(CrisisServer server)
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        using var response = await server.Client(null).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await Json(response)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/playbooks")]
    [InlineData("GET", "/api/incidents")]
    [InlineData("POST", "/api/incidents")]
    [InlineData("GET", "/api/people")]
    public async Task Every_api_call_needs_a_token(string method, string path)
    {
        using var anonymous = await server.Client(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        var forged = server.Client(null);
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "crisis_forged-token");
        using var rejected = await forged.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    public static TheoryData<string, string, string, bool> Authorisation => new()
    {
        // role, method, path template, allowed
        { Roles.Viewer, "GET", "/api/incidents/{key}", true },
        { Roles.Viewer, "POST", "/api/incidents/{key}/steps/confirm-defect/complete", false },
        { Roles.Viewer, "POST", "/api/incidents", false },
        { Roles.Responder, "POST", "/api/incidents/{key}/steps/confirm-defect/complete", true },
        { Roles.Responder, "POST", "/api/incidents/{key}/status", false },
        { Roles.Responder, "POST", "/api/incidents", false },
        { Roles.Responder, "POST", "/api/people", false },
        { Roles.Trainer, "POST", "/api/incidents/{key}/steps/confirm-defect/complete", true },
        { Roles.Trainer, "POST", "/api/incidents/{key}/severity", false },
        { Roles.Commander, "POST", "/api/incidents/{key}/status", true },
        { Roles.Commander, "POST", "/api/incidents/{key}/roles", true },
        { Roles.Admin, "POST", "/api/incidents/{key}/status", true },
    };

    [Theory]
    [MemberData(nameof(Authorisation))]
    public async Task Each_role_may_do_only_what_it_is_allowed(string role, string method, string pathTemplate, bool allowed)
    {
        var key = await server.OpenRecallAsync();
        var body = pathTemplate switch
        {
            "/api/incidents" => new { playbookId = "product-recall", title = "Auth test", severity = 2 } as object,
            _ when pathTemplate.EndsWith("/status") => new { status = "contained" },
            _ when pathTemplate.EndsWith("/severity") => new { severity = 2 },
            _ when pathTemplate.EndsWith("/roles") => new { role = "quality", personId = server.Quality.Id },
            "/api/people" => new { name = "New Person" },
            _ => new { },
        };
        var request = new HttpRequestMessage(new HttpMethod(method), pathTemplate.Replace("{key}", key));
        if (method == "POST") request.Content = JsonContent.Create(body);
        using var response = await server.Client(role).SendAsync(request);
        if (allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{role} {method} {pathTemplate}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Playbooks_are_listed_and_shown_with_their_steps()
    {
        var client = server.Client(Roles.Viewer);
        var list = await Json(await client.GetAsync("/api/playbooks"));
        var recall = list.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "product-recall" && p.GetProperty("language").GetString() == "en");
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == "product-recall" && p.GetProperty("language").GetString() == "zh-CN");
        Assert.Equal("recall", recall.GetProperty("category").GetString());
        Assert.True(recall.GetProperty("steps").GetInt32() > 30);
        Assert.True(recall.GetProperty("usable").GetBoolean());

        var detail = await Json(await client.GetAsync("/api/playbooks/product-recall"));
        var firstStep = detail.GetProperty("playbook").GetProperty("phases")[0].GetProperty("steps")[0];
        Assert.Equal("confirm-defect", firstStep.GetProperty("id").GetString());
        Assert.Equal("quality", firstStep.GetProperty("role").GetString());

        await AssertProblem(await client.GetAsync("/api/playbooks/nope"), HttpStatusCode.NotFound, "no playbook with id 'nope'");
    }

    [Fact]
    public async Task A_playbooks_diagnostics_carry_a_stable_code_and_a_message_in_the_requests_language()
    {
        var file = Path.Combine(server.PlaybookFolder, "api-broken-front-matter.md");
        File.WriteAllText(file, "---\nid: Broken Id\ntitle: Broken\nversion: 1\n---\n## Act\n- Do it\n");
        try
        {
            var english = await Json(await server.Client(Roles.Viewer).GetAsync("/api/playbooks/api-broken-front-matter"));
            using var chineseClient = server.Client(Roles.Viewer);
            chineseClient.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
            var chinese = await Json(await chineseClient.GetAsync("/api/playbooks/api-broken-front-matter"));

            var (en, zh) = (english.GetProperty("diagnostics")[0], chinese.GetProperty("diagnostics")[0]);
            Assert.Equal(("front-matter-not-slug", "front-matter-not-slug"), (en.GetProperty("code").GetString(), zh.GetProperty("code").GetString()));
            Assert.Equal("id 'Broken Id' must be a lowercase slug: letters, digits and single '-'", en.GetProperty("message").GetString());
            Assert.Equal("id“Broken Id”必须是小写短名：只能用小写字母、数字和单个“-”", zh.GetProperty("message").GetString());
            Assert.Equal(("error", 2, 5), (zh.GetProperty("severity").GetString(), zh.GetProperty("line").GetInt32(), zh.GetProperty("column").GetInt32()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_commander_opens_an_incident_and_a_responder_works_its_checklist()
    {
        var commander = server.Client(Roles.Commander);
        using var created = await commander.PostAsJsonAsync("/api/incidents", new
        {
            playbookId = "product-recall",
            title = "Mould in oat milk, batch 2611",
            severity = "SEV2",
            roles = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = await Json(created);
        var key = incident.GetProperty("key").GetString()!;
        Assert.Matches(@"^INC-2026-\d{4}$", key);
        Assert.Equal($"/api/incidents/{key}", created.Headers.Location?.OriginalString);
        var step = incident.GetProperty("phases")[0].GetProperty("steps")[0];
        Assert.Equal("confirm-defect", step.GetProperty("id").GetString());
        Assert.Equal("todo", step.GetProperty("status").GetString());
        Assert.Equal(server.Time.GetUtcNow().AddHours(2), step.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Zhang Min", incident.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "quality").GetProperty("personName").GetString());

        var responder = server.Client(Roles.Responder);
        var ticked = await Json(await responder.PostAsync($"/api/incidents/{key}/steps/confirm-defect/complete", null));
        Assert.True(ticked.GetProperty("changed").GetBoolean());
        Assert.Equal("done", ticked.GetProperty("step").GetProperty("status").GetString());
        Assert.Equal("responder-user", ticked.GetProperty("step").GetProperty("statusBy").GetString());
        var again = await Json(await responder.PostAsync($"/api/incidents/{key}/steps/confirm-defect/complete", null));
        Assert.False(again.GetProperty("changed").GetBoolean());

        var skipped = await Json(await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/check-recalls-abroad/skip", new { reason = "Only sold in China" }));
        Assert.Equal("Only sold in China", skipped.GetProperty("step").GetProperty("reason").GetString());
        await AssertProblem(await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/stop-sale/block", new { }), HttpStatusCode.BadRequest, "a reason to block the step is required");

        var contained = await Json(await commander.PostAsJsonAsync($"/api/incidents/{key}/status", new { status = "contained" }));
        Assert.Equal("contained", contained.GetProperty("status").GetString());

        var listed = await Json(await server.Client(Roles.Viewer).GetAsync("/api/incidents?status=contained"));
        Assert.Contains(listed.EnumerateArray(), i => i.GetProperty("key").GetString() == key);

        var timeline = await Json(await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/timeline"));
        var kinds = timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal([EventKinds.IncidentOpened, EventKinds.RoleAssigned, EventKinds.RoleAssigned, EventKinds.StepCompleted, EventKinds.StepSkipped, EventKinds.IncidentStatusChanged], kinds);
        var last = timeline.EnumerateArray().Last();
        Assert.Equal("commander-user", last.GetProperty("actor").GetString());
        Assert.Equal(6, last.GetProperty("seq").GetInt32());
        Assert.Equal(timeline[4].GetProperty("hash").GetString(), last.GetProperty("prevHash").GetString());
        Assert.Equal("contained", last.GetProperty("data").GetProperty("to").GetString());

        var verification = await Json(await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/timeline/verification"));
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
    }

    [Fact]
    public async Task Resolving_with_open_steps_answers_409_with_them_until_acknowledged_with_a_reason()
    {
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);
        var status = $"/api/incidents/{key}/status";

        using var refused = await commander.PostAsJsonAsync(status, new { status = "resolved", comment = "Quiet since noon" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await Json(refused);
        Assert.Contains("open steps", problem.GetProperty("detail").GetString());
        var open = problem.GetProperty("openSteps").EnumerateArray().ToList();
        Assert.True(open[0].GetProperty("requiredByLaw").GetBoolean(), "the steps the law requires come first");
        Assert.False(open[^1].GetProperty("requiredByLaw").GetBoolean());
        var report = open.Single(step => step.GetProperty("id").GetString() == "report-to-samr");
        Assert.Equal(("Report the defect to the market regulator", "todo", "legal"),
            (report.GetProperty("text").GetString(), report.GetProperty("status").GetString(), report.GetProperty("role").GetString()));
        Assert.True(report.TryGetProperty("owner", out _));

        await AssertProblem(await commander.PostAsJsonAsync(status, new { status = "closed", reason = "no acknowledgement" }), HttpStatusCode.Conflict, "open steps");
        await AssertProblem(await commander.PostAsJsonAsync(status, new { status = "resolved", acknowledgeOpenSteps = true }),
            HttpStatusCode.BadRequest, "a reason to leave steps open is required");
        Assert.Equal("open", (await Json(await commander.GetAsync($"/api/incidents/{key}"))).GetProperty("status").GetString());

        var resolved = await Json(await commander.PostAsJsonAsync(status,
            new { status = "resolved", comment = "Quiet since noon", acknowledgeOpenSteps = true, reason = "Legal files the reports in the morning" }));
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        var changed = (await Json(await commander.GetAsync($"/api/incidents/{key}/timeline"))).EnumerateArray().Last().GetProperty("data");
        Assert.Equal("Legal files the reports in the morning", changed.GetProperty("reason").GetString());
        Assert.Equal("Quiet since noon", changed.GetProperty("comment").GetString());
        Assert.Equal(open.Select(step => step.GetProperty("id").GetString()), changed.GetProperty("leftOpen").EnumerateArray().Select(id => id.GetString()));
    }

    [Fact]
    public async Task Timeline_verification_gives_the_signed_head_and_names_a_steps_row_edited_in_the_database()
    {
        var key = await server.OpenRecallAsync();
        await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/complete", new { });
        var viewer = server.Client(Roles.Viewer);
        var verification = await Json(await viewer.GetAsync($"/api/incidents/{key}/timeline/verification"));
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
        var head = verification.GetProperty("anchoredHead");
        Assert.Equal(verification.GetProperty("eventCount").GetInt32(), head.GetProperty("seq").GetInt32());
        Assert.Equal(server.Services.GetRequiredService<TimelineAnchors>().KeyFingerprint, head.GetProperty("key").GetString());

        using (var connection = server.Services.GetRequiredService<Crisis.Core.Storage.Database>().Open())
        {
            Dapper.SqlMapper.Execute(connection, "UPDATE steps SET status = 'todo' WHERE step_id = 'confirm-defect' AND incident_id = (SELECT id FROM incidents WHERE key = @key)", new { key });
        }
        verification = await Json(await viewer.GetAsync($"/api/incidents/{key}/timeline/verification"));
        Assert.False(verification.GetProperty("isIntact").GetBoolean());
        Assert.Contains("step 'confirm-defect' does not hold what its events say (status is 'todo', the events say 'done'",
            Assert.Single(verification.GetProperty("problems").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task An_event_forged_into_the_database_between_two_changes_is_named_by_verification()
    {
        var key = await server.OpenRecallAsync();
        var responder = server.Client(Roles.Responder);
        await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/complete", new { });
        long forged;
        using (var connection = server.Services.GetRequiredService<Crisis.Core.Storage.Database>().Open())
        {
            // what someone who can write the file and has read the source does: the right chain hash, the head moved on
            var head = Dapper.SqlMapper.QuerySingle<(long Seq, string Hash)>(connection, "SELECT last_event_seq, last_event_hash FROM incidents WHERE key = @key", new { key });
            forged = head.Seq + 1;
            var (at, actor, kind, data) = ("2026-11-02T09:45:00.000Z", "mallory", EventKinds.StepCompleted, """{"stepId":"preserve-evidence"}""");
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join('\n', head.Hash, key, forged.ToString(System.Globalization.CultureInfo.InvariantCulture), at, actor, kind, data))));
            Dapper.SqlMapper.Execute(connection,
                """
                INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash)
                VALUES ((SELECT id FROM incidents WHERE key = @key), @forged, @at, @actor, @kind, @data, @prev, @hash);
                UPDATE incidents SET last_event_seq = @forged, last_event_hash = @hash WHERE key = @key;
                """, new { key, forged, at, actor, kind, data, prev = head.Hash, hash });
        }
        await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/count-units/complete", new { });

        var verification = await Json(await server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}/timeline/verification"));

        Assert.False(verification.GetProperty("isIntact").GetBoolean());
        Assert.Contains($"event {forged} was added without a signed checkpoint: written outside Crisis, or while checkpoints could not be written",
            Assert.Single(verification.GetProperty("problems").EnumerateArray()).GetString());
        Assert.Equal(forged + 1, verification.GetProperty("anchoredHead").GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict()
    {
        var key = await server.OpenRecallAsync();
        var responder = server.Client(Roles.Responder);
        await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/start", new { expectedVersion = 1 });
        await AssertProblem(await responder.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/complete", new { expectedVersion = 1 }),
            HttpStatusCode.Conflict, "was changed by responder-user");
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("", "'playbookId' is required")]
    [InlineData("{\"playbookId\":\"product-recall\",\"title\":\"x\",\"title\":\"y\",\"severity\":1}", "Duplicate property 'title'")]
    [InlineData("{\"title\":\"x\",\"severity\":1}", "'playbookId' is required")]
    [InlineData("{\"playbookId\":\"product-recall\",\"severity\":1}", "'title' is required")]
    [InlineData("{\"playbookId\":\"product-recall\",\"severity\":1,\"title\":\"TOO_LONG\"}", "the limit is 200")]
    [InlineData("{\"playbookId\":\"product-recall\",\"title\":\"x\"}", "'severity' is required")]
    [InlineData("{\"playbookId\":\"product-recall\",\"title\":\"x\",\"severity\":\"high\"}", "'severity' must be")]
    [InlineData("{\"playbookId\":\"product-recall\",\"title\":\"x\",\"severity\":9}", "severity 9 is not one of")]
    [InlineData("{\"playbookId\":\"product-recall\",\"title\":\"x\",\"severity\":1,\"roles\":{\"quality\":\"zhang\"}}", "must be a whole number")]
    [InlineData("{\"playbookId\":\"product-recall\",\"title\":\"x\",\"severity\":1,\"roles\":{\"pilot\":1}}", "role 'pilot' is not a role")]
    public async Task Bad_requests_get_a_problem_that_says_what_is_wrong(string body, string detail)
    {
        body = body.Replace("TOO_LONG", new string('x', 201));
        using var response = await server.Client(Roles.Commander).PostAsync("/api/incidents", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest, detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    public async Task A_body_is_read_as_JSON_whatever_content_type_it_is_labelled_with(string? contentType)
    {
        // curl -d sends form-urlencoded and scripts often send no content type at all; the API has always read the body as JSON.
        HttpContent Body(string json)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            if (contentType is not null) content.Headers.ContentType = new(contentType);
            return content;
        }
        var key = await server.OpenRecallAsync();
        using var started = await server.Client(Roles.Responder).PostAsync($"/api/incidents/{key}/steps/confirm-defect/start", Body(""));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        using var contained = await server.Client(Roles.Commander).PostAsync($"/api/incidents/{key}/status", Body("{\"status\":\"contained\"}"));
        Assert.Equal(HttpStatusCode.OK, contained.StatusCode);
        Assert.Equal("contained", (await Json(contained)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/incidents/{key}/status")]
    [InlineData("/api/incidents/{key}/steps/confirm-defect/start")]
    public async Task A_body_of_JSON_null_is_not_an_object_whether_the_body_is_required_or_may_be_left_out(string path)
    {
        var key = await server.OpenRecallAsync();
        using var response = await server.Client(Roles.Commander).PostAsync(path.Replace("{key}", key), new StringContent("null", Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest, "the request body must be a JSON object");
    }

    [Fact]
    public async Task Unknown_things_are_404_with_a_problem()
    {
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);
        await AssertProblem(await commander.GetAsync("/api/incidents/INC-1999-0001"), HttpStatusCode.NotFound, "no incident INC-1999-0001");
        await AssertProblem(await commander.PostAsync($"/api/incidents/{key}/steps/no-such-step/complete", null), HttpStatusCode.NotFound, "has no step 'no-such-step'");
        await AssertProblem(await commander.PostAsync($"/api/incidents/{key}/steps/confirm-defect/explode", null), HttpStatusCode.NotFound, "unknown step action 'explode'");
        await AssertProblem(await commander.PostAsJsonAsync("/api/incidents", new { playbookId = "nope", title = "x", severity = 1 }), HttpStatusCode.NotFound, "no playbook with id 'nope'");
        await AssertProblem(await commander.PostAsJsonAsync($"/api/incidents/{key}/roles", new { role = "quality", personId = 4242 }), HttpStatusCode.NotFound, "no person with id 4242");
        await AssertProblem(await commander.GetAsync("/api/incidents?status=finished"), HttpStatusCode.BadRequest, "unknown status 'finished'");
    }

    [Fact]
    public async Task An_incident_can_be_opened_from_the_chinese_playbook()
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "奶瓶破裂，批次 2611", severity = 1, language = "zh-CN" });
        var incident = await Json(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("zh-CN", incident.GetProperty("language").GetString());
        var step = incident.GetProperty("phases")[0].GetProperty("steps")[0];
        Assert.Equal("confirm-defect", step.GetProperty("id").GetString());
        Assert.StartsWith("确认缺陷", step.GetProperty("text").GetString());
        await AssertProblem(await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "x", severity = 1, language = "fr" }), HttpStatusCode.BadRequest, "'language' must be");
    }

    [Theory]
    [InlineData("{\"roles\":\"quality\",\"name\":\"x\"}", "'roles' must be a list of strings")]
    [InlineData("{\"roles\":[1],\"name\":\"x\"}", "'roles' must be a list of strings")]
    [InlineData("{\"email\":\"x@example.com\"}", "'name' is required")]
    public async Task Bad_people_are_refused_with_a_reason(string body, string detail)
    {
        using var response = await server.Client(Roles.Commander).PostAsync("/api/people", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Escalating_severity_adds_steps()
    {
        var key = await server.OpenRecallAsync(severity: 3);
        var commander = server.Client(Roles.Commander);
        var before = await Json(await commander.GetAsync($"/api/incidents/{key}"));
        var escalated = await Json(await commander.PostAsJsonAsync($"/api/incidents/{key}/severity", new { severity = 1 }));
        Assert.Equal(1, escalated.GetProperty("severity").GetInt32());
        static int Count(JsonElement incident) => incident.GetProperty("phases").EnumerateArray().Sum(p => p.GetProperty("steps").GetArrayLength());
        Assert.True(Count(escalated) > Count(before));
    }
}
