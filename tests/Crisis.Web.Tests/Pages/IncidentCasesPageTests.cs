using System.Net;
using System.Net.Http.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;

namespace Crisis.Web.Tests.Pages;

/// <summary>The incident page's complaint cases: what the linked cases add up to, their curve, and taking their figures into the impact log.</summary>
[Collection(nameof(CrisisServer))]
public class IncidentCasesPageTests(CrisisServer server)
{
    private static readonly Actor Agent = new("lin", Roles.Agent);

    [Fact]
    public async Task Linked_cases_show_by_channel_in_words_with_their_curve_and_a_responder_takes_their_figures_without_retyping()
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder, acceptLanguage: "zh-CN");
        Assert.DoesNotContain("handler=ImpactFromCases", await responder.Html($"/incidents/{key}"));

        var book = server.Service<CaseBook>();
        var now = server.Time.GetUtcNow();
        var ids = new[] { CaseChannels.Tmall, CaseChannels.Tmall, CaseChannels.Regulator12315, CaseChannels.Hotline }
            .Select((channel, index) => book.Log(new NewCase
            {
                Channel = channel, Category = CaseCategories.Safety, Summary = "瓶底开裂", OrderId = $"O-{index}", CustomerRef = $"buyer-{index}",
                ReceivedAt = now.AddDays(-index),
            }, CaseSources.Form, Agent).Id).ToList();
        book.Link(ids, key, Agent);

        var html = await responder.Html($"/incidents/{key}");
        Assert.Contains("已关联 4 个，4 个未解决", html);
        Assert.Contains("天猫 2、客服热线 1、12315（市场监管） 1", html);
        Assert.Contains($"href=\"/cases?incident={key}\"", html);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(html, "<rect ").Count);
        var block = html[html.IndexOf("class=\"incident-cases\"", StringComparison.Ordinal)..html.IndexOf("</figure>", StringComparison.Ordinal)];
        Assert.DoesNotContain("tmall", block);

        using (var taken = await responder.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=ImpactFromCases", new()))
            Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var current = server.Service<ImpactLog>().Read(key).Current;
        Assert.Equal((2L, 1L, 1L, 4L), (current.ComplaintsPlatform, current.Complaints12315, current.ComplaintsDirect, current.OrdersAffected));
        Assert.Contains("根据 4 个关联投诉工单统计", await responder.Html($"/incidents/{key}"));

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        Assert.DoesNotContain("handler=ImpactFromCases", await viewer.Html($"/incidents/{key}"));
        using var forbidden = await viewer.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=ImpactFromCases", new());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task The_api_sums_the_linked_cases_and_records_their_figures_and_refuses_when_none_are_linked()
    {
        var key = await server.OpenRecallAsync();
        using var refused = await server.Client(Roles.Responder).PostAsync($"/api/incidents/{key}/impact/from-cases", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var book = server.Service<CaseBook>();
        var id = book.Log(new NewCase { Channel = CaseChannels.JD, Category = CaseCategories.Quality, Summary = "Leaks", OrderId = "J-1" }, CaseSources.Api, Agent).Id;
        book.Link([id], key, Agent);
        var summary = await server.Client(Roles.Viewer).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/incidents/{key}/cases/summary");
        Assert.Equal(1, summary.GetProperty("cases").GetInt64());
        Assert.Equal("jd", summary.GetProperty("byChannel")[0].GetProperty("channel").GetString());

        using var forbidden = await server.Client(Roles.Viewer).PostAsync($"/api/incidents/{key}/impact/from-cases", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var recorded = await server.Client(Roles.Responder).PostAsync($"/api/incidents/{key}/impact/from-cases", null);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(1, server.Service<ImpactLog>().Read(key).Current.OrdersAffected);
    }
}
