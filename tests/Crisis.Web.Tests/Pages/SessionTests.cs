using System.Net;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Pages;

/// <summary>A cookie session lasts only as long as the account's security stamp (role change, password change, disabling and sign-out end it); API tokens may expire.</summary>
[Collection(nameof(CrisisServer))]
public class SessionTests(CrisisServer server)
{
    private Accounts Accounts => server.Services.GetRequiredService<Accounts>();

    private async Task<Browser> SignIn(string name, string password)
    {
        var browser = new Browser(server.Address);
        using var response = await browser.PostForm("/signin", "/signin", new() { ["UserName"] = name, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/signin", response.Headers.Location!.OriginalString);
    }

    /// <summary>The session from before the password change goes back to sign-in; the new password opens a new one.</summary>
    private async Task AssertSessionEndedAndNewPasswordSignsIn(Browser before, string name, string newPassword)
    {
        AssertSentToSignIn(await before.Get("/"));
        using var fresh = await SignIn(name, newPassword);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Get("/")).StatusCode);
    }

    [Fact]
    public async Task An_admin_demoted_to_viewer_can_no_longer_use_the_old_cookie_to_reach_admin_pages_or_create_users()
    {
        Accounts.AddUser("demoted-admin", Roles.Admin, "a long password");
        using var browser = await SignIn("demoted-admin", "a long password");
        var token = await browser.FormToken("/admin/users");

        Accounts.SetRole("demoted-admin", Roles.Viewer);

        using (var page = await browser.Get("/admin/users")) AssertSentToSignIn(page);
        using (var created = await browser.PostWithToken(token, "/admin/users?handler=Add",
                   new() { ["name"] = "made-by-demoted", ["role"] = Roles.Admin, ["password"] = "a long password" }))
        {
            Assert.NotEqual(HttpStatusCode.OK, created.StatusCode);
        }
        Assert.Null(Accounts.FindUser("made-by-demoted"));

        using var again = await SignIn("demoted-admin", "a long password");
        using var forbidden = await again.Get("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_refused()
    {
        Accounts.AddUser("signs-out", Roles.Commander, "a long password");
        using var browser = await SignIn("signs-out", "a long password");
        using var replay = browser.WithCopiedCookies();
        Assert.Equal(HttpStatusCode.OK, (await replay.Get("/incidents/open")).StatusCode);

        using (var signedOut = await browser.PostForm("/", "/signout", [])) AssertSentToSignIn(signedOut);

        using var refused = await replay.Get("/incidents/open");
        AssertSentToSignIn(refused);
    }

    [Fact]
    public async Task A_password_change_ends_other_sessions()
    {
        Accounts.AddUser("changes-password", Roles.Responder, "a long password");
        using var elsewhere = await SignIn("changes-password", "a long password");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.Get("/")).StatusCode);

        Accounts.SetPassword("changes-password", "a new long password");

        await AssertSessionEndedAndNewPasswordSignsIn(elsewhere, "changes-password", "a new long password");
    }

    [Fact]
    public async Task A_disabled_account_loses_its_session_its_tokens_and_sign_in()
    {
        Accounts.AddUser("gets-disabled", Roles.Commander, "a long password");
        using var browser = await SignIn("gets-disabled", "a long password");
        using var api = new HttpClient { BaseAddress = server.Address };
        api.DefaultRequestHeaders.Authorization = new("Bearer", Accounts.CreateToken("gets-disabled"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/incidents")).StatusCode);

        Accounts.Disable("gets-disabled");

        AssertSentToSignIn(await browser.Get("/"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/incidents")).StatusCode);
        using var retry = new Browser(server.Address);
        using var refused = await retry.PostForm("/signin", "/signin", new() { ["UserName"] = "gets-disabled", ["Password"] = "a long password" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_records_its_last_use_on_the_tokens_page_and_stops_working_when_it_expires()
    {
        Accounts.AddUser("short-lived", Roles.Viewer, "a long password");
        using var api = new HttpClient { BaseAddress = server.Address };
        api.DefaultRequestHeaders.Authorization = new("Bearer", Accounts.CreateToken("short-lived", TimeSpan.FromMinutes(5)));
        var token = Assert.Single(Accounts.ListTokens(), t => t.UserName == "short-lived");
        Assert.Null(token.LastUsedAt);
        Assert.Equal(token.CreatedAt + TimeSpan.FromMinutes(5), token.ExpiresAt);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(server.Time.GetUtcNow(), Assert.Single(Accounts.ListTokens(), t => t.UserName == "short-lived").LastUsedAt);
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        Assert.Contains("Last used", await admin.Html("/admin/tokens"));

        server.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task An_admin_disables_an_account_from_the_users_page_after_confirming_and_its_session_ends()
    {
        Accounts.AddUser("disabled-by-page", Roles.Commander, "a long password");
        using var user = await SignIn("disabled-by-page", "a long password");
        using var admin = await Browser.SignedInAs(server, Roles.Admin);

        using (var unconfirmed = await admin.PostForm("/admin/users", "/admin/users?handler=Disable", new() { ["name"] = "disabled-by-page" }))
            Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Contains("Tick the box to confirm.", await admin.Html("/admin/users"));
        Assert.Equal(HttpStatusCode.OK, (await user.Get("/")).StatusCode);

        using (var disabled = await admin.PostForm("/admin/users", "/admin/users?handler=Disable", new() { ["name"] = "disabled-by-page", ["confirmed"] = "true" }))
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Contains("disabled-by-page is disabled", await admin.Html("/admin/users"));
        AssertSentToSignIn(await user.Get("/"));
        Assert.True(Assert.Single(Accounts.ListUsers(), u => u.Name == "disabled-by-page").IsDisabled);

        using (var self = await admin.PostForm("/admin/users", "/admin/users?handler=Disable", new() { ["name"] = "admin", ["confirmed"] = "true" }))
            Assert.Equal(HttpStatusCode.Redirect, self.StatusCode);
        Assert.Contains("You cannot disable your own account.", await admin.Html("/admin/users"));
        Assert.False(Assert.Single(Accounts.ListUsers(), u => u.Name == "admin").IsDisabled);
    }

    [Fact]
    public async Task An_admin_sets_a_new_password_from_the_users_page_and_the_rules_are_explained_in_chinese()
    {
        Accounts.AddUser("password-by-page", Roles.Responder, "a long password");
        using var user = await SignIn("password-by-page", "a long password");
        using var admin = await Browser.SignedInAs(server, Roles.Admin, "zh-CN");

        foreach (var (weak, refusal) in new[] { ("12345678", "密码至少需要 12 个字符。"), ("password1234", "此密码在常用密码列表中"), ("password-by-page-2026", "密码不得包含用户名。") })
        {
            using (await admin.PostForm("/admin/users", "/admin/users?handler=Password", new() { ["name"] = "password-by-page", ["password"] = weak, ["confirmed"] = "true" })) { }
            Assert.Contains(refusal, await admin.Html("/admin/users"));
        }
        Assert.Equal(HttpStatusCode.OK, (await user.Get("/")).StatusCode);

        using (var changed = await admin.PostForm("/admin/users", "/admin/users?handler=Password", new() { ["name"] = "password-by-page", ["password"] = "set by the admin page", ["confirmed"] = "true" }))
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await AssertSessionEndedAndNewPasswordSignsIn(user, "password-by-page", "set by the admin page");
    }

    [Fact]
    public async Task Only_admins_may_disable_accounts_or_set_their_passwords()
    {
        Accounts.AddUser("kept-safe", Roles.Viewer, "a long password");
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var token = await commander.FormToken("/incidents/open");
        using (var disable = await commander.PostWithToken(token, "/admin/users?handler=Disable", new() { ["name"] = "kept-safe", ["confirmed"] = "true" }))
            Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        using (var password = await commander.PostWithToken(token, "/admin/users?handler=Password", new() { ["name"] = "kept-safe", ["password"] = "taken over by the commander", ["confirmed"] = "true" }))
            Assert.Equal(HttpStatusCode.Forbidden, password.StatusCode);
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using (var noToken = await admin.PostWithoutToken("/admin/users?handler=Disable", new() { ["name"] = "kept-safe", ["confirmed"] = "true" }))
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.False(Assert.Single(Accounts.ListUsers(), u => u.Name == "kept-safe").IsDisabled);
        Assert.NotNull(Accounts.CheckPassword("kept-safe", "a long password"));
    }

    [Theory]
    [InlineData("99999999")]
    [InlineData("2147483647")]
    [InlineData("7")]
    [InlineData("-30")]
    public async Task A_token_lifetime_other_than_the_offered_choices_is_a_form_error(string validDays)
    {
        Accounts.AddUser("odd-lifetime-" + validDays, Roles.Responder, "a long password");
        using var admin = await Browser.SignedInAs(server, Roles.Admin);
        using var page = await admin.PostForm("/admin/tokens", "/admin/tokens?handler=Create",
            new() { ["userName"] = "odd-lifetime-" + validDays, ["validDays"] = validDays });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("a token is valid for 30, 90, 365 days or never", await page.Content.ReadAsStringAsync());
        Assert.DoesNotContain(Accounts.ListTokens(), t => t.UserName == "odd-lifetime-" + validDays);
    }
}
