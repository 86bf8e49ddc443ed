using System.Net;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Pages;

[Collection(nameof(CrisisServer))]
public partial class MessagePageTests(CrisisServer server)
{
    public static Dictionary<string, string> RecallForm(string product) => new()
    {
        ["Variables[product]"] = product, ["Variables[batches]"] = "2611", ["Variables[hazard]"] = "The base can crack when sterilised.",
        ["Variables[how_to_identify]"] = "The batch number is printed on the base.", ["Variables[remedy]"] = "A full refund.",
        ["Variables[model]"] = "AB-260", ["Variables[quantity]"] = "12,400 units", ["Variables[scope]"] = "Tmall and JD, mainland China",
        ["Variables[recall_start]"] = "5 November 2026", ["Variables[recall_end]"] = "4 May 2027", ["Variables[maker]"] = "Aurora Baby Products Co., Ltd.",
        ["Variables[maker_address]"] = "88 Example Road, Shanghai", ["Variables[filing_number]"] = "SH-2026-0417",
        ["OtherRecipients"] = "parent@example.com\nother.parent@example.com",
        ["template"] = "recall-customer-notice", ["language"] = "en", ["step"] = "warn-buyers",
    };

    public static string NewMessagePage(string key) => $"/incidents/{key}/messages/new?template=recall-customer-notice&language=en&step=warn-buyers";

    private async Task<string> DraftThroughTheForm(Browser browser, string key, string product)
    {
        using var drafted = await browser.PostForm(NewMessagePage(key), $"/incidents/{key}/messages/new?handler=Draft", RecallForm(product));
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var location = drafted.Headers.Location!.OriginalString;
        Assert.Matches("^/messages/\\d+$", location);
        return location;
    }

    [Fact]
    public async Task Addresses_typed_with_chinese_commas_are_separate_recipients()
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        var form = RecallForm("婴儿防胀气奶瓶");
        form["OtherRecipients"] = "parent@example.com，other.parent@example.com、third@example.com；fourth@example.com";
        using var drafted = await responder.PostForm(NewMessagePage(key), $"/incidents/{key}/messages/new?handler=Draft", form);
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var id = drafted.Headers.Location!.OriginalString["/messages/".Length..];

        var message = await server.Client(Roles.Viewer).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/messages/{id}");
        Assert.Equal(["parent@example.com", "other.parent@example.com", "third@example.com", "fourth@example.com"],
            message.GetProperty("recipients").EnumerateArray().Select(recipient => recipient.GetString()));
    }

    [Fact]
    public async Task The_preview_names_what_is_missing_before_anything_is_saved()
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        var empty = await responder.Html(NewMessagePage(key));
        Assert.Contains("Still missing: Product, Model, Batches or production dates, Quantity recalled, Where it was sold, Recall starts, Recall ends, Hazard, "
            + "How to identify it, Remedy, Manufacturer, Manufacturer address, Regulator filing, Brand name, Website, Customer hotline, Customer email.", empty);
        Assert.Contains("[[Product]]", empty);

        var form = RecallForm("Bottle <script>alert(1)</script>");
        form.Remove("Variables[remedy]");
        using var preview = await responder.PostForm(NewMessagePage(key), $"/incidents/{key}/messages/new?handler=Preview", form);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Still missing: Remedy, Brand name", html);
        Assert.Contains("Bottle &lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Empty((await responder.Html($"/incidents/{key}/messages")).Split("/messages/").Skip(2)); // only the "new" link: nothing saved
    }

    [Fact]
    public async Task A_responder_drafts_and_edits_only_the_commander_approves_and_the_timeline_tells_it()
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        var message = await DraftThroughTheForm(responder, key, "Anti-colic bottle 260 ml");

        var asResponder = await responder.Html(message);
        Assert.Contains("Recall notice: stop using Anti-colic bottle 260 ml, model AB-260 (batches 2611)", asResponder);
        Assert.Contains("Waiting for approval", asResponder);
        Assert.DoesNotContain("Approve and send", asResponder);
        using var refused = await responder.PostForm(message, message + "?handler=Approve", new() { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var edited = await responder.PostForm(message, message + "?handler=Edit", new()
        {
            ["version"] = "1", ["subject"] = "Safety notice: stop using the 260 ml bottle", ["recipients"] = "parent@example.com",
            ["body"] = "Dear customer,\n\nPlease **stop using** the bottle from batch 2611.",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var asCommander = await commander.Html(message);
        Assert.Contains("Approve and send", asCommander);
        Assert.Contains("<strong>stop using</strong>", asCommander);
        using var stale = await commander.PostForm(message, message + "?handler=Approve", new() { ["version"] = "1" });
        Assert.Contains("This changed since you loaded the page", await commander.Html(message));
        using var approved = await commander.PostForm(message, message + "?handler=Approve", new() { ["version"] = "2" });
        var after = await commander.Html(message);
        Assert.Contains("badge msg-queued", after);
        Assert.Contains("approved by commander-user", after);
        Assert.Contains("parent@example.com", after);
        Assert.DoesNotContain("other.parent@example.com", after);

        // The history tells the message's events in the incident timeline's sentences, newest first.
        var history = EventSentences().Matches(after[after.IndexOf("id=\"message-history\"", StringComparison.Ordinal)..])
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Collection(history,
            approval => Assert.EndsWith(" approved \"Safety notice: stop using the 260 ml bottle\" (email).", approval),
            edit => Assert.EndsWith(" edited the message \"Safety notice: stop using the 260 ml bottle\".", edit),
            draft => Assert.Matches(" drafted \".+\" for customers\\.$", draft));
        var incident = await commander.Html($"/incidents/{key}");
        Assert.Contains($"href=\"{message}\"", incident);
        Assert.Contains("Messages (1)", incident);
    }

    [Fact]
    public async Task Viewers_read_messages_but_cannot_draft_and_a_step_with_a_template_offers_its_draft()
    {
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        Assert.Contains($"href=\"/incidents/{key}/messages/new?template=recall-customer-notice&amp;step=warn-buyers\"", await responder.Html($"/incidents/{key}"));
        var message = await DraftThroughTheForm(responder, key, "Bottle");

        using var viewer = await Browser.SignedInAs(server, Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Get(NewMessagePage(key))).StatusCode);
        var page = await viewer.Html(message);
        Assert.DoesNotContain("Save changes", page);
        using var refused = await viewer.PostForm(message, message + "?handler=Edit", new() { ["version"] = "1", ["subject"] = "x", ["body"] = "y" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [GeneratedRegex("<p class=\"event-sentence\">([^<]+)</p>")]
    private static partial Regex EventSentences();
}
