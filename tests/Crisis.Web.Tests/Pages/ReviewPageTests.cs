using System.Net;
using System.Net.Http.Json;
using Crisis.Core.Accounts;
using Crisis.Pdf.Tests;

namespace Crisis.Web.Tests.Pages;

/// <summary>The impact form, the review page's workflow and the export button, over HTTP with antiforgery tokens.</summary>
[Collection(nameof(CrisisServer))]
public class ReviewPageTests(CrisisServer server)
{
    private static string Version(string html) => System.Text.RegularExpressions.Regex.Match(html, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;

    [Fact]
    public async Task Figures_recorded_on_the_incident_page_show_as_current_values_and_a_trend()
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        using (var first = await responder.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Impact", new() { ["OrdersAffected"] = "120", ["ComplaintsSocial"] = "9" }))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        server.Time.Advance(TimeSpan.FromMinutes(30));
        using (var second = await responder.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Impact", new() { ["OrdersAffected"] = "450", ["Batches"] = "2611" }))
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var html = await responder.Html($"/incidents/{key}");
        Assert.Contains("<dd>450</dd>", html);
        Assert.Contains("<dd>2611</dd>", html);
        Assert.Contains("Orders affected over time: 120, 450", html);
        Assert.Contains("<polyline points=\"2,34.3 238,2\"", html);

        using var refused = await responder.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Impact", new() { ["UnitsRecalled"] = "-3" });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-problem\" id=\"UnitsRecalled-problem\">Enter a whole number from 0 to", refusedPage);
        Assert.DoesNotContain("unitsRecalled", refusedPage);

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        Assert.DoesNotContain("handler=Impact", await viewer.Html($"/incidents/{key}"));
        using var forbidden = await viewer.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Impact", new() { ["OrdersAffected"] = "1" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task The_review_is_opened_written_sent_for_review_and_published_from_its_page()
    {
        var key = await server.OpenRecallAsync();
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        var page = $"/incidents/{key}/review";
        Assert.DoesNotContain("handler=Open", await commander.Html(page)); // not resolved yet
        using (var resolved = await server.Client(Roles.Commander).PostAsJsonAsync($"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" }))
            resolved.EnsureSuccessStatusCode();
        Assert.DoesNotContain("handler=Open", await responder.Html(page));
        using (await commander.PostForm(page, page + "?handler=Open", [])) { }

        var draft = await responder.Html(page);
        Assert.Contains("badge review-draft", draft);
        using (var saved = await responder.PostForm(page, page + "?handler=Save", new()
               {
                   ["version"] = Version(draft), ["form.Summary"] = "Bottles **cracked**.", ["form.RootCause"] = "Mould change.",
                   ["form.Whys[0]"] = "Thin walls", ["form.Whys[1]"] = "New mould", ["form.Lessons"] = "<script>alert(1)</script>",
               }))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var afterSave = await responder.Html(page);
        Assert.Contains("Thin walls", afterSave);
        using (await responder.PostForm(page, page + "?handler=Save", new() { ["version"] = Version(draft), ["form.Summary"] = "stale" })) { }
        Assert.Contains("This changed since you loaded the page", await responder.Html(page));

        using (await responder.PostForm(page, page + "?handler=AddAction", new()
               {
                   ["version"] = Version(afterSave), ["action.Title"] = "Requalify moulds", ["action.OwnerPersonId"] = server.Quality.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action.DueDate"] = "2026-12-01",
               })) { }
        var withAction = await responder.Html(page);
        Assert.Contains("Requalify moulds", withAction);
        using (await responder.PostForm(page, page + "?handler=Submit", new() { ["version"] = Version(withAction) })) { }
        var inReview = await responder.Html(page);
        Assert.Contains("badge review-in_review", inReview);
        Assert.DoesNotContain("handler=Publish", inReview);
        using (var refused = await responder.PostForm(page, page + "?handler=Publish", new() { ["version"] = Version(inReview) }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var asCommander = await commander.Html(page);
        using (await commander.PostForm(page, page + "?handler=Publish", new() { ["version"] = Version(asCommander) })) { }
        var published = await commander.Html(page);
        Assert.Contains("badge review-published", published);
        Assert.Contains("<strong>cracked</strong>", published);
        Assert.DoesNotContain("<script>alert(1)", published);
        Assert.DoesNotContain("handler=Save", published);

        using var markdown = await commander.Get($"/incidents/{key}/export?file=review.md&lang=en");
        Assert.Contains("Bottles **cracked**.", await markdown.Content.ReadAsStringAsync());
        using var pdf = await commander.Get($"/incidents/{key}/export?file=review.pdf&lang=zh-CN&paper=Letter");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfFiles.Text(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("事件复盘报告", text);
        Assert.Contains("Requalify moulds", text);
        Assert.Equal(HttpStatusCode.BadRequest, (await commander.Get($"/incidents/{key}/export?file=review.pdf&paper=A5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commander.Get($"/incidents/{key}/export?file=secrets.txt")).StatusCode);
    }
}
