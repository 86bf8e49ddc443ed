using Crisis.Core.Incidents;

namespace Crisis.Web.Pages;

/// <summary>
/// One event as every page tells it (<c>Shared/_TimelineEvent</c>): its sentence from <see cref="EventStory"/>, its time
/// in the page's <paramref name="Zone"/>, and what it holds beyond the sentence. <paramref name="OnMessagePage"/> is
/// the message a message's own page shows, which needs no link to itself.
/// </summary>
public sealed record TimelineEntry(StoryLine Line, TimelineEvent Event, TimeZoneInfo Zone, long? OnMessagePage = null);
