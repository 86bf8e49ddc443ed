using System.Net;
using Crisis.Core.Accounts;
using Crisis.Web.Tests.Pages;

namespace Crisis.Web.Tests.Api;

[Collection(nameof(CrisisServer))]
public class TokenTests(CrisisServer server)
{
    [Fact]
    public async Task A_token_records_its_last_use_on_the_tokens_page_and_stops_working_when_it_expires()
    {
        var accounts = server.Services.GetRequiredService<Accounts>();
        accounts.AddUser("short-lived", Roles.Viewer, "a long password");
        using var api = new HttpClient { BaseAddress = server.Address };
        api.DefaultRequestHeaders.Authorization = new("Bearer", accounts.CreateToken("short-lived", TimeSpan.FromMinutes(5)));
        var token = Assert.Single(accounts.ListTokens(), t => t.UserName == "short-lived");
        Assert.Null(token.LastUsedAt);
        Assert.Equal(token.CreatedAt + TimeSpan.FromMinutes(5), token.ExpiresAt);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(server.Time.GetUtcNow(), Assert.Single(accounts.ListTokens(), t => t.UserName == "short-lived").LastUsedAt);
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        Assert.Contains("Last used", await admin.Html("/admin/tokens"));

        server.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/incidents")).StatusCode);
    }
}
