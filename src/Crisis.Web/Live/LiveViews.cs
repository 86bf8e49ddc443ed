using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;

namespace Crisis.Web.Live;

/// <summary>
/// What a checklist looks like to its reader, as far as the live updates sent to it go: the language, the time zone its
/// story's times are written in (empty: the organisation's) and the reader's role, which decides the forms it shows.
/// Readers alike are sent one rendering of a change (<see cref="LiveFragments"/>), however many they are.
/// </summary>
public sealed record LiveView(string Culture, string Zone, string Role)
{
    public static LiveView Of(HubCallerContext connection)
    {
        var http = connection.GetHttpContext();
        var culture = http?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? CultureInfo.CurrentUICulture.Name;
        var zone = http is null ? "" : PageHelpers.ChosenZone(http)?.Id ?? ""; // a zone we know, or none: a made-up cookie is no view of its own
        return new LiveView(culture, zone, connection.User?.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "");
    }

    /// <summary>The hub group of the connections that watch <paramref name="key"/> with this view.</summary>
    public string GroupOf(string key) => $"{IncidentHub.GroupOf(key)}|{Culture}|{Zone}|{Role}";
}

/// <summary>Which views watch each incident, and how many connections hold each: the renderings a change needs.</summary>
public sealed class LiveWatchers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<LiveView, int>> _byIncident = new(StringComparer.Ordinal);

    public void Add(string key, LiveView view) =>
        _byIncident.GetOrAdd(key, _ => new()).AddOrUpdate(view, 1, (_, count) => count + 1);

    public void Remove(string key, LiveView view)
    {
        if (!_byIncident.TryGetValue(key, out var views)) return;
        var left = views.AddOrUpdate(view, 0, (_, count) => count - 1);
        if (left <= 0) views.TryRemove(KeyValuePair.Create(view, left));
    }

    public IReadOnlyList<LiveView> Views(string key) =>
        _byIncident.TryGetValue(key, out var views) ? views.Where(pair => pair.Value > 0).Select(pair => pair.Key).ToList() : [];
}
