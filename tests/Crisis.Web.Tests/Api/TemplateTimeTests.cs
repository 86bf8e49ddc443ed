using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Api;

/// <summary>The built-in times of a template (<c>incident.opened_at</c>, <c>now</c>) as its reader expects them, with no zone configured.</summary>
[Collection(nameof(CrisisServer))]
public class TemplateTimeTests(CrisisServer server)
{
    private async Task<JsonElement> Draft(string key, string language)
    {
        using var drafted = await server.Client(Roles.Responder).PostAsJsonAsync($"/api/incidents/{key}/messages",
            new { templateId = "leadership-sitrep", language });
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        return await drafted.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_chinese_draft_gives_times_in_beijing_time_named_and_an_english_one_in_utc()
    {
        var key = await server.OpenRecallAsync();
        var incident = await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/incidents/{key}");
        var opened = incident.GetProperty("openedAt").GetDateTimeOffset();
        string Minute(DateTimeOffset at, int hours) => at.ToOffset(TimeSpan.FromHours(hours)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var chinese = await Draft(key, "zh-CN");
        Assert.Contains($"{Minute(opened, 8)}（北京时间，UTC+8）", chinese.GetProperty("markdown").GetString());
        Assert.Contains($"{Minute(server.Time.GetUtcNow(), 8)}（北京时间，UTC+8）", chinese.GetProperty("subject").GetString());
        Assert.DoesNotContain(" UTC", chinese.ToString());

        var english = await Draft(key, "en");
        Assert.Contains($"{Minute(opened, 0)} UTC", english.GetProperty("markdown").GetString());
        Assert.Contains($"{Minute(server.Time.GetUtcNow(), 0)} UTC", english.GetProperty("subject").GetString());
    }
}
