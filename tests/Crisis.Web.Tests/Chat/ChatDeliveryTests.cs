using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Chat;
using Crisis.Core.Incidents;
using Crisis.Core.Signals;
using Crisis.Core.Storage;

namespace Crisis.Web.Tests.Chat;

/// <summary>Incident events reach each robot and webhook as its platform expects them, through refusals, rate limits and outages.</summary>
[Collection(nameof(ChatServer))]
public class ChatDeliveryTests(ChatServer server)
{
    private ChatReceiver Receiver => server.Receiver;

    private async Task<string> Open(string language = "en", Dictionary<string, long>? roles = null)
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Cracked bottles", severity = 1, language, roles = roles ?? [] });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private async Task Post(string path, object body, string role = Roles.Commander)
    {
        using var response = await server.Client(role).PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Func<ChatReceiver.Received, bool> About(string key) => received => received.Body.Contains(key, StringComparison.Ordinal);

    private static Func<ChatReceiver.Received, bool> Event(string key, string kind) =>
        received => received.Kind == "webhook" && received.Json.GetProperty("type").GetString() == "com.crisis." + kind
            && received.Json.GetProperty("data").GetProperty("incidentKey").GetString() == key;

    /// <summary>Waits until the delivery log shows the line the condition asks for; the worker records after the platform answered.</summary>
    private async Task<ChatDeliveryLine> Logged(string channel, string kind, string key, Func<ChatDeliveryLine, bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (server.Deliveries(channel, kind).FirstOrDefault(line => line.IncidentKey == key && condition(line)) is { } line) return line;
        }
        throw new TimeoutException($"{channel} {kind} {key}: " + string.Join("; ", server.Deliveries(channel, kind).Select(l => $"{l.IncidentKey} {l.Status} {l.Attempts} {l.LastError}")));
    }

    [Fact]
    public async Task An_opened_incident_reaches_each_robot_in_its_format_signed_with_a_link_back()
    {
        var key = await Open();
        var link = $"https://crisis.aurora.example/incidents/{key}";

        var ding = Assert.Single(await Receiver.WaitFor("ding", About(key)));
        Assert.True(ding.Taken, ding.Body);
        Assert.Equal("markdown", ding.Json.GetProperty("msgtype").GetString());
        Assert.Equal($"{key} opened: Cracked bottles", ding.Json.GetProperty("markdown").GetProperty("title").GetString());
        Assert.Contains($"### {key} opened: Cracked bottles", ding.Text);
        Assert.Contains("**Severity**: SEV1", ding.Text);
        Assert.Contains("**Playbook**: Product recall", ding.Text);
        Assert.Contains($"[Open in Crisis]({link})", ding.Text);
        Assert.Matches("timestamp=\\d{13}&sign=", ding.Query);

        var wecom = Assert.Single(await Receiver.WaitFor("wecom", About(key)));
        Assert.True(wecom.Taken, wecom.Body);
        Assert.Contains($"### {key} opened: Cracked bottles", wecom.Text);

        var hook = Assert.Single(await Receiver.WaitFor("hook", Event(key, ChatEventKinds.IncidentOpened)));
        Assert.True(hook.Taken, hook.Body);
        Assert.StartsWith("application/cloudevents+json", hook.Headers["Content-Type"]);
        Assert.Equal("1.0", hook.Json.GetProperty("specversion").GetString());
        Assert.Equal(hook.Headers["X-Crisis-Event-Id"], hook.Json.GetProperty("id").GetString());
        Assert.Equal("https://crisis.aurora.example", hook.Json.GetProperty("source").GetString());
        Assert.Equal(link, hook.Json.GetProperty("data").GetProperty("link").GetString());
        Assert.Equal(1, hook.Json.GetProperty("data").GetProperty("severity").GetInt32());

        await Logged("ding", ChatEventKinds.IncidentOpened, key, line => line.Status == "delivered");

        await Post($"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "Followed up outside the incident" });
        var lark = Assert.Single(await Receiver.WaitFor("lark", About(key)));
        Assert.True(lark.Taken, lark.Body);
        Assert.Equal("interactive", lark.Json.GetProperty("msg_type").GetString());
        var card = lark.Json.GetProperty("card");
        Assert.Equal($"{key} resolved: Cracked bottles", card.GetProperty("header").GetProperty("title").GetProperty("content").GetString());
        Assert.Equal(link, card.GetProperty("elements")[1].GetProperty("actions")[0].GetProperty("url").GetString());
        Assert.Matches("^\\d{10}$", lark.Json.GetProperty("timestamp").GetString());

        Assert.DoesNotContain(Receiver.All, received => received.Channel == "drill" && About(key)(received)); // a real incident never reaches the exercise channel
    }

    [Fact]
    public async Task A_Chinese_incident_is_told_in_Chinese_words_without_keys()
    {
        var key = await Open("zh-CN", new() { ["quality"] = server.Quality.Id });
        await Post($"/api/incidents/{key}/severity", new { severity = 2 });

        var changed = Assert.Single(await Receiver.WaitFor("ding", received => About(key)(received) && received.Text.Contains("严重级别变更")));
        Assert.Contains($"### {key} 严重级别变更：Cracked bottles", changed.Text);
        Assert.Contains("**严重级别**：二级", changed.Text);
        Assert.Contains("**原严重级别**：一级", changed.Text);
        Assert.Contains("[在 Crisis 中打开]", changed.Text);
        Assert.DoesNotContain("severity", changed.Text, StringComparison.OrdinalIgnoreCase);

        var role = Assert.Single(await Receiver.WaitFor("hook", Event(key, ChatEventKinds.RoleGiven)));
        var data = role.Json.GetProperty("data");
        Assert.Equal("质量负责人", data.GetProperty("role").GetString());
        Assert.Equal("Zhang Min", data.GetProperty("person").GetString());
        Assert.Equal($"{key} 角色指派：Cracked bottles", data.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Every_event_of_an_incident_reaches_the_webhook_as_a_cloud_event_without_customer_details()
    {
        var key = await Open(roles: new() { ["quality"] = server.Quality.Id });
        await Post($"/api/incidents/{key}/severity", new { severity = 2 });
        await Post($"/api/incidents/{key}/messages", new { templateId = "recall-customer-notice", language = "en", recipients = new[] { "mama.wang@customer.example" } },
            Roles.Responder);
        server.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // confirm-defect was due at +2h
        var overdue = Assert.Single(await Receiver.WaitFor("hook", Event(key, ChatEventKinds.StepOverdue)));
        Assert.Contains("- Confirm the defect and list the affected SKUs, batches and barcodes", overdue.Json.GetProperty("data").GetProperty("steps").GetString());
        await Post($"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" });

        foreach (var kind in new[] { ChatEventKinds.IncidentOpened, ChatEventKinds.RoleGiven, ChatEventKinds.SeverityChanged, ChatEventKinds.MessageAwaitingApproval,
                     ChatEventKinds.IncidentResolved })
        {
            var received = Assert.Single(await Receiver.WaitFor("hook", Event(key, kind)));
            Assert.True(received.Taken, received.Body);
        }
        var message = Assert.Single(await Receiver.WaitFor("hook", Event(key, ChatEventKinds.MessageAwaitingApproval))).Json.GetProperty("data");
        Assert.Equal("customers", message.GetProperty("audience").GetString());
        Assert.DoesNotContain(Receiver.All.Where(About(key)), received => received.Body.Contains("mama.wang", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_raised_signal_is_told_to_each_team_channel_in_its_language_without_the_complaints()
    {
        var batch = $"B{Guid.NewGuid():N}"[..10];
        server.Service<CaseBook>().LogMany([.. Enumerable.Repeat(new NewCase
        {
            Channel = CaseChannels.JD, Category = CaseCategories.Safety, Batch = batch, Summary = "Lid snapped off at the hinge",
            CustomerRef = "mama.wang", CustomerPhone = "13800138000",
        }, 5)], CaseSources.Api, new Actor("agent-user", Roles.Agent));
        server.Service<EarlyWarning>().EvaluateAll();
        var signal = server.Service<SignalQueue>().List().Single(s => s.Fired[0].Value == batch);

        var wecom = Assert.Single(await Receiver.WaitFor("alerts", received => received.Body.Contains(batch, StringComparison.Ordinal)));
        Assert.True(wecom.Taken, wecom.Body);
        Assert.Contains($"### 预警：批次 {batch} 安全类投诉集中", wecom.Text);
        Assert.Contains("**发现**：", wecom.Text);
        Assert.Contains("**依据**：5 个工单", wecom.Text);
        Assert.Contains($"[在 Crisis 中打开](https://crisis.aurora.example/signals/{signal.Id})", wecom.Text);

        var hook = Assert.Single(await Receiver.WaitFor("hook", received => received.Json.GetProperty("type").GetString() == "com.crisis." + ChatEventKinds.SignalRaised
            && received.Body.Contains(batch, StringComparison.Ordinal)));
        var data = hook.Json.GetProperty("data");
        Assert.Equal($"Cluster of safety complaints about batch {batch}", data.GetProperty("title").GetString());
        Assert.Equal("5 cases", data.GetProperty("evidence").GetString());
        Assert.Equal("en", data.GetProperty("language").GetString());
        Assert.False(hook.Json.TryGetProperty("subject", out _));

        foreach (var told in Receiver.All.Where(received => received.Body.Contains(batch, StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("mama.wang", told.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("13800138000", told.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("snapped", told.Body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Receiver.All, received => received.Channel is "ding" or "drill" && received.Body.Contains(batch, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_signature_is_a_failure_retried_with_backoff_until_the_platform_takes_it()
    {
        var key = await Open();
        await Post($"/api/incidents/{key}/severity", new { severity = 2 });

        var refused = Assert.Single(await Receiver.WaitFor("stale", About(key)));
        Assert.False(refused.Taken);
        var failed = await Logged("stale", ChatEventKinds.SeverityChanged, key, line => line.Attempts == 1 && line.Status == "queued" && line.LastError is not null);
        Assert.Contains("310000", failed.LastError);
        Assert.Equal((ChatOutcomes.Refused, 200), (failed.Outcome, failed.ResponseStatus));
        Assert.Contains("310000", failed.ResponseBody);
        Assert.Equal(server.Time.GetUtcNow() + Core.Communications.Outbox.Backoff(1), Timestamps.Parse(failed.NextAttemptAt!));

        server.Time.Advance(TimeSpan.FromMinutes(16)); // still refused a quarter of an hour on: a monitor reading /health hears of it
        await Logged("stale", ChatEventKinds.SeverityChanged, key, line => line.Attempts == 2 && line.Status == "queued");
        var stuck = Assert.Single(await ChatReasons(), reason => reason.StartsWith("chat-stuck", StringComparison.Ordinal));
        Assert.Matches("'stale' \\d+ since [^;]+ \\(last answer: HTTP 200: [^;]*310000", stuck);

        Receiver.ExpectSecret("stale", "SECthe-secret-before-it-was-reset"); // the admin puts the platform's secret back
        server.Time.Advance(Core.Communications.Outbox.Backoff(2) + TimeSpan.FromSeconds(1));
        var delivered = await Logged("stale", ChatEventKinds.SeverityChanged, key, line => line.Status == "delivered");
        Assert.Equal(3, delivered.Attempts);
        Assert.Single(Receiver.All, received => received.Channel == "stale" && About(key)(received) && received.Taken);
    }

    /// <summary>What /health says about chat deliveries, each reason as "code: detail".</summary>
    private async Task<IReadOnlyList<string>> ChatReasons()
    {
        var health = await server.Client(Roles.Admin).GetFromJsonAsync<JsonElement>("/health");
        return health.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetProperty("code").GetString() + ": " + reason.GetProperty("detail").GetString())
            .Where(reason => reason.StartsWith("chat-", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task A_rate_limit_answer_waits_for_the_platform_window_without_spending_an_attempt()
    {
        Receiver.AnswerFor("wecom", ChatReceiver.Answer.TooFastOnce);
        Receiver.AnswerFor("lark", ChatReceiver.Answer.TooFastOnce);
        var key = await Open();
        await Post($"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "Followed up outside the incident" });

        Assert.False(Assert.Single(await Receiver.WaitFor("wecom", About(key))).Taken);
        Assert.False(Assert.Single(await Receiver.WaitFor("lark", About(key))).Taken);
        var wecom = await Logged("wecom", ChatEventKinds.IncidentOpened, key, line => line.LastError?.Contains("45009") == true);
        Assert.Equal(0, wecom.Attempts);
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromMinutes(1), Timestamps.Parse(wecom.NextAttemptAt!));
        var lark = await Logged("lark", ChatEventKinds.IncidentResolved, key, line => line.LastError?.Contains("9499") == true);
        Assert.Equal((0, 400), (lark.Attempts, lark.ResponseStatus));

        server.Time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(1500); // two rounds of the worker: nothing is due yet
        Assert.Single(Receiver.All, received => received.Channel == "wecom" && About(key)(received));

        server.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, (await Logged("wecom", ChatEventKinds.IncidentOpened, key, line => line.Status == "delivered")).Attempts);
        await Logged("lark", ChatEventKinds.IncidentResolved, key, line => line.Status == "delivered");
    }

    [Fact]
    public async Task Through_an_outage_and_back_each_event_is_taken_once_with_its_event_id()
    {
        Receiver.AnswerFor("hook", ChatReceiver.Answer.Down);
        var key = await Open();
        await Post($"/api/incidents/{key}/severity", new { severity = 2 });
        var down = await Logged("hook", ChatEventKinds.SeverityChanged, key, line => line.ResponseStatus == 503);
        Assert.Equal(1, down.Attempts);

        Receiver.AnswerFor("hook", ChatReceiver.Answer.Normally);
        server.Time.Advance(TimeSpan.FromSeconds(16));
        await Logged("hook", ChatEventKinds.IncidentOpened, key, line => line.Status == "delivered");
        await Logged("hook", ChatEventKinds.SeverityChanged, key, line => line.Status == "delivered");

        var requests = Receiver.All.Where(received => received.Channel == "hook" && About(key)(received)).ToList();
        Assert.True(requests.Count >= 4, $"{requests.Count} requests"); // each refused once, then taken
        var taken = requests.Where(received => received.Taken).GroupBy(received => received.Headers["X-Crisis-Event-Id"]).ToList();
        Assert.Equal(2, taken.Count);
        Assert.All(taken, byId => Assert.Single(byId));
        Assert.All(requests.GroupBy(received => received.Json.GetProperty("type").GetString()), byType =>
            Assert.Single(byType.Select(received => received.Headers["X-Crisis-Event-Id"]).Distinct())); // a retry carries the same id
    }

    [Fact]
    public async Task A_channel_that_accepts_and_never_answers_holds_up_only_its_own_messages()
    {
        var channels = server.Service<ChatChannels>();
        Receiver.AnswerFor("dead-end", ChatReceiver.Answer.Never);
        var deadEnd = channels.Add(new NewChatChannel { Name = "dead-end", Kind = ChatKinds.WeCom, Url = Receiver.Url(ChatKinds.WeCom, "dead-end"), Team = false });
        try
        {
            var key = await Open();
            await Post($"/api/incidents/{key}/chat-channel", new { channelId = deadEnd });
            await Post($"/api/incidents/{key}/severity", new { severity = 2 });
            await Receiver.WaitFor("dead-end", About(key)); // it has the request, and keeps it until the sender gives up

            var asked = DateTime.UtcNow;
            await Post($"/api/incidents/{key}/severity", new { severity = 3 });
            await Receiver.WaitFor("ding", received => About(key)(received) && received.Text.Contains("**Severity**: SEV3", StringComparison.Ordinal));
            var took = DateTime.UtcNow - asked;
            Assert.True(took < TimeSpan.FromSeconds(5), $"the healthy robot waited {took} behind the dead end"); // one after another, it waited for the 10 s timeout
            await Receiver.WaitFor("hook", Event(key, ChatEventKinds.SeverityChanged), 2);
            Assert.Single(Receiver.All, received => received.Channel == "dead-end"); // its second message waits behind its first
        }
        finally
        {
            channels.SetEnabled(deadEnd, false);
        }
    }

    [Fact]
    public async Task A_switched_off_channel_drops_what_waited_and_sends_none_of_it_when_switched_on_again()
    {
        var channels = server.Service<ChatChannels>();
        Receiver.AnswerFor("paused", ChatReceiver.Answer.Down);
        var paused = channels.Add(new NewChatChannel { Name = "paused", Kind = ChatKinds.WeCom, Url = Receiver.Url(ChatKinds.WeCom, "paused"), Team = false });
        var key = await Open();
        await Post($"/api/incidents/{key}/chat-channel", new { channelId = paused });
        await Post($"/api/incidents/{key}/severity", new { severity = 2 });
        await Logged("paused", ChatEventKinds.SeverityChanged, key, line => line is { Status: "queued", Attempts: 1 }); // down: waits for its retry

        channels.SetEnabled(paused, false);
        var dropped = await Logged("paused", ChatEventKinds.SeverityChanged, key, line => line.Status == "dropped");
        Assert.Equal(ChatOutcomes.ChannelOff, dropped.Outcome);

        Receiver.AnswerFor("paused", ChatReceiver.Answer.Normally);
        channels.SetEnabled(paused, true);
        server.Time.Advance(TimeSpan.FromMinutes(1)); // past its retry
        await Task.Delay(1500); // rounds of the worker
        Assert.Single(Receiver.All, received => received.Channel == "paused"); // only the attempt while it was down
        Assert.Equal("dropped", server.Deliveries("paused", ChatEventKinds.SeverityChanged).Single().Status);

        await Post($"/api/incidents/{key}/severity", new { severity = 3 }); // what happens from now on is sent
        Assert.True(Assert.Single(await Receiver.WaitFor("paused", received => received.Text.Contains("SEV3", StringComparison.Ordinal))).Taken);
        channels.SetEnabled(paused, false);
    }

    [Fact]
    public async Task A_delivered_robot_message_is_not_sent_again_only_a_webhook_one()
    {
        var key = await Open();
        var ding = await Logged("ding", ChatEventKinds.IncidentOpened, key, line => line.Status == "delivered");
        Assert.False(ding.CanSendAgain);
        var outbox = server.Service<ChatOutbox>();
        Assert.Throws<RuleViolationException>(() => outbox.SendAgain(ding.Id));
        await Task.Delay(1000);
        Assert.Single(Receiver.All, received => received.Channel == "ding" && About(key)(received)); // the group saw it once
        Assert.Equal("delivered", server.Deliveries("ding", ChatEventKinds.IncidentOpened).Single(line => line.IncidentKey == key).Status);

        var hook = await Logged("hook", ChatEventKinds.IncidentOpened, key, line => line.Status == "delivered");
        Assert.True(hook.CanSendAgain);
    }

    [Fact]
    public async Task An_exercise_is_told_only_to_the_exercise_channel_and_marked_as_a_drill()
    {
        using var response = await server.Client(Roles.Trainer).PostAsJsonAsync("/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "real",
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentKey").GetString()!;

        var opened = Assert.Single(await Receiver.WaitFor("drill", received => About(key)(received) && received.Text.Contains(" opened: ")));
        Assert.True(opened.Taken, opened.Body);
        Assert.StartsWith($"[EXERCISE] {key} opened: ", opened.Json.GetProperty("markdown").GetProperty("title").GetString());
        Assert.Contains("**EXERCISE**: This is a drill, not a real incident.", opened.Text);
        await Receiver.WaitFor("drill", received => About(key)(received) && received.Text.Contains(" role given: "), 2);

        Assert.DoesNotContain(Receiver.All, received => received.Channel != "drill" && About(key)(received));
        Assert.DoesNotContain(server.Service<ChatOutbox>().Log(), line => line.IncidentKey == key && line.Channel != "drill");
    }

    [Fact]
    public async Task A_commander_picks_a_channel_for_one_incident_which_hears_only_of_that_incident()
    {
        var channels = server.Service<ChatChannels>();
        var warRoom = channels.Add(new NewChatChannel
        {
            Name = "war-room", Kind = ChatKinds.WeCom, Url = Receiver.Url(ChatKinds.WeCom, "war-room"), Team = false,
        });
        var drillRoom = channels.Add(new NewChatChannel
        {
            Name = "drill-room", Kind = ChatKinds.WeCom, Url = Receiver.Url(ChatKinds.WeCom, "drill-room"), Team = false, Exercise = true,
        });
        var key = await Open();
        var other = await Open();

        using var responder = await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/chat-channel", new { channelId = warRoom });
        Assert.Equal(HttpStatusCode.Forbidden, responder.StatusCode);
        using var exerciseRoom = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/chat-channel", new { channelId = drillRoom });
        Assert.Equal(HttpStatusCode.BadRequest, exerciseRoom.StatusCode);
        var team = channels.All().Single(channel => channel.Name == "ding").Id;
        using var teamChannel = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/chat-channel", new { channelId = team });
        Assert.Equal(HttpStatusCode.BadRequest, teamChannel.StatusCode); // it hears of every incident already
        using var unknown = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/chat-channel", new { channelId = 987654 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var picked = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/chat-channel", new { channelId = warRoom });
        Assert.Equal(HttpStatusCode.NoContent, picked.StatusCode);
        var timeline = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/timeline");
        Assert.Equal("war-room", timeline.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "chat_channel.picked").GetProperty("data").GetProperty("channel").GetString());

        await Post($"/api/incidents/{other}/severity", new { severity = 2 });
        await Post($"/api/incidents/{key}/severity", new { severity = 2 });
        var told = Assert.Single(await Receiver.WaitFor("war-room", _ => true));
        Assert.Contains($"### {key} severity changed", told.Text);
        Assert.DoesNotContain(other, told.Body);
    }
}
