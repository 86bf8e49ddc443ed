using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;

namespace Crisis.Web.Tests.Api;

/// <summary>The insights over HTTP, on a server of its own: the figures depend on every incident the server holds.</summary>
public sealed class InsightsApiTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Leadership_reads_the_response_times_and_the_steps_missed_most_in_its_language_and_a_wrong_range_is_named()
    {
        var first = await server.OpenRecallAsync(severity: 1);
        server.Time.Advance(TimeSpan.FromMinutes(12));
        server.Service<StepActions>().Complete(first, "confirm-defect", new Actor("commander-user"));
        server.Time.Advance(TimeSpan.FromHours(3));
        server.Service<IncidentLifecycle>().SetStatus(first, IncidentStatus.Contained, new Actor("commander-user"), "Listings paused");
        var second = await server.OpenRecallAsync(severity: 2);

        using var response = await server.Client(Roles.Viewer).GetAsync("/api/insights?lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var insights = await Json(response);
        Assert.Equal(2, insights.GetProperty("incidentCount").GetInt32());
        var acknowledge = insights.GetProperty("overall").GetProperty("acknowledge");
        Assert.Equal((1, 12.0), (acknowledge.GetProperty("count").GetInt32(), acknowledge.GetProperty("medianMinutes").GetDouble()));
        Assert.Equal(192.0, insights.GetProperty("overall").GetProperty("contain").GetProperty("medianMinutes").GetDouble());
        var recall = insights.GetProperty("byCategory")[0];
        Assert.Equal(("recall", "产品召回"), (recall.GetProperty("key").GetString(), recall.GetProperty("name").GetString()));
        Assert.Equal([first, second], recall.GetProperty("incidents").EnumerateArray().Select(key => key.GetString()));
        Assert.Equal(["一级", "二级"], insights.GetProperty("bySeverity").EnumerateArray().Select(group => group.GetProperty("name").GetString()));
        Assert.Equal("2026年第4季度", insights.GetProperty("byQuarter")[0].GetProperty("name").GetString());
        var month = insights.GetProperty("byMonth").EnumerateArray().Single(month => month.GetProperty("incidents").GetArrayLength() > 0);
        Assert.Equal(("2026年11月", "产品召回", 2L), (month.GetProperty("name").GetString(), month.GetProperty("byCategory")[0].GetProperty("name").GetString(),
            month.GetProperty("byCategory")[0].GetProperty("count").GetInt64()));
        Assert.Equal(JsonValueKind.Null, insights.GetProperty("exerciseScores").ValueKind);
        Assert.All(insights.GetProperty("stepsMissedMost").EnumerateArray(), step => Assert.False(string.IsNullOrEmpty(step.GetProperty("role").GetString())));

        using var drills = await server.Client(Roles.Viewer).GetAsync("/api/insights?exercises=true");
        var drillFigures = await Json(drills);
        Assert.Equal(0, drillFigures.GetProperty("incidentCount").GetInt32());
        Assert.Equal(0, drillFigures.GetProperty("exerciseScores").GetProperty("exercises").GetArrayLength());
        using var backwards = await server.Client(Roles.Viewer).GetAsync("/api/insights?from=2026-11-02&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("from", (await Json(backwards)).GetProperty("field").GetString());
        using var anonymous = await server.Client(null).GetAsync("/api/insights");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
