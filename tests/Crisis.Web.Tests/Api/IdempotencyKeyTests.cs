using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Api;

/// <summary>A client that retries a creating request with the same Idempotency-Key gets the first answer, not a second incident or draft.</summary>
[Collection(nameof(CrisisServer))]
public class IdempotencyKeyTests(CrisisServer server)
{
    private async Task<int> IncidentCount() =>
        (await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>("/api/incidents")).GetArrayLength();

    private static HttpRequestMessage Keyed(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Recall(string title) => new { playbookId = "product-recall", title, severity = 1 };

    [Fact]
    public async Task The_same_key_opens_one_incident_and_answers_the_same_each_time()
    {
        var key = Guid.NewGuid().ToString();
        using var commander = server.Client(Roles.Commander);
        var before = await IncidentCount();

        using var first = await commander.SendAsync(Keyed("/api/incidents", Recall("Swollen pouches"), key));
        using var again = await commander.SendAsync(Keyed("/api/incidents", Recall("Swollen pouches"), key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(before + 1, await IncidentCount());
    }

    [Fact]
    public async Task Requests_sent_at_once_with_one_key_open_one_incident()
    {
        var key = Guid.NewGuid().ToString();
        using var commander = server.Client(Roles.Commander);
        var before = await IncidentCount();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => commander.SendAsync(Keyed("/api/incidents", Recall("Retried at once"), key))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.StatusCode));
        Assert.Single(answers.Select(answer => answer.Headers.Location).Distinct());
        Assert.Equal(before + 1, await IncidentCount());
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_opens_nothing()
    {
        var key = Guid.NewGuid().ToString();
        using var commander = server.Client(Roles.Commander);
        using var first = await commander.SendAsync(Keyed("/api/incidents", Recall("Rusty lids"), key));
        var before = await IncidentCount();

        using var other = await commander.SendAsync(Keyed("/api/incidents", Recall("Something else entirely"), key));

        Assert.True(other.StatusCode == HttpStatusCode.UnprocessableEntity, await other.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("different request", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await IncidentCount());
    }

    [Fact]
    public async Task Another_caller_using_the_same_key_gets_its_own_incident()
    {
        var key = Guid.NewGuid().ToString();
        using var commander = server.Client(Roles.Commander);
        using var admin = server.Client(Roles.Admin);

        using var mine = await commander.SendAsync(Keyed("/api/incidents", Recall("Shared key"), key));
        using var theirs = await admin.SendAsync(Keyed("/api/incidents", Recall("Shared key"), key));

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(mine.Headers.Location, theirs.Headers.Location);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_refused_request_spends_no_key()
    {
        var key = Guid.NewGuid().ToString();
        using var commander = server.Client(Roles.Commander);
        using var refused = await commander.SendAsync(Keyed("/api/incidents", new { playbookId = "no-such-playbook", title = "x", severity = 1 }, key));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        using var corrected = await commander.SendAsync(Keyed("/api/incidents", Recall("Corrected"), key));

        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task A_key_that_is_not_one_visible_line_is_refused()
    {
        using var commander = server.Client(Roles.Commander);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(Recall("Bad key")) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
        using var answer = await commander.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task The_same_key_drafts_one_message()
    {
        var incident = await server.OpenRecallAsync();
        var key = Guid.NewGuid().ToString();
        using var responder = server.Client(Roles.Responder);
        var draft = new { templateId = "holding-statement", language = "en", recipients = new[] { "press@example.com" } };

        using var first = await responder.SendAsync(Keyed($"/api/incidents/{incident}/messages", draft, key));
        using var again = await responder.SendAsync(Keyed($"/api/incidents/{incident}/messages", draft, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var messages = await responder.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/messages");
        Assert.Equal(1, messages.GetArrayLength());
    }
}
