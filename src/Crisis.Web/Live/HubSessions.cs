using System.Collections.Concurrent;
using Crisis.Core.Accounts;
using Crisis.Web.Pages.Account;
using Microsoft.AspNetCore.SignalR;

namespace Crisis.Web.Live;

/// <summary>
/// The open hub connections of each user, so that a session ended by a new security stamp (role, password, disabling,
/// sign-out: <see cref="Accounts.SessionsEnded"/>) closes the user's live connections too: a WebSocket is authenticated
/// once, when it opens, and no later request re-checks its cookie.
/// </summary>
public sealed class HubSessions : IDisposable
{
    private readonly Accounts _accounts;
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, HubCallerContext>> _byUser = new();

    public HubSessions(Accounts accounts)
    {
        _accounts = accounts;
        _accounts.SessionsEnded += Close;
    }

    /// <summary>Registers the connection, then checks its session once more: one ended while it opened is closed too.</summary>
    public void Opened(HubCallerContext connection)
    {
        if (connection.User is { } user && CookieSessions.UserId(user) is { } id)
            _byUser.GetOrAdd(id, _ => new()).TryAdd(connection.ConnectionId, connection);
        StillSignedIn(connection);
    }

    public void Closed(HubCallerContext connection)
    {
        if (connection.User is { } user && CookieSessions.UserId(user) is { } id && _byUser.TryGetValue(id, out var connections))
            connections.TryRemove(connection.ConnectionId, out _);
    }

    /// <summary>Whether the connection's cookie session still lasts (the check every page request makes); when not, it is closed.</summary>
    public bool StillSignedIn(HubCallerContext connection)
    {
        if (CookieSessions.CurrentUser(connection.User, _accounts) is not null) return true;
        connection.Abort();
        return false;
    }

    private void Close(long userId)
    {
        if (!_byUser.TryGetValue(userId, out var connections)) return;
        foreach (var connection in connections.Values) connection.Abort();
    }

    public void Dispose() => _accounts.SessionsEnded -= Close;
}
