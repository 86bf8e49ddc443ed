using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Crisis.Web.Live;

/// <summary>
/// Open checklists watch their incident here and are told "changed" whenever a change to it commits. A connection may
/// watch only incidents that exist, which every reader may read (exercises' incidents too, as their pages show them),
/// and at most <see cref="MaxWatches"/> of them: a page watches one. The My work page, which spans incidents, watches
/// them all (<see cref="WatchMyWork"/>). A connection lasts only as long as the cookie session it opened with
/// (<see cref="HubSessions"/>).
/// </summary>
[Authorize(Policy = Permissions.Read)]
public sealed class IncidentHub(IncidentQueries incidents, HubSessions sessions) : Hub
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
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(key));
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

    public static string GroupOf(string key) => $"incident:{key}";
}

/// <summary>Bridges <see cref="IncidentChanges"/> from the domain to the hub, whichever door (page or API) the change came through.</summary>
public sealed class IncidentBroadcaster(IHubContext<IncidentHub> hub, IncidentChanges changes, ILogger<IncidentBroadcaster> logger) : IHostedService
{
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

    private void OnCommitted(string key) => _ = Send(key);

    private async Task Send(string key)
    {
        try
        {
            await hub.Clients.Groups(IncidentHub.GroupOf(key), IncidentHub.MyWorkGroup).SendAsync("changed", key);
        }
        catch (Exception exception)
        {
            // A lost notification costs a second of staleness, not data: clients refetch on reconnect.
            logger.LogWarning(exception, "could not notify watchers of {Key}", key);
        }
    }
}
