using System.Text.RegularExpressions;
using Crisis.Web.Tests;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// A commander brings in a procedure written for a wiki, adjusts what the import read, saves it, and opens an incident
/// from it. On a server of its own: the playbook it saves must not appear in other tests' lists.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class ImportJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    private const string Document = """
        # Customer Data Exposure Procedure

        Written for the operations wiki. Reviewed every year.

        ## Assess
        1. Within 1 hour: Privacy Officer notified of the suspected exposure
        2. Record which customer records were exposed and since when
        3. Order coffee for the team
        4. Lock the affected shared folder (Owner: Shift Supervisor)

        ## Notify
        - Within 72 hours: notify the supervisory authority
        - Tell affected customers what happened in plain words
        """;

    private static BrowserNewContextOptions Phone(string locale) =>
        new() { Locale = locale, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };

    private static BrowserNewContextOptions Desktop(string locale) => new() { Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 } };

    [Fact]
    public async Task A_commander_adjusts_a_foreign_procedure_saves_it_and_opens_an_incident_from_it()
    {
        var server = new CrisisServer();
        await server.InitializeAsync();
        try
        {
            var commander = await fixture.SignedInPage(server, "commander-user", Password, Desktop("en-GB"));
            await commander.GotoAsync(new Uri(server.Address, "/playbooks").ToString());
            await commander.ClickAsync("text=Import a playbook");
            await commander.FillAsync("#Markdown", Document);
            await commander.ClickAsync("#update-preview");

            // What the import read from the prose is marked, with the words it read.
            var notified = Step(commander, "Privacy Officer notified");
            await Assertions.Expect(notified).ToContainTextAsync("Owner: Legal and data protection officer");
            await Assertions.Expect(notified.Locator(".badge.inferred").First).ToHaveTextAsync("inferred from “Privacy Officer”");
            await Assertions.Expect(notified).ToContainTextAsync("due 1 hour after opening");
            await Assertions.Expect(notified.Locator(".badge.inferred").Last).ToHaveTextAsync("inferred from “Within 1 hour”");
            await Assertions.Expect(commander.Locator("#Id")).ToHaveValueAsync("customer-data-exposure-procedure");

            // Keyboard only: leave the coffee out with the space bar.
            var coffee = commander.GetByLabel("Order coffee for the team");
            await coffee.FocusAsync();
            await commander.Keyboard.PressAsync("Space");
            await Assertions.Expect(coffee).Not.ToBeCheckedAsync();
            await commander.Locator("input[name^=PhaseTitles]").Nth(1).FillAsync("Tell the regulator and customers");
            await commander.GetByLabel("“Privacy Officer”").SelectOptionAsync(new SelectOptionValue { Label = "Legal and data protection officer" });
            await commander.GetByLabel("“Shift Supervisor”").SelectOptionAsync(new SelectOptionValue { Label = "Quality lead" });
            await commander.Locator("button[formaction*=Preview]").Last.ClickAsync();

            // Everything typed came back with the new preview.
            await Assertions.Expect(commander.GetByLabel("Order coffee for the team")).Not.ToBeCheckedAsync();
            await Assertions.Expect(commander.Locator("input[name^=PhaseTitles]").Nth(1)).ToHaveValueAsync("Tell the regulator and customers");
            await Assertions.Expect(Step(commander, "Lock the affected shared folder")).ToContainTextAsync("Owner: Quality lead");
            await Assertions.Expect(commander.Locator("#Markdown")).ToHaveValueAsync(new Regex("Order coffee for the team"));

            await commander.Locator("#save-import").FocusAsync();
            await commander.Keyboard.PressAsync("Enter");
            await commander.WaitForURLAsync(url => url.Contains("/playbooks/customer-data-exposure-procedure"));

            await Assertions.Expect(commander.Locator("h1")).ToHaveTextAsync("Customer Data Exposure Procedure");
            await BrowserFixture.Screenshot(commander, "import-saved-desktop-en");
            // It lints without errors (steps the document gave no owner still get a warning that the commander assigns them).
            await Assertions.Expect(commander.Locator(".notice.danger")).ToHaveCountAsync(0);
            await Assertions.Expect(commander.Locator("text=Open an incident from this playbook")).ToBeVisibleAsync();
            await Assertions.Expect(commander.Locator("main")).ToContainTextAsync("Privacy Officer notified of the suspected exposure");
            await Assertions.Expect(commander.Locator("main")).Not.ToContainTextAsync("Order coffee");
            await Assertions.Expect(commander.Locator(".phase h2")).ToHaveTextAsync(["Assess", "Tell the regulator and customers"]);
            await Assertions.Expect(commander.Locator(".phase > ol > li.step")).ToHaveCountAsync(5);

            await commander.ClickAsync("text=Open an incident from this playbook");
            await commander.FillAsync("#title", "Shared folder open to the internet");
            await commander.ClickAsync("#open-form button[type=submit] >> nth=0");
            await commander.WaitForURLAsync(url => url.Contains("/incidents/INC-"));
            await Assertions.Expect(commander.Locator("main")).ToContainTextAsync("Privacy Officer notified of the suspected exposure");
            await commander.Context.CloseAsync();
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("zh-CN", "zh")]
    public async Task The_preview_fits_a_phone_and_reads_in_the_readers_language(string locale, string suffix)
    {
        foreach (var (device, options) in new[] { ("desktop", Desktop(locale)), ("phone", Phone(locale)) })
        {
            var admin = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, options);
            await admin.GotoAsync(fixture.Url("/playbooks/import"));
            await admin.FillAsync("#Markdown", Document);
            await admin.ClickAsync("#update-preview");
            await Assertions.Expect(admin.Locator(".badge.inferred").First).ToHaveTextAsync(suffix == "zh" ? "推断自“Privacy Officer”" : "inferred from “Privacy Officer”");
            await Assertions.Expect(admin.Locator("[aria-labelledby=import-warnings-heading] li").First)
                .ToContainTextAsync(suffix == "zh" ? "没有前置元数据：已作为外部预案导入" : "no front matter: imported as a foreign playbook");
            await BrowserFixture.AssertFitsTheScreen(admin);
            await BrowserFixture.Screenshot(admin, $"import-preview-{device}-{suffix}");
            await admin.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("zh-CN", "zh")]
    public async Task A_broken_front_matter_is_explained_in_the_readers_language(string locale, string suffix)
    {
        const string BrokenFrontMatter = "---\nid: Customer Data\ntitle: Customer data exposure\nversion: zero\ncategory: privacy\nauthor: Operations wiki\n---\n\n";
        foreach (var (device, options) in new[] { ("desktop", Desktop(locale)), ("phone", Phone(locale)) })
        {
            var admin = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, options);
            await admin.GotoAsync(fixture.Url("/playbooks/import"));
            await admin.FillAsync("#Markdown", BrokenFrontMatter + Document);
            await admin.ClickAsync("#update-preview");
            var noticed = admin.Locator("[aria-labelledby=import-warnings-heading]");
            await Assertions.Expect(noticed).ToContainTextAsync(suffix == "zh"
                ? "id“Customer Data”必须是小写短名：只能用小写字母、数字和单个“-”"
                : "id 'Customer Data' must be a lowercase slug: letters, digits and single '-'");
            await Assertions.Expect(noticed).ToContainTextAsync(suffix == "zh" ? "version“zero”必须是大于等于 1 的整数" : "version 'zero' must be a whole number of 1 or more");
            if (suffix == "zh") await Assertions.Expect(noticed).Not.ToContainTextAsync("must be");
            await BrowserFixture.AssertFitsTheScreen(admin);
            await noticed.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.Screenshot(admin, $"import-broken-front-matter-{device}-{suffix}");
            await admin.Context.CloseAsync();
        }
    }

    /// <summary>The preview's step whose text contains <paramref name="text"/>.</summary>
    private static ILocator Step(IPage page, string text) => page.Locator(".import-step").Filter(new() { HasText = text });
}
