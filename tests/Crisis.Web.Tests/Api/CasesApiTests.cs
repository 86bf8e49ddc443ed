using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;

namespace Crisis.Web.Tests.Api;

[Collection(nameof(CrisisServer))]
public class CasesApiTests(CrisisServer server)
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>A complaint with a SKU of its own, so a test can list just its cases on the shared server.</summary>
    private static object Complaint(string sku, string channel = CaseChannels.Tmall, string? externalId = null) => new
    {
        channel, category = CaseCategories.Safety, summary = "奶瓶消毒后瓶底开裂", sku, batch = "2611", customerRef = "tb_mama_88",
        customerPhone = "138 0013 5678", customerAddress = "广东省广州市天河区体育西路 1 号", externalId,
    };

    private async Task<long> Log(string sku, string channel = CaseChannels.Tmall)
    {
        using var response = await server.Client(Roles.Agent).PostAsJsonAsync("/api/cases", Complaint(sku, channel));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private static string Sku() => "T-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>What each role may do to cases, written out rather than derived from the permissions, so a wrong grant fails here.</summary>
    public static TheoryData<string, string, string, HttpStatusCode> Access()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        var work = new[] { Roles.Admin, Roles.Commander, Roles.Responder, Roles.Agent };
        var reveal = new[] { Roles.Admin, Roles.Commander, Roles.Agent };
        foreach (var role in Roles.All)
        {
            HttpStatusCode If(IEnumerable<string> allowed, HttpStatusCode yes) => allowed.Contains(role) ? yes : HttpStatusCode.Forbidden;
            data.Add(role, "GET", "/api/cases", HttpStatusCode.OK);
            data.Add(role, "GET", "/api/cases/{id}", HttpStatusCode.OK);
            data.Add(role, "GET", "/api/cases/{id}/history", HttpStatusCode.OK);
            data.Add(role, "POST", "/api/cases", If(work, HttpStatusCode.Created));
            data.Add(role, "PATCH", "/api/cases/{id}", If(work, HttpStatusCode.OK));
            data.Add(role, "POST", "/api/cases/{id}/notes", If(work, HttpStatusCode.Created));
            data.Add(role, "POST", "/api/cases/assign", If(work, HttpStatusCode.OK));
            data.Add(role, "POST", "/api/cases/link", If(work, HttpStatusCode.OK));
            data.Add(role, "POST", "/api/cases/{id}/reveal", If(reveal, HttpStatusCode.OK));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Access))]
    public async Task Each_role_may_do_to_cases_what_its_permissions_grant_and_no_more(string role, string method, string path, HttpStatusCode expected)
    {
        var id = await Log(Sku());
        object? body = (method, path) switch
        {
            ("POST", "/api/cases") => Complaint(Sku()),
            ("PATCH", _) => new { status = CaseStatuses.InProgress },
            ("POST", "/api/cases/{id}/notes") => new { text = "Called back" },
            ("POST", "/api/cases/assign") => new { ids = new[] { id }, personId = server.Quality.Id },
            ("POST", "/api/cases/link") => new { ids = new[] { id }, incidentKey = await server.OpenRecallAsync() },
            _ => null,
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", $"{id}"));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await server.Client(role).SendAsync(request);
        Assert.True(expected == response.StatusCode, $"{role} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        using var anonymous = await server.Client(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", $"{id}")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_logged_case_answers_masked_and_a_repeat_by_external_id_or_idempotency_key_makes_no_second_case()
    {
        var agent = server.Client(Roles.Agent);
        var sku = Sku();
        using var created = await agent.PostAsJsonAsync("/api/cases", Complaint(sku, externalId: "ticket-" + sku));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var logged = await Json(created);
        var id = logged.GetProperty("id").GetInt64();
        Assert.Equal($"/api/cases/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("138****5678", logged.GetProperty("customerPhone").GetString());
        Assert.Equal("广东省广州市****", logged.GetProperty("customerAddress").GetString());
        Assert.Equal(CaseClockStates.OnTrack, logged.GetProperty("clockState").GetString());
        Assert.Equal(server.Time.GetUtcNow().AddHours(12), logged.GetProperty("responseDueAt").GetDateTimeOffset());

        using var again = await agent.PostAsJsonAsync("/api/cases", Complaint(sku, externalId: "ticket-" + sku));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await Json(again)).GetProperty("id").GetInt64());

        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Keyed() => new(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(Complaint(sku)), Headers = { { "Idempotency-Key", key } } };
        using var first = await agent.SendAsync(Keyed());
        using var replayed = await agent.SendAsync(Keyed());
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await Json(first)).GetProperty("id").GetInt64(), (await Json(replayed)).GetProperty("id").GetInt64());
        Assert.Equal(2, (await Json(await agent.GetAsync($"/api/cases?sku={sku}"))).GetProperty("cases").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_case_is_refused_naming_its_field_and_every_other_wrong_one()
    {
        using var response = await server.Client(Roles.Agent).PostAsJsonAsync("/api/cases", new { channel = "fax", summary = " ", customerPhone = "call me" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal("channel", problem.GetProperty("field").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'fax' is not a channel", detail);
        Assert.Contains("the category is required", detail);
        Assert.Contains("the summary is required", detail);
        Assert.Contains("phone number", detail);
    }

    [Fact]
    public async Task A_complaint_the_sender_has_worked_already_comes_in_with_its_status_and_an_open_one_with_a_resolved_time_is_refused()
    {
        var agent = server.Client(Roles.Agent);
        var now = server.Time.GetUtcNow();
        object Worked(string? status, DateTimeOffset? resolvedAt) => new
        {
            channel = CaseChannels.JD, category = CaseCategories.Quality, summary = "Teat split", sku = Sku(), receivedAt = now.AddHours(-3), status, resolvedAt,
        };

        using var resolved = await agent.PostAsJsonAsync("/api/cases", Worked(CaseStatuses.Resolved, now.AddHours(-1)));
        Assert.Equal(HttpStatusCode.Created, resolved.StatusCode);
        var view = await Json(resolved);
        Assert.Equal((CaseStatuses.Resolved, CaseClockStates.Met), (view.GetProperty("status").GetString(), view.GetProperty("clockState").GetString()));
        Assert.Equal(now.AddHours(-1), view.GetProperty("resolvedAt").GetDateTimeOffset());

        using var onlyTime = await agent.PostAsJsonAsync("/api/cases", Worked(null, now.AddHours(-2)));
        Assert.Equal(CaseStatuses.Resolved, (await Json(onlyTime)).GetProperty("status").GetString());
        using var blank = await agent.PostAsJsonAsync("/api/cases", Worked(" ", null));
        Assert.Equal(CaseStatuses.New, (await Json(blank)).GetProperty("status").GetString());

        using var contradiction = await agent.PostAsJsonAsync("/api/cases", Worked(CaseStatuses.InProgress, now.AddHours(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, contradiction.StatusCode);
        Assert.Equal("resolvedAt", (await Json(contradiction)).GetProperty("field").GetString());
        using var beforeReceived = await agent.PostAsJsonAsync("/api/cases", Worked(CaseStatuses.Closed, now.AddHours(-4)));
        Assert.Equal("resolvedAt", (await Json(beforeReceived)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_list_filters_masks_and_pages_by_the_id_it_gives_for_the_next_page()
    {
        var sku = Sku();
        var ids = new List<long>();
        foreach (var channel in new[] { CaseChannels.Tmall, CaseChannels.JD, CaseChannels.Tmall, CaseChannels.Hotline, CaseChannels.Tmall })
            ids.Add(await Log(sku, channel));
        var viewer = server.Client(Roles.Viewer);

        var first = await Json(await viewer.GetAsync($"/api/cases?sku={sku}&channel=tmall&limit=2"));
        Assert.Equal([ids[4], ids[2]], first.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.All(first.GetProperty("cases").EnumerateArray(), c => Assert.Equal("138****5678", c.GetProperty("customerPhone").GetString()));
        var next = first.GetProperty("nextBefore").GetInt64();
        var second = await Json(await viewer.GetAsync($"/api/cases?sku={sku}&channel=tmall&limit=2&before={next}"));
        Assert.Equal([ids[0]], second.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextBefore").ValueKind);

        Assert.Single((await Json(await viewer.GetAsync($"/api/cases?sku={sku}&channel=hotline&clockState=on-track&open=true"))).GetProperty("cases").EnumerateArray());
        Assert.Empty((await Json(await viewer.GetAsync($"/api/cases?sku={sku}&clockState=overdue"))).GetProperty("cases").EnumerateArray());
        using var wrongState = await viewer.GetAsync($"/api/cases?clockState=late");
        Assert.Equal(HttpStatusCode.BadRequest, wrongState.StatusCode);
        Assert.Equal("clockState", (await Json(wrongState)).GetProperty("field").GetString());
        Assert.DoesNotContain("138 0013 5678", await viewer.GetStringAsync($"/api/cases?sku={sku}"));
    }

    [Fact]
    public async Task A_change_made_against_a_stale_version_is_a_conflict_and_answering_starts_the_resolution_clock()
    {
        var id = await Log(Sku());
        var agent = server.Client(Roles.Agent);
        var version = (await Json(await agent.GetAsync($"/api/cases/{id}"))).GetProperty("version").GetInt64();

        using var changed = await agent.PatchAsJsonAsync($"/api/cases/{id}", new { status = CaseStatuses.InProgress, batch = "2612", expectedVersion = version });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await Json(changed);
        Assert.Equal(version + 1, after.GetProperty("version").GetInt64());
        Assert.Equal("2612", after.GetProperty("batch").GetString());
        Assert.Equal(server.Time.GetUtcNow(), after.GetProperty("respondedAt").GetDateTimeOffset());

        using var stale = await agent.PatchAsJsonAsync($"/api/cases/{id}", new { status = CaseStatuses.Resolved, expectedVersion = version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains($"it is at version {version + 1}", (await Json(stale)).GetProperty("detail").GetString());
        Assert.Equal(CaseStatuses.InProgress, (await Json(await agent.GetAsync($"/api/cases/{id}"))).GetProperty("status").GetString());

        using var wrongStatus = await agent.PatchAsJsonAsync($"/api/cases/{id}", new { status = "done" });
        Assert.Equal("status", (await Json(wrongStatus)).GetProperty("field").GetString());
        using var missing = await agent.PatchAsJsonAsync("/api/cases/999999999", new { status = CaseStatuses.Resolved });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_reveal_shows_the_full_contact_once_and_the_history_records_who_looked_and_the_notes()
    {
        var id = await Log(Sku());
        using var revealed = await server.Client(Roles.Commander).PostAsync($"/api/cases/{id}/reveal", null);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var contact = await Json(revealed);
        Assert.Equal("138 0013 5678", contact.GetProperty("customerPhone").GetString());
        Assert.Equal("广东省广州市天河区体育西路 1 号", contact.GetProperty("customerAddress").GetString());
        Assert.True(contact.GetProperty("contactRevealed").GetBoolean());
        Assert.Equal("138****5678", (await Json(await server.Client(Roles.Commander).GetAsync($"/api/cases/{id}"))).GetProperty("customerPhone").GetString());

        using var noted = await server.Client(Roles.Agent).PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "Called back: she keeps the bottle for us." });
        Assert.Equal(HttpStatusCode.Created, noted.StatusCode);
        Assert.Equal(CaseEventKinds.Noted, (await Json(noted)).GetProperty("kind").GetString());
        using var empty = await server.Client(Roles.Agent).PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await Json(empty)).GetProperty("errors").TryGetProperty("text", out _));

        var history = (await Json(await server.Client(Roles.Viewer).GetAsync($"/api/cases/{id}/history"))).EnumerateArray().ToList();
        Assert.Equal([CaseEventKinds.Created, CaseEventKinds.Revealed, CaseEventKinds.Noted], history.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("commander-user", history[1].GetProperty("actor").GetString());
        Assert.DoesNotContain("0013", string.Join("\n", history.Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task Cases_are_given_to_a_person_and_linked_to_an_incident_many_at_once()
    {
        var sku = Sku();
        var ids = new[] { await Log(sku), await Log(sku), await Log(sku) };
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);

        using var assigned = await commander.PostAsJsonAsync("/api/cases/assign", new { ids, personId = server.Quality.Id });
        Assert.Equal(3, (await Json(assigned)).GetProperty("changed").GetInt32());
        using var again = await commander.PostAsJsonAsync("/api/cases/assign", new { ids = ids[..2], personId = server.Quality.Id });
        Assert.Equal(0, (await Json(again)).GetProperty("changed").GetInt32());
        using var linked = await commander.PostAsJsonAsync("/api/cases/link", new { ids = ids[1..], incidentKey = key });
        Assert.Equal(2, (await Json(linked)).GetProperty("changed").GetInt32());

        var ofTheIncident = await Json(await commander.GetAsync($"/api/cases?incident={key}&ownerId={server.Quality.Id}"));
        Assert.Equal(ids[1..].Reverse(), ofTheIncident.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.All(ofTheIncident.GetProperty("cases").EnumerateArray(), c => Assert.Equal("Zhang Min", c.GetProperty("ownerName").GetString()));

        using var unknownIncident = await commander.PostAsJsonAsync("/api/cases/link", new { ids, incidentKey = "INC-1999-0001" });
        Assert.Equal(HttpStatusCode.NotFound, unknownIncident.StatusCode);
        Assert.Equal("incidentKey", (await Json(unknownIncident)).GetProperty("field").GetString());
        using var none = await commander.PostAsJsonAsync("/api/cases/assign", new { ids = Array.Empty<long>(), personId = server.Quality.Id });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        using var noBody = await commander.PostAsJsonAsync("/api/cases/link", new { incidentKey = key });
        Assert.Contains("'ids' is required", (await Json(noBody)).GetProperty("detail").GetString());
        using var unlinked = await commander.PostAsJsonAsync("/api/cases/link", new { ids, incidentKey = (string?)null });
        Assert.Equal(2, (await Json(unlinked)).GetProperty("changed").GetInt32());
    }
}
