using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Storage;
using Crisis.Web.Tests.Mail;
using Crisis.Web.Tests.Pages;
using Microsoft.Extensions.Hosting;

namespace Crisis.Web.Tests.Health;

/// <summary>
/// The real server, with real SMTP, whose database fills the disk or turns read-only while it runs (SQLite's own
/// SQLITE_FULL and SQLITE_READONLY, as a full disk or a read-only mount give, even when the tests run as root): the
/// server stays up, writes answer 503 saying why, reads still work, /health says degraded, and everything works
/// again, queued mail included, once the condition clears. Each test has a server of its own.
/// </summary>
public sealed class StorageFailureTests : IAsyncLifetime
{
    private readonly MailServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private Database Database => _server.Services.GetRequiredService<Database>();

    private Task<HttpResponseMessage> OpenIncident(string title) =>
        _server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents", new { playbookId = "product-recall", title, severity = 1 });

    private async Task<JsonElement> Health()
    {
        using var admin = _server.Client(Roles.Admin); // an admin reads the reasons' details too
        using var response = await admin.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static IEnumerable<string> ReasonCodes(JsonElement health) =>
        health.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetProperty("code").GetString()!);

    private async Task<JsonElement> WaitForHealth(Func<JsonElement, bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(40); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            var health = await Health();
            if (condition(health)) return health;
        }
        throw new TimeoutException($"/health never {what}: {await Health()}");
    }

    private static async Task AssertRefusedFor(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task With_the_disk_full_writes_answer_503_reads_and_pages_still_work_and_health_says_so_until_it_clears()
    {
        var key = await _server.OpenRecallAsync();
        using var commander = await Browser.SignedInAs(_server, Roles.Commander);
        var openForm = "/incidents/open?playbook=product-recall&severity=1";
        var formToken = await commander.FormToken(openForm);
        Assert.Equal("ok", (await Health()).GetProperty("status").GetString());

        Database.Limits = new StorageLimits(DiskFull: true);
        try
        {
            using (var refused = await OpenIncident("Opened while the disk is full")) await AssertRefusedFor(refused, "the disk is full");
            using (var read = await _server.Client(Roles.Viewer).GetAsync($"/api/incidents/{key}")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Contains("Cracked bottles", await commander.Html($"/incidents/{key}"));

            using var page = await commander.PostWithToken(formToken, "/incidents/open",
                new() { ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "1", ["title"] = "Opened through the form while the disk is full",
                    ["roles[quality]"] = _server.Quality.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)page.StatusCode}: {await page.Content.ReadAsStringAsync()}");
            Assert.Contains("Changes cannot be saved right now", await page.Content.ReadAsStringAsync());

            var degraded = await Health();
            Assert.Equal("degraded", degraded.GetProperty("status").GetString());
            Assert.Contains("disk-full", ReasonCodes(degraded));
        }
        finally
        {
            Database.Limits = StorageLimits.None;
        }

        using (var opened = await OpenIncident("Opened once the disk has room")) Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal("ok", (await Health()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task When_the_anchor_file_cannot_be_written_changes_still_work_and_health_says_heads_are_unsigned_until_it_can()
    {
        var anchors = _server.Services.GetRequiredService<Core.Incidents.TimelineAnchors>();
        await _server.OpenRecallAsync();
        File.Move(anchors.AnchorsPath, anchors.AnchorsPath + ".moved");
        Directory.CreateDirectory(anchors.AnchorsPath); // a path that cannot be appended to, even by root
        try
        {
            using (var opened = await OpenIncident("Opened while the anchor file is unwritable")) Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            var degraded = await Health();
            Assert.Equal("degraded", degraded.GetProperty("status").GetString());
            Assert.Contains("timeline-unsigned", ReasonCodes(degraded));
        }
        finally
        {
            Directory.Delete(anchors.AnchorsPath);
            File.Move(anchors.AnchorsPath + ".moved", anchors.AnchorsPath);
        }
        using (var opened = await OpenIncident("Opened once the anchor file is back")) Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal("ok", (await Health()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_the_database_read_only_the_outbox_worker_backs_off_the_server_stays_up_and_queued_mail_goes_once_it_clears()
    {
        var key = await _server.OpenRecallAsync();
        var mail = _server.Client(Roles.Commander);
        using var drafted = await _server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/messages", new
        {
            templateId = "recall-customer-notice", language = "en", recipients = new[] { "read.only@example.com" },
            variables = MailTests.RecallVariables,
        });
        Assert.True(drafted.IsSuccessStatusCode, await drafted.Content.ReadAsStringAsync());
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // The first attempt fails with the mail server away, so the email waits in the outbox for its retry.
        await _server.MailDev.StopAsync();
        using (var approved = await mail.PostAsync($"/api/messages/{id}/approve", null)) Assert.True(approved.IsSuccessStatusCode);
        await WaitForMessage(id, message => message.GetProperty("deliveries")[0].GetProperty("attempts").GetInt32() >= 1
            && message.GetProperty("deliveries")[0].GetProperty("lastError").ValueKind == JsonValueKind.String);
        await _server.MailDev.StartAsync();

        Database.Limits = new StorageLimits(ReadOnly: true);
        try
        {
            _server.Time.Advance(Outbox.Backoff(1)); // the retry falls due: the worker's claim meets the read-only file
            var degraded = await WaitForHealth(health => ReasonCodes(health).Contains("worker-failing"), "reported the failing worker");
            Assert.Equal("degraded", degraded.GetProperty("status").GetString());
            Assert.Contains("database-read-only", ReasonCodes(degraded));
            Assert.Contains("outbox", degraded.GetProperty("reasons").EnumerateArray().First(r => r.GetProperty("code").GetString() == "worker-failing").GetProperty("detail").GetString());

            _server.Time.Advance(TimeSpan.FromMinutes(16)); // the email has now waited past Crisis:Health:OutboxStuckAfterMinutes
            Assert.Contains("outbox-stuck", ReasonCodes(await Health()));

            using (var refused = await OpenIncident("Opened while read-only")) await AssertRefusedFor(refused, "read-only");
            Assert.Equal(MessageStatus.Queued, (await Message(id)).GetProperty("status").GetString());
            await Task.Delay(TimeSpan.FromSeconds(2)); // several rounds of backoff: the server is still up
            Assert.Equal("degraded", (await Health()).GetProperty("status").GetString());
            // A worker's failure asks the host to stop (as `crisis serve` then would); the in-process host only signals it.
            Assert.False(_server.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "a worker's failure stopped the host");
        }
        finally
        {
            Database.Limits = StorageLimits.None;
        }

        await WaitForMessage(id, message => message.GetProperty("status").GetString() == MessageStatus.Sent);
        Assert.Single(await _server.MailDev.EmailsAsync(), e => e.GetProperty("to")[0].GetProperty("address").GetString() == "read.only@example.com");
        await WaitForHealth(health => health.GetProperty("status").GetString() == "ok", "came back to ok");
        using var opened = await OpenIncident("Opened once writable again");
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
    }

    private async Task<JsonElement> Message(long id)
    {
        using var response = await _server.Client(Roles.Viewer).GetAsync($"/api/messages/{id}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task WaitForMessage(long id, Func<JsonElement, bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(40); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (condition(await Message(id))) return;
        }
        throw new TimeoutException($"message {id} never reached the expected state: {await Message(id)}");
    }

    /// <summary>
    /// Signing out while the database cannot store: this browser's cookie is deleted all the same and, when the
    /// account's other sessions could not be ended, the sign-in page says the other devices are still signed in,
    /// instead of a 503 that left the cookie working. A full disk that still lets the security stamp be rewritten
    /// in place ends every session.
    /// </summary>
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task With_storage_failing_sign_out_still_deletes_this_browsers_cookie_and_says_whether_other_devices_stay_signed_in(bool diskFull, bool readOnly)
    {
        using var browser = await Browser.SignedInAs(_server, Roles.Commander);
        using var copied = browser.WithCopiedCookies();
        var token = await browser.FormToken("/");

        Database.Limits = new StorageLimits(DiskFull: diskFull, ReadOnly: readOnly);
        try
        {
            using var signedOut = await browser.PostWithToken(token, "/signout", []);
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            var location = signedOut.Headers.Location!.OriginalString;
            Assert.StartsWith("/signin", location);
            var othersKept = location.Contains("otherSessionsKept=True", StringComparison.OrdinalIgnoreCase);
            if (readOnly) Assert.True(othersKept, location);
            Assert.Equal(othersKept, (await browser.Html(location)).Contains("your other devices could not be signed out"));

            using var afterwards = await browser.Get("/incidents/open");
            Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
            Assert.Contains("/signin", afterwards.Headers.Location!.OriginalString);
            // When the stamp could not change a copy of the cookie still works, as the page warns; otherwise it is refused.
            using var copy = await copied.Get("/incidents/open");
            Assert.Equal(othersKept ? HttpStatusCode.OK : HttpStatusCode.Redirect, copy.StatusCode);
        }
        finally
        {
            Database.Limits = StorageLimits.None;
        }
    }
}
