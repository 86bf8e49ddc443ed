using Crisis.Core.Accounts;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>The admin's users and tokens pages in a real browser: usable on a phone in both languages, and an account disabled through the page.</summary>
[Collection(nameof(BrowserFixture))]
public class AdminJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_users_and_tokens_pages_fit_a_phone(string language)
    {
        var phone = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, new()
        {
            Locale = language,
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        foreach (var page in new[] { "users", "tokens" })
        {
            await phone.GotoAsync(fixture.Url($"/admin/{page}"));
            await BrowserFixture.AssertFitsTheScreen(phone);
            // Not hidden in a table that scrolls sideways either: every button of the table is on screen.
            var rightmost = await phone.EvaluateAsync<double>("() => Math.max(0, ...[...document.querySelectorAll('table button, table summary')].map(e => e.getBoundingClientRect().right))");
            Assert.True(rightmost <= 390, $"a button of /admin/{page} ends at {rightmost}px, off a 390px screen");
            await BrowserFixture.Screenshot(phone, $"admin-{page}-phone-{language}");
        }
    }

    [Fact]
    public async Task An_admin_disables_an_account_by_opening_its_disable_form_and_confirming()
    {
        fixture.Service<Accounts>().AddUser("leaves-the-company", Roles.Responder, "a long password");
        var admin = await fixture.SignedInPage("admin", CrisisServer.AdminPassword);
        await admin.GotoAsync(fixture.Url("/admin/users"));
        var row = admin.Locator("tr", new() { Has = admin.GetByText("leaves-the-company", new() { Exact = true }) });
        await row.Locator("summary", new() { HasText = "Disable" }).ClickAsync();
        await row.GetByRole(AriaRole.Checkbox, new() { Name = "Disable leaves-the-company" }).CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=alert]")).ToContainTextAsync("leaves-the-company is disabled");
        await BrowserFixture.Screenshot(admin, "admin-users-after-disabling");
        Assert.True(Assert.Single(fixture.Service<Accounts>().ListUsers(), u => u.Name == "leaves-the-company").IsDisabled);
    }
}
