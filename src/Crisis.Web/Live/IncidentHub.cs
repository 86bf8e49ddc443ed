using System.Collections.Concurrent;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Crisis.Web.Live;

/// <summary>
/// Open checklists watch their incident here. A change to its steps alone is sent as the parts of the page it changed,
/// drawn once for each view that watches (<see cref="LiveView"/>, <see cref="IncidentBroadcaster"/>); any other change
/// is told as "changed", and the page fetches itself again. A connection may
/// watch only incidents that exist, which every reader may read (exercises' incidents too, as their pages show them),
/// and at most <see cref="MaxWatches"/> of them: a page watches one. The My work page, which spans incidents, watches
/// them all (<see cref="WatchMyWork"/>). A connection lasts only as long as the cookie session it opened with
/// (<see cref="HubSessions"/>).
/// </summary>
[Authorize(Policy = Permissions.Read)]
public sealed class IncidentHub(IncidentQueries incidents, HubSessions sessions, LiveWatchers watchers, IncidentBroadcaster broadcaster) : Hub
{
    public const string Path = "/hubs/incidents";
    public const int MaxWatches = 20;
    public const string MyWorkGroup = "my-work";

    public override Task OnConnectedAsync()
    {
        sessions.Opened(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Closed(Context);
        var view = View();
        foreach (var key in Watched()) watchers.Remove(key, view);
        return Task.CompletedTask;
    }

    public async Task Watch(string key)
    {
        if (!sessions.StillSignedIn(Context)) throw new HubException("your session has ended: sign in again");
        var watched = Watched();
        if (!watched.Contains(key))
        {
            if (watched.Count >= MaxWatches)
                throw new HubException($"this connection already watches {MaxWatches} incidents, the most one may: open a new connection");
            if (string.IsNullOrEmpty(key) || !incidents.Exists(key))
                throw new HubException("there is no incident with that key");
            watched.Add(key);
            watchers.Add(key, View());
            broadcaster.Watching(key);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(key));
        await Groups.AddToGroupAsync(Context.ConnectionId, View().GroupOf(key));
    }

    /// <summary>
    /// Told of a change to any incident: a step given to the reader, or a draft waiting for them, may come from one their
    /// page does not show yet. The page fetches itself again at most once a second however many changes arrive (my-work.js).
    /// </summary>
    public async Task WatchMyWork()
    {
        if (!sessions.StillSignedIn(Context)) throw new HubException("your session has ended: sign in again");
        await Groups.AddToGroupAsync(Context.ConnectionId, MyWorkGroup);
    }

    /// <summary>The keys this connection watches; a hub's methods run one at a time per connection.</summary>
    private HashSet<string> Watched()
    {
        if (Context.Items.TryGetValue(nameof(Watched), out var keys)) return (HashSet<string>)keys!;
        var created = new HashSet<string>(StringComparer.Ordinal);
        Context.Items[nameof(Watched)] = created;
        return created;
    }

    /// <summary>The connection's view, as it was when it opened: a page that changes language or zone loads afresh.</summary>
    private LiveView View()
    {
        if (Context.Items.TryGetValue(nameof(View), out var view)) return (LiveView)view!;
        var created = LiveView.Of(Context);
        Context.Items[nameof(View)] = created;
        return created;
    }

    public static string GroupOf(string key) => $"incident:{key}";
}

/// <summary>
/// Bridges <see cref="IncidentChanges"/> from the domain to the hub, whichever door (page or API) the change came through.
/// The events a change recorded decide what is sent: step events alone, the parts of the page they changed, drawn once
/// for each view that watches, with the sequence numbers of the events they bring (a page that missed some fetches
/// itself again); anything else, or an incident first seen, "changed". Changes to one incident are sent one after
/// another; those committed meanwhile go together in the next.
/// </summary>
public sealed class IncidentBroadcaster(IHubContext<IncidentHub> hub, IncidentChanges changes, Timeline timeline, LiveWatchers watchers, LiveFragments fragments,
    IConfiguration configuration, ILogger<IncidentBroadcaster> logger) : IHostedService
{
    /// <summary>Off (<c>Crisis:LiveFragments=false</c>), every change is told as "changed", as before the parts were sent.</summary>
    private readonly bool _sendParts = configuration.GetValue("Crisis:LiveFragments", true);

    private static readonly HashSet<string> StepKinds =
    [
        EventKinds.StepCompleted, EventKinds.StepStarted, EventKinds.StepReopened, EventKinds.StepSkipped, EventKinds.StepBlocked, EventKinds.StepNoted,
        EventKinds.StepReassigned,
    ];

    /// <summary>The views of one incident drawn for at most: beyond them, a change to steps is told as "changed".</summary>
    public const int MaxViews = 12;

    private sealed class Sending
    {
        public long Seq; // the last event sent; 0 before the first
        public bool Running, Again;
        public bool Eventless; // a change that recorded no event came since the last send
    }

    private readonly ConcurrentDictionary<string, Sending> _sending = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Committed += OnCommitted;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Committed -= OnCommitted;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A page began to watch: the next change is sent as following on from the incident's last event now, which the
    /// page has, or else it fetches itself again (live.js). Until then an incident first seen is told "changed".
    /// </summary>
    public void Watching(string key)
    {
        var sending = _sending.GetOrAdd(key, _ => new Sending());
        lock (sending)
        {
            if (sending.Seq == 0 && !sending.Running) sending.Seq = timeline.LastSeq(key);
        }
    }

    // Off the committing thread: reading and drawing take a while.
    private void OnCommitted(string key, bool recordedEvents) => _ = Task.Run(() => Send(key, recordedEvents));

    private async Task Send(string key, bool recordedEvents)
    {
        var sending = _sending.GetOrAdd(key, _ => new Sending());
        lock (sending)
        {
            if (!recordedEvents) sending.Eventless = true;
            if (sending.Running)
            {
                sending.Again = true;
                return;
            }
            sending.Running = true;
        }
        while (true)
        {
            try
            {
                await SendOnce(key, sending);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "could not notify watchers of {Key}; they are told it changed", key);
                sending.Seq = 0; // whatever was sent, the next change is told as "changed" too
                Tell(hub.Clients.Group(IncidentHub.GroupOf(key)).SendAsync("changed", key), key);
            }
            lock (sending)
            {
                if (!sending.Again)
                {
                    sending.Running = false;
                    return;
                }
                sending.Again = false;
            }
        }
    }

    // Sends are not waited for: a reader whose connection stops taking messages must not hold up the rest (SignalR closes
    // it once its buffer stays full). Those to one connection keep their order, and a page that sees parts out of order
    // fetches itself again.
    private async Task SendOnce(string key, Sending sending)
    {
        Tell(hub.Clients.Group(IncidentHub.MyWorkGroup).SendAsync("changed", key), key);
        bool eventless;
        lock (sending)
        {
            eventless = sending.Eventless;
            sending.Eventless = false;
        }
        var from = sending.Seq;
        var events = timeline.Read(key, afterSeq: from);
        // Nothing new and nothing eventless: an earlier send took these events with it (commits in one go are told one by one).
        if (events.Count == 0 && !eventless && from > 0) return;
        if (events.Count > 0) sending.Seq = events[^1].Seq;
        var steps = events.Select(StepOf).ToList();
        if (!_sendParts || from == 0 || eventless || events.Count == 0 || steps.Any(step => step is null))
        {
            Tell(hub.Clients.Group(IncidentHub.GroupOf(key)).SendAsync("changed", key), key);
            return;
        }
        var changed = steps.ToHashSet(StringComparer.Ordinal)!;
        foreach (var (view, index) in watchers.Views(key).Select((view, index) => (view, index)))
        {
            var group = hub.Clients.Group(view.GroupOf(key));
            string html;
            try
            {
                if (index >= MaxViews) throw new InvalidOperationException($"more than {MaxViews} views of one incident: the rest fetch the page");
                html = await fragments.Render(key, view, changed!, from);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "could not draw the parts of {Key} a change changed; its watchers fetch the page again", key);
                Tell(group.SendAsync("changed", key), key);
                continue;
            }
            Tell(group.SendAsync("steps", new { key, from = from + 1, to = sending.Seq, html }), key);
        }
    }

    /// <summary>A send not waited for, whose failure is logged: a lost message costs a page a refetch on reconnect, not data.</summary>
    private void Tell(Task send, string key) =>
        send.ContinueWith(failed => logger.LogWarning(failed.Exception, "could not notify watchers of {Key}", key), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The step a step event is about; null for any other event.</summary>
    private static string? StepOf(TimelineEvent e) =>
        StepKinds.Contains(e.Kind) && e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty("step", out var step) && step.ValueKind == JsonValueKind.String
            ? step.GetString()
            : null;
}
