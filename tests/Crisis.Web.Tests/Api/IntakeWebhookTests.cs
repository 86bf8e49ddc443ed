using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Intake;

namespace Crisis.Web.Tests.Api;

/// <summary>
/// The signed webhook on the real server: a good signature lets cases and alerts in (and the early warning takes them up
/// without being asked); a bad, missing, stale or replayed one is refused saying what is wrong, never what was expected.
/// </summary>
[Collection(nameof(CrisisServer))]
public class IntakeWebhookTests(CrisisServer server)
{
    private static readonly Actor Admin = new("admin", Roles.Admin);

    /// <summary>A source of its own for each test: tests share the server, not their sources.</summary>
    private IntakeSourceSecret NewSource(string channel = CaseChannels.SocialMedia) =>
        server.Service<IntakeSources>().Create($"monitor-{Guid.NewGuid():N}"[..20], channel, Admin);

    private long Now => server.Time.GetUtcNow().ToUnixTimeSeconds();

    private static string Sign(string secret, byte[] body) =>
        WebhookGate.SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static byte[] Body(object payload) => JsonSerializer.SerializeToUtf8Bytes(payload);

    private Task<HttpResponseMessage> Send(string source, byte[] body, string? timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/intake/{source}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (timestamp is not null) request.Headers.Add(WebhookGate.TimestampHeader, timestamp);
        if (signature is not null) request.Headers.Add(WebhookGate.SignatureHeader, signature);
        return server.Client(null).SendAsync(request);
    }

    private Task<HttpResponseMessage> SendSigned(IntakeSourceSecret source, object payload, long? sentAt = null)
    {
        var body = Body(payload);
        return Send(source.Source.Name, body, (sentAt ?? Now).ToString(System.Globalization.CultureInfo.InvariantCulture), Sign(source.Secret, body));
    }

    private object Cases(string batch, int count, long? sentAt = null) => new
    {
        sentAt = sentAt ?? Now,
        cases = Enumerable.Range(1, count).Select(i => new { externalId = $"{batch}-{i}", category = "safety", summary = "Bottle cracked in the steriliser", batch }).ToArray(),
    };

    private static async Task<string> Refusal(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_signed_batch_of_cases_is_logged_from_the_source_and_its_cluster_becomes_a_signal_without_anyone_asking()
    {
        var source = NewSource();
        var batch = $"W{Guid.NewGuid():N}"[..10];
        // A case logged without waking the early warning shows when its periodic pass has just run: the call comes right after.
        var marker = $"M{Guid.NewGuid():N}"[..10];
        server.Service<CaseBook>().Log(new NewCase { Channel = CaseChannels.Hotline, Category = CaseCategories.Quality, Summary = "Smoke from the warmer", Sku = marker },
            CaseSources.Form, Admin);
        await WaitForSignal(marker);
        using var response = await SendSigned(source, Cases(batch, 5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipts = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(5, receipts.Count);
        Assert.All(receipts, receipt => Assert.True(receipt.GetProperty("isNew").GetBoolean()));

        var logged = server.Service<CaseBook>().Get(receipts[0].GetProperty("id").GetInt64());
        Assert.Equal((CaseSources.Intake(source.Source.Name), CaseChannels.SocialMedia, $"{batch}-1"), (logged.Source, logged.Channel, logged.ExternalId));

        // The call wakes the early warning: the signal does not wait for its periodic pass.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var signal = await WaitForSignal(batch);
        Assert.True(waited.Elapsed < Signals.EarlyWarningWorker.PollInterval - TimeSpan.FromSeconds(1), $"the signal came after {waited.Elapsed}");
        Assert.Equal(5, signal.GetProperty("caseCount").GetInt64());
        Assert.Equal($"5 safety complaints about batch {batch} within 24 hours", signal.GetProperty("fired")[0].GetString());

        // The same cases sent again, signed anew a second later, add nothing.
        server.Time.Advance(TimeSpan.FromSeconds(1));
        using var again = await SendSigned(source, Cases(batch, 5));
        Assert.All((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cases").EnumerateArray(),
            receipt => Assert.False(receipt.GetProperty("isNew").GetBoolean()));
        Assert.Equal(5, server.Service<CaseBook>().Count(new CaseFilter { Batch = batch }));
    }

    [Fact]
    public async Task A_ticketing_tool_sends_a_ticket_its_team_resolved_already_and_it_comes_in_resolved()
    {
        var source = NewSource(CaseChannels.OwnShop);
        var resolvedAt = server.Time.GetUtcNow().AddMinutes(-10);
        using var response = await SendSigned(source, new
        {
            sentAt = Now,
            cases = new[] { new { externalId = "Z-1", category = "delivery", summary = "Parcel late", receivedAt = resolvedAt.AddHours(-2), status = "resolved", resolvedAt } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cases")[0].GetProperty("id").GetInt64();
        var logged = server.Service<CaseBook>().Get(id);
        Assert.Equal((CaseStatuses.Resolved, resolvedAt, CaseClockStates.Met), (logged.Status, logged.ResolvedAt, logged.ClockState));
    }

    [Fact]
    public async Task An_alert_raises_a_signal_of_the_severity_its_source_hints()
    {
        var source = NewSource();
        var title = $"Video of a melted bottle trending {Guid.NewGuid():N}";
        using var response = await SendSigned(source, new { sentAt = Now, alert = new { title, severity = "high", url = "https://douyin.example/v/1" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signal = await WaitForSignal(title);
        Assert.Equal(2, signal.GetProperty("severity").GetInt32());
        Assert.Equal(1, signal.GetProperty("alertCount").GetInt64());
    }

    [Fact]
    public async Task A_wrong_secret_or_a_changed_body_is_refused_without_telling_the_right_signature()
    {
        var source = NewSource();
        var body = Body(Cases("X1", 1));
        var now = Now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var right = Sign(source.Secret, body);

        using var wrongSecret = await Send(source.Source.Name, body, now, Sign(IntakeSources.SecretPrefix + new string('0', 64), body));
        var detail = await Refusal(wrongSecret, HttpStatusCode.Unauthorized);
        Assert.Contains("does not match", detail);
        Assert.DoesNotContain(right[WebhookGate.SignaturePrefix.Length..], detail);
        Assert.DoesNotContain(source.Secret, detail);

        var changed = Body(Cases("X1", 2));
        using var tampered = await Send(source.Source.Name, changed, now, right);
        Assert.Contains("does not match", await Refusal(tampered, HttpStatusCode.Unauthorized));
        Assert.Equal(0, server.Service<CaseBook>().Count(new CaseFilter { Batch = "X1" }));
    }

    [Fact]
    public async Task A_missing_or_ill_formed_signature_or_timestamp_is_named()
    {
        var source = NewSource();
        var body = Body(Cases("X2", 1));
        var now = Now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var unsigned = await Send(source.Source.Name, body, now, null);
        Assert.Contains("X-Crisis-Signature header is missing", await Refusal(unsigned, HttpStatusCode.Unauthorized));
        using var illFormed = await Send(source.Source.Name, body, now, "md5=abc");
        Assert.Contains("must read 'sha256=' and 64 hex digits", await Refusal(illFormed, HttpStatusCode.BadRequest));
        using var untimed = await Send(source.Source.Name, body, null, Sign(source.Secret, body));
        Assert.Contains("X-Crisis-Timestamp header is missing", await Refusal(untimed, HttpStatusCode.BadRequest));
        using var notSeconds = await Send(source.Source.Name, body, "2026-11-02T09:00:00Z", Sign(source.Secret, body));
        Assert.Contains("whole Unix seconds", await Refusal(notSeconds, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_call_sent_again_is_refused_as_a_replay_and_one_signed_too_long_ago_or_ahead_as_stale()
    {
        var source = NewSource();
        var body = Body(Cases("X3", 1));
        var now = Now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var first = await Send(source.Source.Name, body, now, Sign(source.Secret, body))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var replayed = await Send(source.Source.Name, body, now, Sign(source.Secret, body));
        Assert.Contains("received before", await Refusal(replayed, HttpStatusCode.Unauthorized));

        foreach (var off in new[] { -301, 301 })
        {
            using var stale = await SendSigned(source, Cases("X3", 1, Now + off), Now + off);
            Assert.Contains($"301 seconds {(off < 0 ? "behind" : "ahead of")} the server's clock", await Refusal(stale, HttpStatusCode.Unauthorized));
        }
        using var inTime = await SendSigned(source, Cases("X3", 1, Now - 299), Now - 299);
        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
    }

    [Fact]
    public async Task The_signed_sent_at_must_be_the_timestamp_header_so_an_old_body_cannot_travel_under_a_new_time()
    {
        var source = NewSource();
        using var response = await SendSigned(source, Cases("X4", 1, sentAt: Now - 3600), sentAt: Now);
        Assert.Contains("'sentAt' must be in the body and the same as the X-Crisis-Timestamp header", await Refusal(response, HttpStatusCode.BadRequest));
        using var without = await SendSigned(source, new { cases = new[] { new { externalId = "1", category = "safety", summary = "x" } } });
        Assert.Contains("'sentAt'", await Refusal(without, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_body_past_the_limit_is_refused_before_it_is_checked_and_a_bad_row_is_named_with_nothing_stored()
    {
        var source = NewSource();
        var huge = new byte[Crisis.Web.Api.IntakeApi.MostBytes + 1];
        using var tooLarge = await Send(source.Source.Name, huge, Now.ToString(System.Globalization.CultureInfo.InvariantCulture), Sign(source.Secret, huge));
        Assert.Contains("larger than the 2 MB", await Refusal(tooLarge, HttpStatusCode.RequestEntityTooLarge));

        using var badRow = await SendSigned(source, new
        {
            sentAt = Now,
            cases = new object[] { new { externalId = "ok", category = "safety", summary = "Fine", batch = "X5" }, new { category = "weather", summary = "No id", batch = "X5" } },
        });
        var detail = await Refusal(badRow, HttpStatusCode.BadRequest);
        Assert.Contains("row 2: the externalId is required", detail);
        using var unknownField = await SendSigned(source, new { sentAt = Now, alert = new { title = "x", colour = "red" } });
        Assert.Contains("colour", await Refusal(unknownField, HttpStatusCode.BadRequest));
        Assert.Equal(0, server.Service<CaseBook>().Count(new CaseFilter { Batch = "X5" }));
    }

    [Fact]
    public async Task An_unknown_source_is_not_found_a_disabled_one_is_forbidden_and_a_rotated_secret_replaces_the_old_at_once()
    {
        using var unknown = await SendSigned(new IntakeSourceSecret(NewSource().Source with { Name = "nobody-here" }, "whsec_x"), Cases("X6", 1));
        Assert.Contains("no intake source named 'nobody-here'", await Refusal(unknown, HttpStatusCode.NotFound));

        var source = NewSource();
        var sources = server.Service<IntakeSources>();
        sources.SetEnabled(source.Source.Id, false, Admin);
        using var disabled = await SendSigned(source, Cases("X6", 1));
        Assert.Contains("disabled", await Refusal(disabled, HttpStatusCode.Forbidden));
        sources.SetEnabled(source.Source.Id, true, Admin);

        var rotated = sources.Rotate(source.Source.Id, Admin);
        using var old = await SendSigned(source, Cases("X6", 1));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var current = await SendSigned(rotated, Cases("X6", 1));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.NotNull(sources.Get(source.Source.Id).LastUsedAt);
    }

    /// <summary>The open signal whose words name <paramref name="text"/>, once the early warning has taken up what came in.</summary>
    private async Task<JsonElement> WaitForSignal(string text)
    {
        var admin = server.Client(Roles.Admin);
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var signals = await admin.GetFromJsonAsync<JsonElement>("/api/signals");
            foreach (var signal in signals.EnumerateArray())
                if (signal.GetProperty("fired").EnumerateArray().Any(fired => fired.GetString()!.Contains(text, StringComparison.Ordinal))) return signal;
        }
        throw new TimeoutException($"no signal about {text} within 20 seconds");
    }
}
