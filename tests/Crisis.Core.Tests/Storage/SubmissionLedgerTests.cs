using System.Security.Claims;
using System.Text;
using Crisis.Core.Storage;
using Crisis.Web.Api;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Crisis.Core.Tests.Storage;

/// <summary>A one-time token or Idempotency-Key is spent with the change that commits, never by one that rolled back or failed.</summary>
public class SubmissionLedgerTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private SubmissionLedger Ledger => _test.Get<SubmissionLedger>();

    private void AddPerson(string name) => _test.Database.InTransaction((connection, transaction) =>
        connection.Execute("INSERT INTO people (name, created_at) VALUES (@name, '2026-11-02T09:00:00.000Z')", new { name }, transaction));

    private int People()
    {
        using var connection = _test.Database.Open();
        return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM people");
    }

    [Fact]
    public void A_change_that_rolls_back_leaves_the_token_for_the_next_try_which_spends_it()
    {
        var claim = new SubmissionClaim("form", "commander", "0123456789abcdef0123456789abcdef", "/incidents/open");
        using (Ledger.Expect(claim))
        {
            Assert.Throws<InvalidOperationException>(() => _test.Database.InTransaction<int>((connection, transaction) =>
            {
                connection.Execute("INSERT INTO people (name, created_at) VALUES ('Refused', '2026-11-02T09:00:00.000Z')", transaction: transaction);
                throw new InvalidOperationException("the change failed after the token was claimed");
            }));
            Assert.False(claim.Claimed);
            Assert.Null(Ledger.Find(claim));

            AddPerson("Corrected");
            Assert.True(claim.Claimed);
        }
        Ledger.Answer(claim, 303, "/incidents/INC-2026-0001", body: null);
        Assert.Equal(1, People());

        // The same form sent again (Back, then submit) changes nothing and is sent where the first went.
        var again = new SubmissionClaim(claim.Scope, claim.Caller, claim.Token, claim.Fingerprint);
        using (Ledger.Expect(again))
        {
            Assert.Throws<RepeatedSubmissionException>(() => AddPerson("Twice"));
        }
        Assert.Equal(1, People());
        Assert.Equal("/incidents/INC-2026-0001", Ledger.Find(again)?.Location);
    }

    private async Task<object?> Post(string key, EndpointFilterDelegate endpoint)
    {
        var filter = new IdempotencyKeyFilter(Ledger, Options.Create(new JsonOptions()));
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "commander")], "test"));
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/incidents";
        http.Request.Headers[IdempotencyKeyFilter.HeaderName] = key;
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"playbookId":"product-recall","title":"Swollen pouches","severity":1}"""));
        return await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), endpoint);
    }

    [Fact]
    public async Task A_keyed_request_whose_change_rolled_back_may_be_sent_again_and_then_counts_once()
    {
        var key = Guid.NewGuid().ToString();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Post(key, _ =>
        {
            _test.Database.InTransaction<int>((_, _) => throw new InvalidOperationException("rolled back"));
            return ValueTask.FromResult<object?>(null);
        }));

        var created = await Post(key, _ =>
        {
            AddPerson("Opened");
            return ValueTask.FromResult<object?>(TypedResults.Created("/api/incidents/INC-2026-0001", new { key = "INC-2026-0001" }));
        });
        var repeated = await Post(key, _ => throw new InvalidOperationException("a repeat must not run again"));

        Assert.Equal(201, Assert.IsAssignableFrom<IStatusCodeHttpResult>(created).StatusCode);
        var replay = Assert.IsType<ContentHttpResult>(repeated);
        Assert.Equal(201, replay.StatusCode);
        Assert.Equal(1, People());
    }

    [Fact]
    public async Task A_keyed_request_that_failed_after_saving_its_change_is_answered_at_once_and_not_made_again()
    {
        var key = Guid.NewGuid().ToString();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Post(key, _ =>
        {
            AddPerson("Opened");
            throw new InvalidOperationException("failed after the commit, before answering");
        }));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var repeated = await Post(key, _ => throw new InvalidOperationException("a repeat must not run again"));

        var replay = Assert.IsType<ContentHttpResult>(repeated);
        Assert.Equal(500, replay.StatusCode);
        Assert.StartsWith("application/problem+json", replay.ContentType);
        Assert.Contains("made its change, then failed", replay.ResponseContent);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the repeat waited {watch.Elapsed} for an answer that was never coming");
        Assert.Equal(1, People());
    }
}
