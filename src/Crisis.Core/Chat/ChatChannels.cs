using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Chat;

/// <summary>The kinds of channel Crisis can post to: three group robots and a signed outgoing webhook.</summary>
public static class ChatKinds
{
    public const string WeCom = "wecom";
    public const string DingTalk = "dingtalk";
    public const string Feishu = "feishu";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [WeCom, DingTalk, Feishu, Webhook];
}

/// <summary>
/// The events a channel can subscribe to. The value names the event in configuration (<c>…:Events</c>) and, after
/// "com.crisis.", is a webhook's CloudEvents type, so a value never changes once released; add a kind instead.
/// </summary>
public static class ChatEventKinds
{
    public const string IncidentOpened = "incident.opened";
    public const string SeverityChanged = "incident.severity_changed";
    public const string RoleGiven = "incident.role_given";
    public const string StepOverdue = "incident.step_overdue";
    public const string MessageAwaitingApproval = "incident.message_awaiting_approval";
    public const string IncidentResolved = "incident.resolved";
    public const string StatusUpdatePosted = "status_update.posted";
    public const string SignalRaised = "signal.raised";

    public static readonly IReadOnlyList<string> All =
        [IncidentOpened, SeverityChanged, RoleGiven, StepOverdue, MessageAwaitingApproval, IncidentResolved, StatusUpdatePosted, SignalRaised];
}

/// <summary>A channel as the admin page lists it; the secret stays in the database and is never read back to a page.</summary>
public sealed record ChatChannelView(long Id, string Name, string Kind, string Url, bool HasSecret, IReadOnlyList<string> Events, bool IsExercise,
    bool IsTeam, bool Enabled, bool FromConfig, string Language);

/// <summary>The languages a channel can be told in when an event belongs to no incident; an incident's events keep the incident's language.</summary>
public static class ChatLanguages
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static readonly IReadOnlyList<string> All = [English, Chinese];

    /// <summary>Group robots in WeCom, DingTalk and Feishu read Chinese unless told otherwise; a webhook, English.</summary>
    public static string For(string kind) => kind == ChatKinds.Webhook ? English : Chinese;
}

/// <summary>What removing a channel takes with it: its delivery log, and the incidents whose commander picked it (they lose the pick).</summary>
public sealed record ChatChannelRemoval(int Deliveries, IReadOnlyList<string> PickedBy);

/// <summary>A channel to add, from the admin page or from configuration (<c>Crisis:Chat:Channels:{name}:…</c>).</summary>
public sealed record NewChatChannel
{
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    /// <summary>Comma-separated event kinds (<see cref="ChatEventKinds"/>); empty for all of them.</summary>
    public string Events { get; init; } = "";
    public bool Exercise { get; init; }
    public bool Team { get; init; } = true;
    /// <summary><see cref="ChatLanguages"/>; empty for the kind's usual one (<see cref="ChatLanguages.For"/>).</summary>
    public string Language { get; init; } = "";
}

/// <summary>
/// The channels Crisis tells of incidents: those an admin adds, and those configuration names, which are written to the
/// same table at start-up and shown read-only. A channel configuration no longer names is switched off, not deleted,
/// so its delivery log stays readable.
/// </summary>
public sealed class ChatChannels(Database database, TimeProvider time, IncidentChanges changes)
{
    private const int NameLimit = 60;
    private const int UrlLimit = 1000;
    private const int SecretLimit = 200;

    public IReadOnlyList<ChatChannelView> All()
    {
        using var connection = database.Open();
        return connection.Query<(long Id, string Name, string Kind, string Url, string Secret, string Events, bool IsExercise, bool IsTeam, bool Enabled, bool FromConfig,
                string Language)>(
                "SELECT id, name, kind, url, secret, events, is_exercise, is_team, enabled, from_config, language FROM chat_channels ORDER BY from_config DESC, name")
            .Select(row => new ChatChannelView(row.Id, row.Name, row.Kind, row.Url, row.Secret.Length > 0, StoredEvents(row.Events), row.IsExercise,
                row.IsTeam, row.Enabled, row.FromConfig, row.Language))
            .ToList();
    }

    public long Add(NewChatChannel channel)
    {
        var valid = Validate(channel);
        return database.InTransaction((connection, transaction) =>
        {
            // Names differing only in case ("WeCom team", "wecom TEAM") read as the same channel on the page and in the log.
            if (connection.Query<string>("SELECT name FROM chat_channels", transaction: transaction)
                .Any(name => string.Equals(name, valid.Name, StringComparison.OrdinalIgnoreCase)))
                throw new RuleViolationException($"a channel named '{valid.Name}' exists already") { Field = "name", TextKey = "refusal:chat-name-taken" };
            return connection.ExecuteScalar<long>(
                """
                INSERT INTO chat_channels (name, kind, url, secret, events, is_exercise, is_team, language, enabled, from_config, created_at)
                VALUES (@Name, @Kind, @Url, @Secret, @Events, @Exercise, @Team, @Language, 1, 0, @now)
                RETURNING id
                """, new { valid.Name, valid.Kind, valid.Url, valid.Secret, valid.Events, valid.Exercise, valid.Team, valid.Language, now = time.GetUtcNow() }, transaction);
        });
    }

    /// <summary>
    /// Switches a channel the admin added on or off; one from configuration is changed there. Switched off, what waited
    /// for it is dropped (shown so in the log), so switching it on again sends only what happens from then on.
    /// </summary>
    public void SetEnabled(long id, bool enabled) =>
        database.InTransaction((connection, transaction) =>
        {
            var changed = connection.Execute("UPDATE chat_channels SET enabled = @enabled WHERE id = @id AND from_config = 0", new { id, enabled }, transaction);
            if (!enabled) ChatOutbox.DropWaiting(connection, transaction, id);
            return changed;
        });

    /// <summary>For each channel an admin added: how many deliveries its log holds and which incidents picked it, said before it is removed.</summary>
    public IReadOnlyDictionary<long, ChatChannelRemoval> Removals()
    {
        using var connection = database.Open();
        var deliveries = connection.Query<(long Channel, int Count)>("SELECT channel_id, COUNT(*) FROM chat_deliveries GROUP BY channel_id")
            .ToDictionary(row => row.Channel, row => row.Count);
        var picks = connection.Query<(long Channel, string Key)>("SELECT chat_channel_id, key FROM incidents WHERE chat_channel_id IS NOT NULL ORDER BY id")
            .ToLookup(row => row.Channel, row => row.Key);
        return connection.Query<long>("SELECT id FROM chat_channels WHERE from_config = 0")
            .ToDictionary(id => id, id => new ChatChannelRemoval(deliveries.GetValueOrDefault(id), picks[id].ToList()));
    }

    /// <summary>
    /// Removes a channel the admin added, with its delivery log; the incidents that picked it have no channel of their
    /// own any more. The page asks first, saying so; <paramref name="confirmed"/> is that answer.
    /// </summary>
    public void Remove(long id, bool confirmed)
    {
        if (!confirmed)
            throw new RuleViolationException("removing a channel takes its delivery log with it: confirm it") { TextKey = "refusal:chat-remove-confirm" };
        database.InTransaction((connection, transaction) =>
            connection.Execute("DELETE FROM chat_channels WHERE id = @id AND from_config = 0", new { id }, transaction));
    }

    /// <summary>
    /// The host a robot of <paramref name="kind"/> lives on when <paramref name="url"/> is elsewhere (a typing slip, or
    /// another kind's address), else null. Only a warning: a proxy or a test receiver can stand in for the platform.
    /// </summary>
    public static string? ExpectedHost(string kind, string url)
    {
        string[] hosts = kind switch
        {
            ChatKinds.WeCom => ["qyapi.weixin.qq.com"],
            ChatKinds.DingTalk => ["oapi.dingtalk.com"],
            ChatKinds.Feishu => ["open.feishu.cn", "open.larksuite.com"],
            _ => [],
        };
        if (hosts.Length == 0 || !Uri.TryCreate(url, UriKind.Absolute, out var address)) return null;
        return hosts.Any(host => string.Equals(address.Host, host, StringComparison.OrdinalIgnoreCase)) ? null : string.Join(" / ", hosts);
    }

    /// <summary>
    /// Writes the configured channels to the table (a configured name takes over an admin's channel of the same name)
    /// and switches off configured ones no longer named. A configured channel that is wrong stops the start, naming its key.
    /// </summary>
    public void UseConfigured(IReadOnlyList<NewChatChannel> configured)
    {
        var valid = configured.Select(channel =>
        {
            try
            {
                return Validate(channel);
            }
            catch (RuleViolationException refusal)
            {
                throw new InvalidOperationException($"Crisis:Chat:Channels:{channel.Name}:{Capitalised(refusal.Field)}: {refusal.Message}", refusal);
            }
        }).ToList();
        database.InTransaction((connection, transaction) =>
        {
            connection.Execute("UPDATE chat_channels SET enabled = 0 WHERE from_config = 1", transaction: transaction);
            connection.Execute(
                """
                INSERT INTO chat_channels (name, kind, url, secret, events, is_exercise, is_team, language, enabled, from_config, created_at)
                VALUES (@Name, @Kind, @Url, @Secret, @Events, @Exercise, @Team, @Language, 1, 1, @now)
                ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url, secret = excluded.secret, events = excluded.events,
                    is_exercise = excluded.is_exercise, is_team = excluded.is_team, language = excluded.language, enabled = 1, from_config = 1
                """, valid.Select(channel => new
                {
                    channel.Name, channel.Kind, channel.Url, channel.Secret, channel.Events, channel.Exercise, channel.Team, channel.Language, now = time.GetUtcNow(),
                }),
                transaction);
            ChatOutbox.DropWaiting(connection, transaction, null); // what waited for a channel configuration no longer names
            return valid.Count;
        });
    }

    /// <summary>
    /// The channel the incident's commander picked, if any, and the ones they may pick: enabled, for exercises if it is
    /// one, and not a team channel, which hears of every incident already.
    /// </summary>
    public (long? Picked, IReadOnlyList<ChatChannelView> Choices) ForIncident(string key)
    {
        using var connection = database.Open();
        var incident = connection.QuerySingleOrDefault<(long Id, bool IsExercise, long? ChannelId)>(
            "SELECT id, is_exercise, chat_channel_id FROM incidents WHERE key = @key", new { key });
        if (incident.Id == 0) throw new NotFoundException($"no incident {key}");
        return (incident.ChannelId,
            All().Where(channel => channel.Id == incident.ChannelId || (channel.Enabled && !channel.IsTeam && channel.IsExercise == incident.IsExercise)).ToList());
    }

    /// <summary>
    /// Sets the channel one incident's events also go to, beside the team channels (null for none), and records who did
    /// on the timeline. An exercise can only have an exercise channel and a real incident only another, so a pick cannot
    /// carry a drill into a real group.
    /// </summary>
    public void PickForIncident(string key, long? channelId, Actor actor) =>
        new IncidentWriter(database, time, changes).Write(write =>
        {
            var incident = write.OpenIncident(key);
            var (isExercise, picked) = write.Connection.QuerySingle<(bool IsExercise, long? ChannelId)>(
                "SELECT is_exercise, chat_channel_id FROM incidents WHERE id = @Id", new { incident.Id }, write.Transaction);
            string? name = null;
            if (channelId is { } id)
            {
                var channel = write.Connection.QuerySingleOrDefault<(string Name, bool Enabled, bool IsExercise, bool IsTeam)?>(
                    "SELECT name, enabled, is_exercise, is_team FROM chat_channels WHERE id = @id", new { id }, write.Transaction)
                    ?? throw new NotFoundException($"no chat channel {id}");
                if (!channel.Enabled || channel.IsExercise != isExercise || channel.IsTeam)
                {
                    throw new RuleViolationException($"chat channel {id} is not an enabled {(isExercise ? "exercise" : "non-exercise")} channel outside the team channels")
                        { Field = "channelId", TextKey = "refusal:chat-channel" };
                }
                name = channel.Name;
            }
            if (picked == channelId) return;
            write.Connection.Execute("UPDATE incidents SET chat_channel_id = @channelId WHERE id = @Id", new { channelId, incident.Id }, write.Transaction);
            write.Record(incident, actor, EventKinds.ChatChannelPicked, new { channel = name });
        });

    /// <summary>
    /// The event kinds a stored list names; none for all. One this version does not know (a newer version's, a damaged
    /// row's) is kept: it matches no event, so a list of only such kinds sends nothing rather than everything.
    /// </summary>
    public static IReadOnlyList<string> StoredEvents(string events) =>
        events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static NewChatChannel Validate(NewChatChannel channel)
    {
        var problems = new List<RuleViolationException>();
        T? Check<T>(Func<T> read) where T : class
        {
            try
            {
                return read();
            }
            catch (RuleViolationException refusal)
            {
                problems.Add(refusal);
                return null;
            }
        }
        var name = Check(() => TextLimits.Require(channel.Name, NameLimit, "a channel name", "name"));
        var kind = (channel.Kind ?? "").Trim().ToLowerInvariant();
        if (!ChatKinds.All.Contains(kind))
            problems.Add(new RuleViolationException($"the kind must be one of {string.Join(", ", ChatKinds.All)}") { Field = "kind", TextKey = "refusal:chat-kind" });
        var url = (channel.Url ?? "").Trim();
        if (url.Length > UrlLimit || !Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http"))
            problems.Add(new RuleViolationException("the address must be a whole http(s) web address, as the robot's settings show it") { Field = "url", TextKey = RefusalTexts.WebAddress });
        var secret = (channel.Secret ?? "").Trim();
        if (secret.Length > SecretLimit)
            problems.Add(new RuleViolationException($"the secret is {secret.Length} characters; the limit is {SecretLimit}") { Field = "secret", TextKey = RefusalTexts.TooLong, TextArguments = [secret.Length, SecretLimit] });
        else if (kind == ChatKinds.Webhook && secret.Length == 0)
            problems.Add(new RuleViolationException("a webhook needs a secret to sign its deliveries with") { Field = "secret", TextKey = RefusalTexts.Required });
        else if (kind == ChatKinds.WeCom && secret.Length > 0)
            problems.Add(new RuleViolationException("a WeCom group robot has no secret (its key is in the address): leave the secret empty")
                { Field = "secret", TextKey = "refusal:chat-wecom-secret" });
        var events = (channel.Events ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (events.FirstOrDefault(e => !ChatEventKinds.All.Contains(e)) is { } unknown)
            problems.Add(new RuleViolationException($"'{unknown}' is not an event: use {string.Join(", ", ChatEventKinds.All)}") { Field = "events", TextKey = "refusal:chat-event" , TextArguments = [unknown] });
        var language = (channel.Language ?? "").Trim().ToLowerInvariant() switch
        {
            "" => ChatLanguages.For(kind),
            "zh" or "zh-cn" => ChatLanguages.Chinese,
            var given => given,
        };
        if (!ChatLanguages.All.Contains(language))
            problems.Add(new RuleViolationException($"the language must be one of {string.Join(", ", ChatLanguages.All)}") { Field = "language", TextKey = RefusalTexts.Required });
        if (problems.Count > 0) throw DomainException.Together(problems);
        return channel with { Name = name!, Kind = kind, Url = url, Secret = secret, Events = string.Join(",", events), Language = language };
    }

    private static string Capitalised(string? field) => field is { Length: > 0 } ? char.ToUpperInvariant(field[0]) + field[1..] : "";
}
