using Crisis.Core.Chat;

namespace Crisis.Web.Chat;

/// <summary>
/// The channels configuration names: <c>Crisis:Chat:Channels:{name}:Kind</c>, <c>:Url</c>, <c>:Secret</c>,
/// <c>:Events</c> (comma-separated, empty for all), <c>:Exercise</c>, <c>:Team</c> (true unless set false) and
/// <c>:Language</c> (<c>en</c> or <c>zh-CN</c>, for events that belong to no incident), so
/// <c>Crisis__Chat__Channels__team__Kind=dingtalk</c> works from the environment.
/// </summary>
public static class ChatConfiguration
{
    public static IReadOnlyList<NewChatChannel> Channels(IConfiguration configuration) =>
        configuration.GetSection("Crisis:Chat:Channels").GetChildren().Select(channel => new NewChatChannel
        {
            Name = channel.Key,
            Kind = channel["Kind"] ?? "",
            Url = channel["Url"] ?? "",
            Secret = channel["Secret"] ?? "",
            Events = channel["Events"] ?? "",
            Exercise = Flag(channel, "Exercise", false),
            Team = Flag(channel, "Team", true),
            Language = channel["Language"] ?? "",
        }).ToList();

    private static bool Flag(IConfigurationSection channel, string key, bool otherwise) =>
        channel[key] is { Length: > 0 } value
            ? bool.TryParse(value, out var flag) ? flag : throw new InvalidOperationException($"{channel.Path}:{key} is '{value}': write true or false")
            : otherwise;
}
