using System.Net;
using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Chat;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Crisis.Web.Chat;
using Crisis.Web.Tests.Pages;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Web.Tests.Chat;

/// <summary>Setting channels up: from the environment as an operator would, and on the admin page, which never shows a secret.</summary>
[Collection(nameof(ChatServer))]
public class ChatSetupTests(ChatServer server)
{
    private const string Page = "/admin/chat";

    [Fact]
    public void Channels_come_from_environment_variables_and_one_no_longer_configured_is_switched_off()
    {
        var prefix = $"CRISIS_CHAT_TEST_{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            ["Crisis__Chat__Channels__team__Kind"] = "dingtalk", ["Crisis__Chat__Channels__team__Url"] = "https://oapi.dingtalk.com/robot/send?access_token=abc",
            ["Crisis__Chat__Channels__team__Secret"] = "SECabc", ["Crisis__Chat__Channels__team__Events"] = "incident.opened, incident.resolved",
            ["Crisis__Chat__Channels__drills__Kind"] = "feishu", ["Crisis__Chat__Channels__drills__Url"] = "https://open.feishu.cn/open-apis/bot/v2/hook/x",
            ["Crisis__Chat__Channels__drills__Exercise"] = "true",
            ["Crisis__Chat__Channels__itsm__Kind"] = "webhook", ["Crisis__Chat__Channels__itsm__Url"] = "https://itsm.example/hooks",
            ["Crisis__Chat__Channels__itsm__Secret"] = "whsec", ["Crisis__Chat__Channels__itsm__Language"] = "zh",
        };
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(prefix + name, value);
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var folder = Directory.CreateTempSubdirectory("crisis-chat-").FullName;
            using var database = new Database($"Data Source={Path.Combine(folder, "crisis.db")}");
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
            Migrator.Migrate(database, time);
            var channels = new ChatChannels(database, time, new IncidentChanges(new TimelineAnchors(database, time, new TimelineSettings())));

            channels.UseConfigured(ChatConfiguration.Channels(configuration));
            var all = channels.All();
            var team = Assert.Single(all, channel => channel.Name == "team");
            Assert.Equal((ChatKinds.DingTalk, true, false, true, true), (team.Kind, team.HasSecret, team.IsExercise, team.IsTeam, team.FromConfig));
            Assert.Equal([ChatEventKinds.IncidentOpened, ChatEventKinds.IncidentResolved], team.Events);
            Assert.Equal(ChatLanguages.Chinese, team.Language); // a group robot reads Chinese unless told otherwise
            Assert.True(Assert.Single(all, channel => channel.Name == "drills").IsExercise);
            Assert.Equal(ChatLanguages.Chinese, Assert.Single(all, channel => channel.Name == "itsm").Language);

            channels.UseConfigured(ChatConfiguration.Channels(configuration).Where(channel => channel.Name == "team").ToList());
            Assert.False(Assert.Single(channels.All(), channel => channel.Name == "drills").Enabled);

            var wrong = Assert.Throws<InvalidOperationException>(() => channels.UseConfigured([new NewChatChannel { Name = "x", Kind = "slack", Url = "https://example.com" }]));
            Assert.Contains("Crisis:Chat:Channels:x:Kind", wrong.Message);
            var language = Assert.Throws<InvalidOperationException>(() =>
                channels.UseConfigured([new NewChatChannel { Name = "y", Kind = "wecom", Url = "https://example.com", Language = "fr" }]));
            Assert.Contains("Crisis:Chat:Channels:y:Language", language.Message);
            database.Dispose();
            Directory.Delete(folder, recursive: true);
        }
        finally
        {
            foreach (var name in variables.Keys) Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }

    [Fact]
    public async Task The_admin_page_lists_channels_without_their_secrets_and_adds_one()
    {
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var html = await admin.Html(Page);
        Assert.Contains("ding", html);
        Assert.Contains("From configuration", html);
        Assert.Contains("DingTalk custom robot", html);
        foreach (var secret in new[] { ChatReceiver.DingTalkSecret, ChatReceiver.FeishuSecret, ChatReceiver.WebhookSecret, ChatReceiver.WeComKey, "b1e2c3d4e5f6a7b8c9d0", "0d5f3c21-8a2b" })
            Assert.DoesNotContain(secret, html);

        using var added = await admin.PostForm(Page, Page + "?handler=Add", new()
        {
            ["name"] = "itsm", ["kind"] = "webhook", ["url"] = "https://itsm.aurora.example/hooks/crisis", ["secret"] = "whsec-never-shown-again",
            ["events"] = ChatEventKinds.IncidentOpened, ["team"] = "true", ["exercise"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        html = await admin.Html(Page);
        Assert.Contains("itsm", html);
        Assert.Contains("https://itsm.aurora.example/hooks/cris…", html);
        Assert.DoesNotContain("whsec-never-shown-again", html);
        Assert.Equal(ChatLanguages.English, server.Service<ChatChannels>().All().Single(channel => channel.Name == "itsm").Language); // none chosen: a webhook's usual language

        using var noSecret = await admin.PostForm(Page, Page + "?handler=Add", new()
        {
            ["name"] = "itsm-2", ["kind"] = "webhook", ["url"] = "https://itsm.aurora.example/hooks/crisis", ["team"] = "true", ["exercise"] = "false",
        });
        Assert.Equal(HttpStatusCode.OK, noSecret.StatusCode); // the form again, the problem beside the secret
        Assert.Contains("This is required.", await noSecret.Content.ReadAsStringAsync());

        using var chinese = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        var zh = await chinese.Html(Page);
        Assert.Contains("聊天频道", zh);
        Assert.Contains("钉钉自定义机器人", zh);
        Assert.Contains("来自配置", zh);
    }

    [Fact]
    public async Task Only_admins_reach_the_page_and_its_forms_need_the_antiforgery_token()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.Get(Page)).StatusCode);
        using var refused = await commander.PostWithoutToken(Page + "?handler=Add", new() { ["name"] = "sneaky", ["kind"] = "wecom", ["url"] = "https://example.com/x" });
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{refused.StatusCode}");

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using var forged = await admin.PostWithoutToken(Page + "?handler=Add", new() { ["name"] = "forged", ["kind"] = "wecom", ["url"] = "https://example.com/x" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(server.Service<ChatChannels>().All(), channel => channel.Name is "sneaky" or "forged");

        Assert.Equal(HttpStatusCode.Forbidden, (await (await Browser.SignedInAs(server, Roles.Responder)).Get("/incidents/INC-2026-0001/chat")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_delivery_is_sent_again_from_the_delivery_log_with_the_same_event_id()
    {
        var key = await server.OpenRecallAsync();
        await server.Receiver.WaitFor("hook", received => received.Body.Contains(key) && received.Taken);
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var outbox = server.Service<ChatOutbox>();
        ChatDeliveryLine? delivered = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); delivered is null && DateTime.UtcNow < deadline; await Task.Delay(100))
            delivered = outbox.Log().FirstOrDefault(line => line.IncidentKey == key && line.Channel == "hook" && line.Status == "delivered");
        Assert.NotNull(delivered);
        using var again = await admin.PostForm(Page, Page + "?handler=SendAgain", new() { ["id"] = delivered.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var twice = await server.Receiver.WaitFor("hook", received => received.Body.Contains(key) && received.Body.Contains("incident.opened") && received.Taken, 2);
        Assert.Single(twice.Select(received => received.Headers["X-Crisis-Event-Id"]).Distinct()); // the receiver sees the same event again, by its id
    }

    [Fact]
    public async Task A_damaged_channel_or_delivery_fails_alone_and_the_admin_page_still_shows_it()
    {
        var now = Timestamps.Format(server.Time.GetUtcNow());
        server.Service<Database>().InTransaction((connection, transaction) =>
        {
            var channel = connection.ExecuteScalar<long>(
                """
                INSERT INTO chat_channels (name, kind, url, secret, events, is_exercise, is_team, enabled, from_config, created_at)
                VALUES ('damaged', 'telegram', 'not an address', '', 'nonsense,,', 0, 0, 1, 0, 'not a time') RETURNING id
                """, transaction: transaction);
            connection.Execute(
                """
                INSERT INTO chat_deliveries (channel_id, event_id, event_kind, event, status, next_attempt_at, created_at)
                VALUES (@channel, @unreadable, 'incident.unknown', '{not json', 'queued', @now, @now),
                       (@channel, @unknownKind, 'incident.unknown', '{"kind":"incident.unknown","title":"x","language":"xx","path":"/"}', 'queued', @now, @now)
                """, new { channel, now, unreadable = Guid.NewGuid().ToString(), unknownKind = Guid.NewGuid().ToString() }, transaction);
            return channel;
        });

        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (server.Service<ChatOutbox>().Log().Count(line => line.Channel == "damaged" && line.LastError is not null) == 2) break;
        }
        var lines = server.Service<ChatOutbox>().Log().Where(line => line.Channel == "damaged").ToList();
        Assert.Contains(lines, line => line.Status == "failed" && line.LastError == "the stored event cannot be read");
        Assert.Contains(lines, line => line.Attempts == 1 && line.LastError is not null && line.Status != "sending");

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var html = await admin.Html(Page);
        Assert.Contains("damaged", html);
        Assert.Contains("telegram", html); // a kind, an event or a status this version has no words for shows as stored, not as a text key
        Assert.DoesNotContain("chat-kind:", html);
        Assert.DoesNotContain("chat-event:", html);
        using var chinese = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        Assert.Contains("damaged", await chinese.Html(Page));

        // A team channel told only of kinds this version does not know hears nothing, not everything.
        server.Service<Database>().InTransaction((connection, transaction) => connection.Execute(
            """
            INSERT INTO chat_channels (name, kind, url, secret, events, is_exercise, is_team, enabled, from_config, created_at, language)
            VALUES ('future', 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=f', '', 'incident.renamed', 0, 1, 1, 0, @now, 'zh-CN')
            """, new { now }, transaction));
        var key = await server.OpenRecallAsync();
        Assert.DoesNotContain(server.Service<ChatOutbox>().Log(), line => line.Channel == "future");
        Assert.Contains(server.Service<ChatOutbox>().Log(), line => line.Channel == "hook" && line.IncidentKey == key);

        // A failed delivery whose time cannot be read is still told by /health, not a failure of it; what it says of the
        // channel is for an admin only: anyone else reads the reason's code.
        server.Service<Database>().InTransaction((connection, transaction) => connection.Execute(
            "UPDATE chat_deliveries SET created_at = 'not a time' WHERE channel_id = (SELECT id FROM chat_channels WHERE name = 'damaged') AND status = 'failed'",
            transaction: transaction));
        using var health = await server.Client(Roles.Admin).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("'damaged' 1 since an unreadable time", await health.Content.ReadAsStringAsync());
        using var anonymous = await server.Client(null).GetAsync("/health");
        var told = await anonymous.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"chat-failed\"", told);
        Assert.DoesNotContain("damaged", told);
        Assert.DoesNotContain("\"detail\"", told);
        Assert.DoesNotContain("\"writes\"", told); // how busy the server is: for admins only
    }

    [Fact]
    public async Task A_delivery_is_read_back_as_the_group_sees_it_without_the_robots_address_or_secret()
    {
        var key = await server.OpenRecallAsync();
        var outbox = server.Service<ChatOutbox>();
        var lark = server.Service<ChatChannels>().All().Single(channel => channel.Name == "lark").Id;
        var now = Timestamps.Format(server.Time.GetUtcNow());
        var resolved = server.Service<Database>().InTransaction((connection, transaction) => connection.ExecuteScalar<long>(
            """
            INSERT INTO chat_deliveries (channel_id, event_id, event_kind, event, status, next_attempt_at, created_at)
            VALUES (@lark, @id, 'incident.resolved', @json, 'delivered', @now, @now) RETURNING id
            """, new
            {
                lark, id = Guid.NewGuid().ToString(), now,
                json = System.Text.Json.JsonSerializer.Serialize(new
                {
                    kind = ChatEventKinds.IncidentResolved, incidentKey = key, title = "奶瓶开裂 [召回](https://evil.example)", severity = 1, language = "zh-CN",
                    path = "/incidents/" + key, at = now, details = new { by = "陈美" },
                }),
            }, transaction));
        var lines = outbox.Log().Where(line => line.IncidentKey == key).ToList();
        long Delivery(string channel) => lines.First(line => line.Channel == channel).Id;

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var wecom = await admin.Html($"{Page}/deliveries/{Delivery("wecom")}");
        Assert.Contains("Message to wecom", wecom);
        Assert.Contains($"<h3>{key} opened: Cracked bottles</h3>", wecom);
        Assert.Contains($"href=\"https://crisis.aurora.example/incidents/{key}\"", wecom);
        var ding = await admin.Html($"{Page}/deliveries/{Delivery("ding")}");
        Assert.Contains("chat-window-dingtalk", ding);
        Assert.Contains("In the notification and the chat list:", ding); // DingTalk's title
        var card = await admin.Html($"{Page}/deliveries/{resolved}");
        Assert.Contains("feishu-header feishu-red", card);
        Assert.Contains("已解决", card);
        Assert.Contains("陈美", card);
        Assert.Contains("class=\"feishu-button\"", card);
        Assert.DoesNotContain("href=\"https://evil.example", card); // the title as typed, not a link
        var hook = await admin.Html($"{Page}/deliveries/{Delivery("hook")}");
        Assert.Contains("&quot;specversion&quot;: &quot;1.0&quot;", hook);
        foreach (var page in new[] { wecom, ding, card, hook })
        {
            foreach (var secret in new[] { ChatReceiver.DingTalkSecret, ChatReceiver.FeishuSecret, ChatReceiver.WebhookSecret, ChatReceiver.WeComKey, "&quot;sign&quot;", "&quot;timestamp&quot;", "access_token" })
                Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Receiver.Url(ChatKinds.WeCom, "wecom"), page, StringComparison.Ordinal);
        }

        var log = await admin.Html(Page);
        Assert.Contains($"href=\"/admin/chat/deliveries/{Delivery("wecom")}\"", log);
        Assert.Contains($"aria-label=\"The message to wecom: Incident opened {key}\"", log);
        using var chinese = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        Assert.Contains("发给 wecom 的消息", await chinese.Html($"{Page}/deliveries/{Delivery("wecom")}"));

        var damaged = server.Service<Database>().InTransaction((connection, transaction) => connection.ExecuteScalar<long>(
            """
            INSERT INTO chat_deliveries (channel_id, event_id, event_kind, event, status, next_attempt_at, created_at)
            VALUES (@lark, @id, 'incident.unknown', '{"kind":"incident.unknown","title":"x","language":"xx","path":"/"}', 'failed', @now, @now) RETURNING id
            """, new { lark, id = Guid.NewGuid().ToString(), now }, transaction));
        Assert.Contains("cannot be read back", await admin.Html($"{Page}/deliveries/{damaged}"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get($"{Page}/deliveries/999999")).StatusCode);
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.Get($"{Page}/deliveries/{Delivery("wecom")}")).StatusCode);
    }

    [Fact]
    public async Task A_commander_picks_the_incident_channel_on_its_page_among_channels_of_its_kind()
    {
        var room = server.Service<ChatChannels>().Add(new NewChatChannel
        {
            Name = "recall-room", Kind = ChatKinds.DingTalk, Url = server.Receiver.Url(ChatKinds.DingTalk, "recall-room"), Team = false,
        });
        var key = await server.OpenRecallAsync();
        var page = $"/incidents/{key}/chat";
        using var commander = await Browser.SignedInAs(server, Roles.Commander, "zh-CN");
        var html = await commander.Html(page);
        Assert.Contains($"{key} 的聊天频道", html);
        Assert.Contains("recall-room (钉钉自定义机器人)", html);
        Assert.DoesNotContain("ding (", html); // a team channel hears of every incident already
        Assert.DoesNotContain("drill", html); // an exercise channel is not offered for a real incident

        using var picked = await commander.PostForm(page, page, new() { ["channelId"] = room.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        Assert.Equal(room, server.Service<ChatChannels>().ForIncident(key).Picked);
        Assert.Contains("已保存。", await commander.Html(page));
        Assert.Contains("commander-user 将本事件的动态同时推送到聊天频道“recall-room”。", await commander.Html($"/incidents/{key}"));
    }

    [Fact]
    public async Task A_name_taken_in_another_case_an_unknown_kind_and_a_WeCom_secret_are_refused_in_words()
    {
        var channels = server.Service<ChatChannels>();
        channels.Add(new NewChatChannel { Name = "WeCom team", Kind = ChatKinds.WeCom, Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" });
        var taken = Assert.Throws<RuleViolationException>(() =>
            channels.Add(new NewChatChannel { Name = "wecom TEAM", Kind = ChatKinds.WeCom, Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=j" }));
        Assert.Equal("refusal:chat-name-taken", taken.TextKey);

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using var slack = await admin.PostForm(Page, Page + "?handler=Add", new()
        {
            ["name"] = "slack-team", ["kind"] = "slack", ["url"] = "https://hooks.slack.com/services/x", ["team"] = "true", ["exercise"] = "false",
        });
        var html = await slack.Content.ReadAsStringAsync();
        Assert.Contains("Pick one of the kinds: WeCom group robot, DingTalk custom robot, Feishu/Lark custom bot or outgoing webhook.", html);
        Assert.DoesNotContain("This is required.", html);

        using var chinese = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        using var secret = await chinese.PostForm(Page, Page + "?handler=Add", new()
        {
            ["name"] = "wecom-with-secret", ["kind"] = "wecom", ["url"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", ["secret"] = "SECnot-used",
            ["team"] = "true", ["exercise"] = "false",
        });
        Assert.Contains("企业微信群机器人没有密钥", await secret.Content.ReadAsStringAsync());
        Assert.DoesNotContain(channels.All(), channel => channel.Name is "slack-team" or "wecom-with-secret");

        var page = await admin.Html(Page); // a robot whose address is not on its platform's host: a warning, not a refusal (tests use a local receiver)
        Assert.Contains("A DingTalk custom robot is at oapi.dingtalk.com; this address is elsewhere: check it.", page);
    }

    [Fact]
    public async Task The_delivery_log_comes_in_pages_filtered_by_channel_and_status_and_says_each_outcome_in_the_readers_language()
    {
        var channels = server.Service<ChatChannels>();
        var paged = channels.Add(new NewChatChannel { Name = "paged", Kind = ChatKinds.DingTalk, Url = "https://oapi.dingtalk.com/robot/send?access_token=p", Team = false });
        channels.SetEnabled(paged, false); // the worker leaves it alone
        var now = Timestamps.Format(server.Time.GetUtcNow());
        server.Service<Database>().InTransaction((connection, transaction) =>
        {
            for (var i = 0; i < 30; i++)
            {
                connection.Execute(
                    """
                    INSERT INTO chat_deliveries (channel_id, event_id, event_kind, event, status, attempts, response_status, response_body, next_attempt_at, delivered_at, created_at)
                    VALUES (@paged, @id, 'incident.opened', '{}', 'delivered', 1, 200, '{"errcode":0,"errmsg":"ok"}', @now, @now, @now)
                    """, new { paged, id = Guid.NewGuid().ToString(), now }, transaction);
            }
            return connection.Execute(
                """
                INSERT INTO chat_deliveries (channel_id, event_id, event_kind, event, status, attempts, outcome, last_error, response_status, response_body, next_attempt_at, created_at)
                VALUES (@paged, @refused, 'incident.opened', '{}', 'failed', 12, 'refused', 'HTTP 200: {"errcode":310000,"errmsg":"sign not match"}', 200,
                        '{"errcode":310000,"errmsg":"sign not match"}', @now, @now),
                       (@paged, @timeout, 'incident.opened', '{}', 'failed', 12, 'timeout', 'The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.',
                        NULL, NULL, @now, @now)
                """, new { paged, refused = Guid.NewGuid().ToString(), timeout = Guid.NewGuid().ToString(), now }, transaction);
        });

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        static int Rows(string html) => html.Split("data-label=\"Attempts\"").Length - 1;
        var first = await admin.Html($"{Page}?channel={paged}");
        Assert.Equal(ChatLogFilter.DefaultPageSize, Rows(first));
        Assert.Contains("Page 1 of 2", first);
        Assert.Equal(32 - ChatLogFilter.DefaultPageSize, Rows(await admin.Html($"{Page}?channel={paged}&p=2")));
        Assert.Equal(2, Rows(await admin.Html($"{Page}?channel={paged}&status=failed")));
        Assert.Contains("No deliveries match.", await admin.Html($"{Page}?channel={paged}&status=waiting"));

        var failed = await admin.Html($"{Page}?channel={paged}&status=failed");
        Assert.Contains("Refused by the platform", failed);
        Assert.DoesNotContain("HTTP 200: ", failed); // the status once, then the platform's answer as it came
        Assert.Contains("HTTP 200", failed);

        using var chinese = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        var zh = await chinese.Html($"{Page}?channel={paged}&status=failed");
        Assert.Contains("平台拒收", zh);
        Assert.Contains("在等待时间内没有答复", zh);
        Assert.DoesNotContain("HttpClient.Timeout", zh);
        Assert.Contains("第 1 页", await chinese.Html($"{Page}?channel={paged}"));
    }

    [Fact]
    public async Task Removing_a_channel_asks_first_saying_its_log_goes_and_which_incidents_picked_it()
    {
        var channels = server.Service<ChatChannels>();
        var doomed = channels.Add(new NewChatChannel { Name = "doomed", Kind = ChatKinds.Webhook, Url = server.Receiver.Url(ChatKinds.Webhook, "doomed"), Secret = ChatReceiver.WebhookSecret, Team = false });
        var key = await server.OpenRecallAsync();
        channels.PickForIncident(key, doomed, new Actor("commander-user"));

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var html = await admin.Html(Page);
        Assert.Contains("Its delivery log goes with it: 0 deliveries.", html);
        Assert.Contains($"These incidents picked it and will have no channel of their own: {key}", html);

        var id = doomed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var unconfirmed = await admin.PostForm(Page, Page + "?handler=Remove", new() { ["id"] = id });
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Contains(channels.All(), channel => channel.Name == "doomed");
        Assert.Contains("Tick the box to confirm: the channel&#x27;s delivery log goes with it.", await admin.Html(Page));

        using var confirmed = await admin.PostForm(Page, Page + "?handler=Remove", new() { ["id"] = id, ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.DoesNotContain(channels.All(), channel => channel.Name == "doomed");
        Assert.Null(channels.ForIncident(key).Picked);
    }
}
