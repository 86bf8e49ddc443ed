using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Crisis.Web.Live;

/// <summary>Open checklists watch their incident here and are told "changed" whenever a change to it commits.</summary>
[Authorize(Policy = Permissions.Read)]
public sealed class IncidentHub : Hub
{
    public const string Path = "/hubs/incidents";

    public Task Watch(string key) => Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(key));

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
            await hub.Clients.Group(IncidentHub.GroupOf(key)).SendAsync("changed", key);
        }
        catch (Exception exception)
        {
            // A lost notification costs a second of staleness, not data: clients refetch on reconnect.
            logger.LogWarning(exception, "could not notify watchers of {Key}", key);
        }
    }
}
