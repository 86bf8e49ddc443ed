using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Chat;

namespace Crisis.Web.Api;

/// <summary>The chat channel a commander picks for one incident, told of its events beside the team channels (docs/chat.md).</summary>
public static class ChatApi
{
    public static void MapChatApi(this RouteGroupBuilder api) =>
        api.MapPost("/incidents/{key}/chat-channel", (string key, ChatChannelBody body, ChatChannels channels, ClaimsPrincipal user) =>
            {
                channels.PickForIncident(key, body.ChannelId, user.Actor());
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithName("PickIncidentChatChannel")
            .WithSummary("Pick the chat channel or webhook that also hears of this incident's events; channelId null for none")
            .WithDescription("The channel must be enabled, not a team channel (those hear of every incident), and an exercise channel for an exercise, another one for a real incident (400 otherwise; 404 for a channel that does not exist). Recorded on the timeline.");
}

public sealed record ChatChannelBody
{
    [Range(1, long.MaxValue, ErrorMessage = "'channelId' is the id of a chat channel, or null for none")]
    public long? ChannelId { get; init; }
}
