using Crisis.Core.Chat;

namespace Crisis.Web.Tests.Chat;

/// <summary>
/// The app with chat channels configured as an operator would, pointing at a <see cref="ChatReceiver"/>: robots of each
/// platform for a few events each (Feishu allows only five messages a second, and the test clock stands still), a webhook for every event, a DingTalk robot marked as the exercise
/// channel, one DingTalk robot whose secret was changed on the platform's side, and a WeCom robot for early-warning
/// signals in the robots' usual language, Chinese.
/// </summary>
public sealed class ChatServer : CrisisServer
{
    public ChatReceiver Receiver { get; } = new();

    public const string Opened = ChatEventKinds.IncidentOpened + "," + ChatEventKinds.SeverityChanged;

    protected override IEnumerable<string> ExtraArguments =>
    [
        .. Channel("ding", ChatKinds.DingTalk, ChatReceiver.DingTalkSecret, Opened),
        .. Channel("lark", ChatKinds.Feishu, ChatReceiver.FeishuSecret, ChatEventKinds.IncidentResolved),
        .. Channel("wecom", ChatKinds.WeCom, "", ChatEventKinds.IncidentOpened),
        .. Channel("hook", ChatKinds.Webhook, ChatReceiver.WebhookSecret, ""),
        .. Channel("drill", ChatKinds.DingTalk, ChatReceiver.DingTalkSecret, "", exercise: true),
        .. Channel("stale", ChatKinds.DingTalk, "SECthe-secret-before-it-was-reset", ChatEventKinds.SeverityChanged),
        .. Channel("alerts", ChatKinds.WeCom, "", ChatEventKinds.SignalRaised),
        "--Crisis:Notifications:PublicUrl=https://crisis.aurora.example",
        $"--Crisis:Templates={Path.Combine(RepositoryFolder, "templates")}",
    ];

    private IEnumerable<string> Channel(string name, string kind, string secret, string events, bool exercise = false) =>
    [
        $"--Crisis:Chat:Channels:{name}:Kind={kind}", $"--Crisis:Chat:Channels:{name}:Url={Receiver.Url(kind, name)}",
        $"--Crisis:Chat:Channels:{name}:Secret={secret}", $"--Crisis:Chat:Channels:{name}:Events={events}",
        $"--Crisis:Chat:Channels:{name}:Exercise={exercise}",
    ];

    public override async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        Receiver.Now = () => Time.GetUtcNow();
        Receiver.Explain = channel => string.Join("; ", Service<ChatOutbox>().Log().Where(line => line.Channel == channel)
            .Select(line => $"{line.EventKind} {line.IncidentKey} {line.Status} {line.Attempts} {line.LastError} next {line.NextAttemptAt}")) + $"; now {Time.GetUtcNow():O}";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>The delivery log's lines for one channel and event kind, newest first.</summary>
    public IReadOnlyList<ChatDeliveryLine> Deliveries(string channel, string kind) =>
        Service<ChatOutbox>().Log().Where(line => line.Channel == channel && line.EventKind == kind).OrderByDescending(line => line.Id).ToList();
}

[CollectionDefinition(nameof(ChatServer))]
public sealed class ChatServerCollection : ICollectionFixture<ChatServer>;
