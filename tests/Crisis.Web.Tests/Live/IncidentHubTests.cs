using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Web.Live;
using Crisis.Web.Tests.Pages;

namespace Crisis.Web.Tests.Live;

/// <summary>Live views may watch only incidents that exist (exercises' too), and one connection at most twenty of them;
/// a watched incident's steps changing are sent as the parts of the page they changed, drawn for each view (language,
/// role) once, and any other change is told. Spoken over a WebSocket in SignalR's JSON protocol, as the browser does.</summary>
[Collection(nameof(CrisisServer))]
public class IncidentHubTests(CrisisServer server)
{
    private async Task<HubClient> Connect(string role, string? language = null)
    {
        using var browser = await Browser.SignedInAs(server, role);
        var cookies = language is null ? browser.CookieHeader : $"{browser.CookieHeader}; .AspNetCore.Culture={Uri.EscapeDataString($"c={language}|uic={language}")}";
        return await HubClient.Connect(server.Address, cookies);
    }

    [Fact]
    public async Task A_reader_watches_an_incident_is_sent_the_parts_a_step_change_changed_and_is_told_of_other_changes()
    {
        var key = await server.OpenRecallAsync();
        await using var hub = await Connect(Roles.Viewer);

        Assert.Null(await hub.Invoke("Watch", key));
        Assert.Null(await hub.Invoke("Watch", key));
        using (var note = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/note", new { text = "Seen by the lab" }))
        {
            note.EnsureSuccessStatusCode();
        }

        var parts = (await hub.NextInvocation("steps")).GetProperty("arguments")[0];
        Assert.Equal(key, parts.GetProperty("key").GetString());
        Assert.Equal(parts.GetProperty("from").GetInt64(), parts.GetProperty("to").GetInt64());
        var html = parts.GetProperty("html").GetString()!;
        Assert.Contains("id=\"step-confirm-defect\"", html);
        Assert.Contains("Seen by the lab", html);
        Assert.Contains("id=\"incident-head\"", html);
        Assert.Contains("id=\"situation\"", html);
        Assert.Contains($"id=\"event-{parts.GetProperty("to").GetInt64()}\"", html);
        Assert.DoesNotContain("<form", html); // a viewer acts on nothing

        using (var severity = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/severity", new { severity = 2 }))
        {
            severity.EnsureSuccessStatusCode();
        }
        Assert.Equal(key, (await hub.NextInvocation("changed")).GetProperty("arguments")[0].GetString());
    }

    [Fact]
    public async Task Step_changes_committed_together_are_all_sent_as_parts_and_never_told_as_changed()
    {
        var key = await server.OpenRecallAsync();
        await using var hub = await Connect(Roles.Viewer);
        Assert.Null(await hub.Invoke("Watch", key));
        var steps = server.Service<StepActions>();
        var commander = new Actor("commander", Roles.Commander);

        // At once, so that the write queue commits them together and they are told one after the other.
        await Task.WhenAll(new[] { "confirm-defect", "preserve-evidence", "count-units" }.Select(step => Task.Run(() => steps.Complete(key, step, commander))));
        var last = server.Service<Timeline>().LastSeq(key);

        var seen = 0L;
        while (seen < last)
        {
            var message = await hub.NextInvocation();
            Assert.Equal("steps", message.GetProperty("target").GetString());
            var parts = message.GetProperty("arguments")[0];
            Assert.Equal(seen == 0 ? parts.GetProperty("from").GetInt64() : seen + 1, parts.GetProperty("from").GetInt64());
            seen = parts.GetProperty("to").GetInt64();
        }
    }

    [Fact]
    public async Task Each_view_is_sent_the_parts_in_its_language_with_the_forms_its_role_has_and_no_one_elses_tokens()
    {
        var key = await server.OpenRecallAsync();
        await using var chinese = await Connect(Roles.Responder, "zh-CN");
        await using var english = await Connect(Roles.Viewer, "en");
        await using var englishCommander = await Connect(Roles.Commander, "en");
        Assert.Null(await chinese.Invoke("Watch", key));
        Assert.Null(await english.Invoke("Watch", key));
        Assert.Null(await englishCommander.Invoke("Watch", key));
        using (var tick = await server.Client(Roles.Commander).PostAsync($"/api/incidents/{key}/steps/confirm-defect/complete", null))
        {
            tick.EnsureSuccessStatusCode();
        }

        var zh = (await chinese.NextInvocation("steps")).GetProperty("arguments")[0].GetProperty("html").GetString()!;
        var en = (await english.NextInvocation("steps")).GetProperty("arguments")[0].GetProperty("html").GetString()!;
        Assert.Contains("已完成（1）", zh);
        Assert.Contains("Done (1)", en);
        Assert.Contains($"action=\"/incidents/{key}?handler=Step\"", zh);
        Assert.Contains("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"\"", zh); // each page puts in its own
        Assert.DoesNotContain("<form", en);
        var commander = (await englishCommander.NextInvocation("steps")).GetProperty("arguments")[0].GetProperty("html").GetString()!;
        Assert.Contains("<form", commander); // the same language, another role: drawn apart
        Assert.Contains("handler=KeyEvent", commander);
        Assert.DoesNotContain("Done (", zh);
        Assert.DoesNotContain("已完成", en);
        Assert.DoesNotContain(">step:", zh + en); // status words, not their keys
    }

    [Theory]
    [InlineData("NO-SUCH-INCIDENT")]
    [InlineData("")]
    [InlineData("incident:anything")]
    public async Task Watching_a_key_that_is_no_incident_is_refused(string key)
    {
        await using var hub = await Connect(Roles.Viewer);

        Assert.EndsWith("HubException: there is no incident with that key", await hub.Invoke("Watch", key));
    }

    [Fact]
    public async Task An_exercise_incident_can_be_watched_like_any_other()
    {
        using var started = await server.Client(Roles.Trainer).PostAsJsonAsync("/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "real",
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        });
        started.EnsureSuccessStatusCode();
        var key = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentKey").GetString()!;
        await using var hub = await Connect(Roles.Responder);

        Assert.Null(await hub.Invoke("Watch", key));
    }

    [Fact]
    public async Task One_connection_watches_at_most_twenty_incidents()
    {
        var keys = new List<string>();
        for (var i = 0; i <= IncidentHub.MaxWatches; i++) keys.Add(await server.OpenRecallAsync());
        await using var hub = await Connect(Roles.Viewer);

        foreach (var key in keys.Take(IncidentHub.MaxWatches)) Assert.Null(await hub.Invoke("Watch", key));
        Assert.Null(await hub.Invoke("Watch", keys[0]));
        var refusal = await hub.Invoke("Watch", keys[^1]);

        Assert.EndsWith($"HubException: this connection already watches {IncidentHub.MaxWatches} incidents, the most one may: open a new connection", refusal);
        await using var another = await Connect(Roles.Viewer);
        Assert.Null(await another.Invoke("Watch", keys[^1]));
    }

    public enum SessionEnd { Disabled, RoleChanged, PasswordChanged, SignedOut }

    [Theory]
    [InlineData(SessionEnd.Disabled)]
    [InlineData(SessionEnd.RoleChanged)]
    [InlineData(SessionEnd.PasswordChanged)]
    [InlineData(SessionEnd.SignedOut)]
    public async Task A_connection_is_closed_when_its_session_ends_while_other_users_keep_being_told(SessionEnd end)
    {
        var accounts = server.Services.GetRequiredService<Accounts>();
        var name = $"hub-watcher-{end}".ToLowerInvariant();
        accounts.AddUser(name, Roles.Responder, "a long password");
        var key = await server.OpenRecallAsync();
        using var browser = await Browser.SignedInAsUser(server, name, "a long password");
        await using var ending = await HubClient.Connect(server.Address, browser.CookieHeader);
        await using var bystander = await Connect(Roles.Viewer);
        Assert.Null(await ending.Invoke("Watch", key));
        Assert.Null(await bystander.Invoke("Watch", key));

        switch (end)
        {
            case SessionEnd.Disabled: accounts.Disable(name); break;
            case SessionEnd.RoleChanged: accounts.SetRole(name, Roles.Viewer); break;
            case SessionEnd.PasswordChanged: accounts.SetPassword(name, "another long password"); break;
            case SessionEnd.SignedOut: (await browser.PostForm("/", "/signout", [])).Dispose(); break;
        }
        await ending.WaitUntilClosedByServer();
        using (var note = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/note", new { text = "after" }))
        {
            note.EnsureSuccessStatusCode();
        }

        Assert.Equal(key, (await bystander.NextInvocation("steps")).GetProperty("arguments")[0].GetProperty("key").GetString());
        Assert.DoesNotContain(ending.Invocations, invocation => invocation.GetProperty("target").GetString() is "changed" or "steps");
    }
}

/// <summary>A SignalR client over a WebSocket, speaking the JSON hub protocol: handshake, invocations and their completions.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly Queue<JsonElement> _invocations = new();
    private readonly StringBuilder _received = new();
    private int _lastInvocationId;

    public static async Task<HubClient> Connect(Uri server, string cookies)
    {
        var client = new HubClient();
        client._socket.Options.SetRequestHeader("Cookie", cookies);
        await client._socket.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = IncidentHub.Path }.Uri, Timeout());
        await client.Send("""{"protocol":"json","version":1}""");
        var handshake = await client.Receive();
        Assert.False(handshake.TryGetProperty("error", out var error), $"handshake refused: {error}");
        return client;
    }

    /// <summary>Calls a hub method and waits for its completion: null when it succeeded, else the hub's error.</summary>
    public async Task<string?> Invoke(string target, params object[] arguments)
    {
        var id = (++_lastInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Send(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        while (true)
        {
            var message = await Receive();
            if (Type(message) == 3 && message.GetProperty("invocationId").GetString() == id)
                return message.TryGetProperty("error", out var error) ? error.GetString() : null;
            if (Type(message) == 1) _invocations.Enqueue(message);
        }
    }

    /// <summary>The next call the server makes on this client to <paramref name="target"/>.</summary>
    public async Task<JsonElement> NextInvocation(string target)
    {
        while (true)
        {
            var message = await NextInvocation();
            if (message.GetProperty("target").GetString() == target) return message;
        }
    }

    /// <summary>The next call the server makes on this client, whatever it calls.</summary>
    public async Task<JsonElement> NextInvocation()
    {
        while (true)
        {
            var message = _invocations.Count > 0 ? _invocations.Dequeue() : await Receive();
            if (Type(message) == 1) return message;
        }
    }

    /// <summary>The server's calls this client received and has not yet taken with <see cref="NextInvocation"/>.</summary>
    public IReadOnlyCollection<JsonElement> Invocations => _invocations;

    /// <summary>Reads until the server closes the socket, keeping the calls that came before; fails when it stays open.</summary>
    public async Task WaitUntilClosedByServer()
    {
        try
        {
            while (true)
            {
                var message = await Receive();
                if (Type(message) == 1) _invocations.Enqueue(message);
            }
        }
        catch (Exception closed) when (closed is InvalidOperationException or WebSocketException)
        {
            Assert.NotEqual(WebSocketState.Open, _socket.State);
        }
    }

    private static int Type(JsonElement message) => message.TryGetProperty("type", out var type) ? type.GetInt32() : 0;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token;

    private Task Send(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, Timeout());

    private async Task<JsonElement> Receive()
    {
        var buffer = new byte[4096];
        var cancel = Timeout();
        while (_received.ToString().IndexOf(RecordSeparator) < 0)
        {
            // A whole message before decoding: a character of a long one (the parts of a page, in Chinese) may span two reads.
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, cancel);
                if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"the hub closed the connection: {result.CloseStatusDescription}");
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            _received.Append(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
        }
        var text = _received.ToString();
        var end = text.IndexOf(RecordSeparator);
        _received.Remove(0, end + 1);
        return JsonDocument.Parse(text[..end]).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        _socket.Dispose();
    }
}
