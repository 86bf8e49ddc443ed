using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Api;

/// <summary>Who may approve: commanders and admins always; others only while holding the commander role or a role the playbook names.</summary>
[Collection(nameof(CrisisServer))]
public class MessageApprovalTests(CrisisServer server)
{
    /// <summary>A holding statement with every placeholder written out, ready for approval.</summary>
    private async Task<long> ReadyDraft(string key)
    {
        using var drafted = await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/messages",
            new { templateId = "holding-statement", language = "en" });
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var draft = await drafted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEmpty(draft.GetProperty("missingVariables").EnumerateArray());
        var id = draft.GetProperty("id").GetInt64();

        using var refused = await server.Client(Roles.Commander).PostAsync($"/api/messages/{id}/approve", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("fill in", await refused.Content.ReadAsStringAsync());

        using var edited = await server.Client(Roles.Responder).PostAsJsonAsync($"/api/messages/{id}/edit",
            new { subject = "Statement on our baby bottles", body = "We are aware of reports and have stopped sales while we investigate." });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        return id;
    }

    private async Task<HttpStatusCode> Approve(string role, long id)
    {
        using var response = await server.Client(role).PostAsync($"/api/messages/{id}/approve", null);
        return response.StatusCode;
    }

    [Theory]
    [InlineData(Roles.Commander, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Responder, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Trainer, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Viewer, HttpStatusCode.Forbidden)]
    public async Task Only_commanders_and_admins_approve_by_account_role(string role, HttpStatusCode expected)
    {
        var id = await ReadyDraft(await server.OpenRecallAsync());
        Assert.Equal(expected, await Approve(role, id));
    }

    [Fact]
    public async Task Someone_holding_a_role_the_playbook_names_as_approver_may_approve()
    {
        var key = await server.OpenRecallAsync();
        var id = await ReadyDraft(key);

        // Zhang Min (the responder account's email) holds the quality role, which the recall playbook does not name.
        await Assign(key, "quality");
        Assert.Equal(HttpStatusCode.Forbidden, await Approve(Roles.Responder, id));
        using var refusal = await server.Client(Roles.Responder).PostAsync($"/api/messages/{id}/approve", null);
        Assert.Contains("commander, legal", (await refusal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await Assign(key, "legal"); // approvers: [legal]
        Assert.Equal(HttpStatusCode.OK, await Approve(Roles.Responder, id));
        var message = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        Assert.Equal(("approved", "responder-user"), (message.GetProperty("status").GetString(), message.GetProperty("approvedBy").GetString()));
    }

    private async Task Assign(string key, string role)
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/roles", new { role, personId = server.Quality.Id });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
