using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Api;

[Collection(nameof(CrisisServer))]
public class RisksApiTests(CrisisServer server)
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static object Risk(int likelihood = 3, int impact = 5, string[]? playbooks = null) => new
    {
        title = "Cracked baby bottles force a recall", category = "recall", likelihood, impact, playbooks = playbooks ?? ["product-recall"],
        scenarios = new[] { "recall-before-singles-day" }, description = "A batch cracks after sterilising.", controls = "- Batch traceability",
    };

    private async Task<long> Create(object? risk = null)
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync("/api/risks", risk ?? Risk());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    /// <summary>What each role may do to the register, written out rather than derived from the permissions, so a wrong grant fails here.</summary>
    public static TheoryData<string, string, string, HttpStatusCode> Access()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        var write = new[] { Roles.Admin, Roles.Commander };
        foreach (var role in Roles.All)
        {
            data.Add(role, "GET", "/api/risks", HttpStatusCode.OK);
            data.Add(role, "GET", "/api/risks/{id}", HttpStatusCode.OK);
            data.Add(role, "POST", "/api/risks", write.Contains(role) ? HttpStatusCode.Created : HttpStatusCode.Forbidden);
            data.Add(role, "PATCH", "/api/risks/{id}", write.Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Access))]
    public async Task Every_reader_reads_the_register_and_only_editors_write_it(string role, string method, string path, HttpStatusCode expected)
    {
        var id = await Create();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", $"{id}"));
        request.Content = method switch { "POST" => JsonContent.Create(Risk()), "PATCH" => JsonContent.Create(new { likelihood = 2 }), _ => null };
        using var response = await server.Client(role).SendAsync(request);
        Assert.True(expected == response.StatusCode, $"{role} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        using var anonymous = await server.Client(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", $"{id}")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_likelihood_out_of_the_scale_is_refused_naming_the_field_and_the_risk_stays_as_it_was()
    {
        var commander = server.Client(Roles.Commander);
        using var refused = await commander.PostAsJsonAsync("/api/risks", Risk(likelihood: 0));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("likelihood", (await Json(refused)).GetProperty("field").GetString());

        var id = await Create();
        using var patch = await commander.PatchAsJsonAsync($"/api/risks/{id}", new { impact = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        var problem = await Json(patch);
        Assert.Equal("impact", problem.GetProperty("field").GetString());
        Assert.Contains("from 1 to 5", problem.GetProperty("detail").GetString());
        Assert.Equal(5, (await Json(await commander.GetAsync($"/api/risks/{id}"))).GetProperty("impact").GetInt32());

        // A change sends only what changes: a misspelt field is refused by name, not ignored as a change of nothing.
        using var misspelt = await commander.PatchAsJsonAsync($"/api/risks/{id}", new { likelyhood = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Contains("likelyhood", await misspelt.Content.ReadAsStringAsync());
        Assert.Equal(1, (await Json(await commander.GetAsync($"/api/risks/{id}"))).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_risk_answers_with_its_readiness_and_gaps_in_the_language_asked_for_and_a_change_moves_it()
    {
        // No playbook: whether another test on this server has exercised one cannot change what this risk calls out.
        var id = await Create(Risk(likelihood: 3, impact: 5, playbooks: []));
        var risk = await Json(await server.Client(Roles.Viewer).GetAsync($"/api/risks/{id}?lang=zh-CN"));
        var readiness = risk.GetProperty("readiness");
        Assert.Equal(("not-ready", "未就绪"), (readiness.GetProperty("level").GetString(), readiness.GetProperty("levelName").GetString()));
        Assert.False(readiness.GetProperty("hasPlaybook").GetBoolean());
        var gap = Assert.Single(readiness.GetProperty("gaps").EnumerateArray());
        Assert.Equal("no-playbook", gap.GetProperty("kind").GetString());
        Assert.Equal("高风险却没有预案：请编写或关联一个预案。", gap.GetProperty("words").GetString());
        Assert.Equal(("可能", "严重", "产品召回"), (risk.GetProperty("likelihoodName").GetString(), risk.GetProperty("impactName").GetString(),
            risk.GetProperty("categoryName").GetString()));

        using var changed = await server.Client(Roles.Commander).PatchAsJsonAsync($"/api/risks/{id}", new { likelihood = 1, impact = 2, expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var lower = await Json(changed);
        Assert.Equal(("ready", 2L), (lower.GetProperty("readiness").GetProperty("level").GetString(), lower.GetProperty("version").GetInt64()));

        var cell = await Json(await server.Client(Roles.Viewer).GetAsync("/api/risks?likelihood=1&impact=2"));
        Assert.Contains(cell.EnumerateArray(), entry => entry.GetProperty("id").GetInt64() == id);
        Assert.All(cell.EnumerateArray(), entry => Assert.Equal((1, 2), (entry.GetProperty("likelihood").GetInt32(), entry.GetProperty("impact").GetInt32())));

        using var stale = await server.Client(Roles.Commander).PatchAsJsonAsync($"/api/risks/{id}", new { impact = 3, expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }
}
