using System.Net;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;

namespace Crisis.Web.Tests.Pages;

/// <summary>A server of its own: the organisation settings saved here would change every other test's messages.</summary>
public sealed class OrganisationPageTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private const string Page = "/admin/organisation";

    private static Dictionary<string, string> Brand(string email = "care@aurora.example") => new()
    {
        ["Input.BrandName"] = "Aurora Baby", ["Input.BrandNameChinese"] = "极光母婴", ["Input.Hotline"] = "400-820-0000",
        ["Input.Email"] = email, ["Input.Website"] = "https://aurora.example", ["Input.TimeZone"] = "Asia/Shanghai",
    };

    /// <summary>Back to a new installation's brand (none): the tests of this class run one after another on one server.</summary>
    private void NoBrandSet() => server.Services.GetRequiredService<OrganisationSettings>().Save(new OrganisationValues(), new Actor("test"));

    [Fact]
    public async Task Saving_the_brand_on_the_page_unblocks_a_waiting_draft_at_once_and_the_mail_banner_says_why_it_stays_queued()
    {
        NoBrandSet();
        var key = await server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(server, Roles.Responder);
        using var drafted = await responder.PostForm(MessagePageTests.NewMessagePage(key), $"/incidents/{key}/messages/new?handler=Draft",
            MessagePageTests.RecallForm("Anti-colic bottle"));
        var message = drafted.Headers.Location!.OriginalString;

        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var blocked = await admin.Html(message);
        Assert.Contains("disabled=\"disabled\" aria-describedby=\"approve-blocked\">Approve and send", blocked);
        Assert.Contains("Not set in the organisation settings: Customer hotline, Customer email, Website, Brand name.", blocked);
        Assert.Contains("href=\"/admin/organisation\"", blocked);
        var blockedText = VisibleWordsTests.VisibleText(blocked);
        Assert.Contains("Still missing: Customer hotline, Customer email, Website, Brand name.", blockedText);
        Assert.DoesNotContain("brand.", blockedText);
        var before = await admin.Html("/");
        Assert.Contains("Before the first incident", before);
        Assert.Matches("To do</span>\\s*<a href=\"/admin/organisation\">Set the brand name", before);

        using var saved = await admin.PostForm(Page, Page, Brand());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var unblocked = await admin.Html(message);
        Assert.DoesNotContain("approve-blocked", unblocked);
        Assert.Contains("400-820-0000", unblocked);
        using var approved = await admin.PostForm(message, message + "?handler=Approve", new() { ["version"] = "1" });
        var queued = await admin.Html(message);
        Assert.Contains("badge msg-queued", queued);
        Assert.Contains("400-820-0000", queued);
        Assert.DoesNotContain("[[brand.", queued);

        // Nothing can send it: the message, the list and the admin's dashboard say so, and why.
        const string Why = "No mail server is configured";
        Assert.Contains("emails are waiting and cannot go out.", queued);
        Assert.Contains(Why, queued);
        Assert.Contains(Why, await responder.Html($"/incidents/{key}/messages"));
        var dashboard = await admin.Html("/");
        Assert.Contains(Why, dashboard);
        Assert.Matches("Done</span>\\s*<a href=\"/admin/organisation\">Set the brand name", dashboard);
        Assert.Contains("Not configured: approved email waits in the outbox.", await admin.Html(Page));
    }

    [Fact]
    public async Task A_draft_blocked_by_its_own_gaps_says_to_edit_the_message()
    {
        NoBrandSet();
        var key = await server.OpenRecallAsync();
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var form = MessagePageTests.RecallForm("Bottle");
        form.Remove("Variables[remedy]");
        using var drafted = await commander.PostForm(MessagePageTests.NewMessagePage(key), $"/incidents/{key}/messages/new?handler=Draft", form);
        var page = await commander.Html(drafted.Headers.Location!.OriginalString);
        Assert.Matches("Still to fill in: Remedy.\\s*<a href=\"#edit-heading\">Edit the message</a>", page);
        Assert.Contains("Ask an administrator to set them.", page); // a commander cannot open the organisation settings
        Assert.DoesNotContain("href=\"/admin/organisation\"", page);
    }

    [Fact]
    public async Task Only_admins_reach_the_organisation_settings()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.Get(Page)).StatusCode);
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        var token = await admin.FormToken(Page);
        using var refused = await commander.PostWithToken(token, Page, Brand());
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{refused.StatusCode}");
        using var withoutToken = await admin.PostWithoutToken(Page, Brand());
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }

    [Fact]
    public async Task A_wrong_value_is_named_beside_its_field_in_the_readers_language_and_what_was_typed_stays()
    {
        using var admin = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        using var response = await admin.PostForm(Page, Page, Brand(email: "care at aurora"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<label for=\"org-Email\">客服邮箱</label>\\s*<input id=\"org-Email\"[^>]*aria-describedby=\"org-Email-problem org-Email-help\"[^>]*aria-invalid=\"true\"[^>]*>\\s*<p class=\"field-problem\" id=\"org-Email-problem\">请输入邮箱地址", html);
        Assert.Contains("value=\"care at aurora\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "class=\"field-problem\""));
    }

    [Fact]
    public async Task Every_wrong_value_is_named_once_beside_its_own_field_in_the_words_every_form_uses()
    {
        using var admin = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");
        var form = Brand(email: "care at aurora");
        form["Input.Hotline"] = new string('4', 201);
        form["Input.Website"] = "aurora.example";
        using var response = await admin.PostForm(Page, Page, form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<p class=\"field-problem\" id=\"org-Hotline-problem\">这里有 201 个字符，上限是 200 个。</p>", html);
        Assert.Matches("<p class=\"field-problem\" id=\"org-Email-problem\">请输入邮箱地址，例如 care@example.com。</p>", html);
        Assert.Matches("<p class=\"field-problem\" id=\"org-Website-problem\">请输入以 https:// 或 http:// 开头的网址。</p>", html);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "class=\"field-problem\"").Count);
        Assert.DoesNotContain("validation-summary", html);
        Assert.Contains("value=\"aurora.example\"", html);
        Assert.Contains($"value=\"{new string('4', 201)}\"", html);
    }
}
