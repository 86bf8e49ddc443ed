using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Signals;

namespace Crisis.Web.Tests.Api;

/// <summary>The triage API: who may do what, and an incident opened from a signal with nothing but its id.</summary>
[Collection(nameof(CrisisServer))]
public class SignalsApiTests(CrisisServer server)
{
    /// <summary>A fresh cluster signal on a batch of its own, evaluated before this returns.</summary>
    private SignalSummary Cluster()
    {
        var batch = $"A{Guid.NewGuid():N}"[..10];
        server.Service<CaseBook>().LogMany([.. Enumerable.Repeat(new NewCase
        {
            Channel = CaseChannels.JD, Category = CaseCategories.Safety, Batch = batch, Summary = "Lid snapped off",
        }, 5)], CaseSources.Api, new Actor("agent-user", Roles.Agent));
        server.Service<EarlyWarning>().EvaluateAll();
        return server.Service<SignalQueue>().List().Single(signal => signal.Fired[0].Value == batch);
    }

    public static TheoryData<string, string, HttpStatusCode> Permissions => new()
    {
        { Roles.Viewer, "", HttpStatusCode.OK },
        { Roles.Viewer, "/acknowledge", HttpStatusCode.Forbidden },
        { Roles.Agent, "/acknowledge", HttpStatusCode.OK },
        { Roles.Responder, "/dismiss", HttpStatusCode.OK },
        { Roles.Agent, "/open-incident", HttpStatusCode.Forbidden },
        { Roles.Responder, "/open-incident", HttpStatusCode.Forbidden },
        { Roles.Commander, "/open-incident", HttpStatusCode.Created },
    };

    [Theory]
    [MemberData(nameof(Permissions))]
    public async Task Everyone_reads_signals_case_workers_triage_them_and_only_incident_managers_open_incidents(string role, string action, HttpStatusCode expected)
    {
        var signal = Cluster();
        var client = server.Client(role);
        using var response = action == ""
            ? await client.GetAsync($"/api/signals/{signal.Id}")
            : await client.PostAsJsonAsync($"/api/signals/{signal.Id}{action}", action == "/dismiss" ? new { reason = "Courier damage" } : new object());
        Assert.True(response.StatusCode == expected, $"{role} {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task An_incident_opened_from_a_signal_with_an_empty_body_takes_its_suggestion_and_its_cases()
    {
        var signal = Cluster();
        var batch = signal.Fired[0].Value;
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/signals/{signal.Id}/open-incident", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = incident.GetProperty("key").GetString()!;
        Assert.Equal($"Cluster of safety complaints about batch {batch}", incident.GetProperty("title").GetString());
        Assert.Equal(("product-recall", 2), (incident.GetProperty("playbookId").GetString(), incident.GetProperty("severity").GetInt32()));
        Assert.Equal(5, server.Service<CaseBook>().Count(new CaseFilter { IncidentKey = key }));

        var timeline = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/timeline");
        var opened = timeline.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == EventKinds.IncidentOpenedFromSignal);
        Assert.Equal(signal.Id, opened.GetProperty("data").GetProperty("signal").GetInt64());

        var after = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/signals/{signal.Id}?lang=zh-CN");
        Assert.Equal(key, after.GetProperty("signal").GetProperty("incidentKey").GetString());
        Assert.Equal($"commander-user 根据预警创建了事件 {key}。", after.GetProperty("history").EnumerateArray().Last().GetProperty("sentence").GetString());
        using var twice = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/signals/{signal.Id}/open-incident", new { });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task A_dismissal_needs_a_reason_and_a_merge_needs_an_open_signal_to_go_into()
    {
        var signal = Cluster();
        var other = Cluster();
        var agent = server.Client(Roles.Agent);
        using var noReason = await agent.PostAsJsonAsync($"/api/signals/{signal.Id}/dismiss", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var nowhere = await agent.PostAsJsonAsync($"/api/signals/{signal.Id}/merge", new { into = 999_999 });
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);

        using var merged = await agent.PostAsJsonAsync($"/api/signals/{signal.Id}/merge", new { into = other.Id });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var into = await merged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((other.Id, 10), (into.GetProperty("id").GetInt64(), into.GetProperty("caseCount").GetInt32()));
        Assert.Equal(2, into.GetProperty("fired").GetArrayLength());
        using var back = await agent.PostAsJsonAsync($"/api/signals/{other.Id}/merge", new { into = signal.Id });
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
    }
}
