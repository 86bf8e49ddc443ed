using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;

namespace Crisis.Web.Tests.Api;

/// <summary>The follow-up list and its changes over HTTP: every role reads it, those who act on incidents change it.</summary>
[Collection(nameof(CrisisServer))]
public class FollowUpsApiTests(CrisisServer server)
{
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A resolved recall whose review has one action item, owned by a person of its own so the list can be narrowed to it.</summary>
    private async Task<(Person Owner, long Id, string Key)> FollowUpOfItsOwn()
    {
        var owner = server.Service<PeopleDirectory>().Add(new NewPerson($"Owner {Guid.NewGuid():N}"[..14], "owner@aurora.example"));
        var key = await server.OpenRecallAsync();
        server.Service<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Followed up outside the incident"));
        var reviews = server.Service<PostIncidentReviews>();
        var review = reviews.Open(key, Commander);
        review = reviews.AddAction(key, new ActionItem { Title = "Requalify the mould", OwnerPersonId = owner.Id, DueDate = new DateOnly(2026, 12, 1), PlaybookChange = "product-recall" },
            review.Version, Commander);
        return (owner, review.Actions.Single().Id, key);
    }

    [Fact]
    public async Task Leadership_reads_the_list_and_a_follow_up_but_changes_nothing()
    {
        var (owner, id, key) = await FollowUpOfItsOwn();
        var viewer = server.Client(Roles.Viewer);

        var (status, list) = await Send(viewer, HttpMethod.Get, $"/api/follow-ups?owner={owner.Id}&status=to_do");
        Assert.Equal(HttpStatusCode.OK, status);
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal((id, "Requalify the mould", owner.Name, "2026-12-01", "open", key, "product-recall"),
            (item.GetProperty("id").GetInt64(), item.GetProperty("title").GetString(), item.GetProperty("owner").GetString(), item.GetProperty("dueDate").GetString(),
                item.GetProperty("status").GetString(), item.GetProperty("incidentKey").GetString(), item.GetProperty("playbookId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Send(viewer, HttpMethod.Get, $"/api/follow-ups/{id}")).Status);
        Assert.Single((await Send(viewer, HttpMethod.Get, $"/api/follow-ups?owner={owner.Id}&playbook=product-recall&source=real")).Body.EnumerateArray());
        Assert.Empty((await Send(viewer, HttpMethod.Get, $"/api/follow-ups?owner={owner.Id}&source=exercise")).Body.EnumerateArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await Send(viewer, HttpMethod.Patch, $"/api/follow-ups/{id}", new { status = "done", note = "Done" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server.Client(Roles.Agent), HttpMethod.Patch, $"/api/follow-ups/{id}", new { status = "in_progress" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(server.Client(null), HttpMethod.Get, "/api/follow-ups")).Status);
        Assert.Equal("open", (await Send(viewer, HttpMethod.Get, $"/api/follow-ups/{id}")).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_responder_closes_one_saying_what_was_done_and_bad_input_is_refused_by_field()
    {
        var (owner, id, _) = await FollowUpOfItsOwn();
        var responder = server.Client(Roles.Responder);
        async Task<string?> RefusedField(object body)
        {
            var (status, problem) = await Send(responder, HttpMethod.Patch, $"/api/follow-ups/{id}", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            return problem.TryGetProperty("field", out var field) ? field.GetString() : problem.GetProperty("detail").GetString();
        }

        Assert.Equal("note", await RefusedField(new { status = "done" }));
        Assert.Equal("note", await RefusedField(new { status = "wont_do", link = "https://wiki.example/moulds" }));
        Assert.Equal("link", await RefusedField(new { status = "done", link = "the wiki" }));
        Assert.Equal("status", await RefusedField(new { status = "finished" }));
        Assert.Equal("ownerPersonId", await RefusedField(new { ownerPersonId = 987654 }));
        Assert.Equal("playbookVersion", await RefusedField(new { status = "done", note = "Done", playbookVersion = 99 }));
        Assert.Contains("dueDay", await RefusedField(new { dueDay = "2026-12-20" })); // misspelt: refused, not ignored
        Assert.Equal("status", (await Send(responder, HttpMethod.Get, "/api/follow-ups?status=finished")).Body.GetProperty("field").GetString());

        Assert.Equal("riskId", await RefusedField(new { riskId = 987654 }));
        var risk = server.Service<Crisis.Core.Risks.RiskRegister>().Create(new Crisis.Core.Risks.RiskFields { Title = "Mould in stock", Category = "recall", Likelihood = 2, Impact = 3 },
            new Crisis.Core.Incidents.Actor("commander-user", Roles.Commander));
        var (status, changed) = await Send(responder, HttpMethod.Patch, $"/api/follow-ups/{id}", new { dueDate = "2026-12-20", riskId = risk, status = "in_progress" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("2026-12-20", (int)risk, "in_progress"), (changed.GetProperty("dueDate").GetString(), changed.GetProperty("riskId").GetInt32(), changed.GetProperty("status").GetString()));

        // The recall was opened from version 4, the library's now: the change cannot be in the version that needed it.
        Assert.Equal("playbookVersion", await RefusedField(new { status = "done", note = "Done", playbookVersion = 4 }));
        var (closedStatus, closed) = await Send(responder, HttpMethod.Patch, $"/api/follow-ups/{id}",
            new { status = "done", note = "Requalification is in the **supplier contract** now", link = "https://wiki.example/moulds" });
        Assert.Equal(HttpStatusCode.OK, closedStatus);
        var closing = closed.GetProperty("closing");
        Assert.Equal(("done", "https://wiki.example/moulds", JsonValueKind.Null, "responder-user"),
            (closed.GetProperty("status").GetString(), closing.GetProperty("link").GetString(), closing.GetProperty("playbookVersion").ValueKind, closing.GetProperty("closedBy").GetString()));
        Assert.Single((await Send(responder, HttpMethod.Get, $"/api/follow-ups?owner={owner.Id}&status=done")).Body.EnumerateArray());
        Assert.Empty((await Send(responder, HttpMethod.Get, $"/api/follow-ups?owner={owner.Id}&status=to_do")).Body.EnumerateArray());
    }
}
