using System.Diagnostics;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class JourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    private static ILocator Step(IPage page, string stepId) => page.Locator($"#step-{stepId}");

    private static Task WaitUntilLive(IPage page) =>
        page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });

    [Fact]
    public async Task A_commander_opens_a_recall_and_a_tick_appears_live_in_another_browser()
    {
        var commander = await fixture.SignedInPage("commander-user", Password);
        await BrowserFixture.Screenshot(commander, "dashboard");
        await commander.GotoAsync(fixture.Url("/playbooks/product-recall"));
        await BrowserFixture.Screenshot(commander, "playbook-recall");

        await commander.GotoAsync(fixture.Url("/incidents/open?playbook=product-recall&severity=1"));
        await commander.FillAsync("#title", "Cracked baby bottles, batch 2611");
        await commander.SelectOptionAsync("#role-quality", new SelectOptionValue { Label = "Zhang Min ★" });
        await commander.SelectOptionAsync("#role-comms", new SelectOptionValue { Label = "Sophie Martin ★" });
        await BrowserFixture.Screenshot(commander, "open-incident");
        await commander.ClickAsync("text=Open incident >> nth=-1");
        await commander.WaitForURLAsync(url => url.Contains("/incidents/INC-"));
        var incidentUrl = commander.Url;
        await Assertions.Expect(commander.Locator("#side")).ToContainTextAsync("Zhang Min");

        var responder = await fixture.SignedInPage("responder-user", Password);
        // The responder's live connection runs through a route the test can cut, like a train going into a tunnel.
        var network = new CuttableWebSockets();
        await responder.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/hubs/incidents"), network.Handle);
        await responder.GotoAsync(incidentUrl);
        await WaitUntilLive(responder);
        await WaitUntilLive(commander);

        var clock = Stopwatch.StartNew();
        await Step(responder, "confirm-defect").Locator("button.tick").ClickAsync();
        await Assertions.Expect(Step(commander, "confirm-defect")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-done"));
        clock.Stop();
        Console.WriteLine($"tick seen live in the other browser after {clock.ElapsedMilliseconds} ms");
        // The timeline names the person behind the account that ticked: responder-user is Zhang Min.
        await Assertions.Expect(commander.Locator("#side")).ToContainTextAsync("Zhang Min completed \"Confirm the defect");
        await BrowserFixture.Screenshot(commander, "incident-desktop");

        // Drop the responder's connection, tick while it is away, and see the reconnect catch up.
        await responder.Context.SetOfflineAsync(true);
        await network.CutAsync();
        await responder.Locator("#live-status:not([data-state=connected])").WaitForAsync(new() { Timeout = 20000 });
        await Step(commander, "preserve-evidence").Locator("button.tick").ClickAsync();
        await Assertions.Expect(Step(commander, "preserve-evidence")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-done"));
        await Assertions.Expect(Step(responder, "preserve-evidence")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-done"));
        network.Restore();
        await responder.Context.SetOfflineAsync(false);
        await Assertions.Expect(Step(responder, "preserve-evidence")).ToHaveClassAsync(
            new System.Text.RegularExpressions.Regex("is-done"), new() { Timeout = 45000 });
    }

    [Fact]
    public async Task A_responder_drafts_a_recall_notice_the_commander_approves_it_and_its_delivery_shows_live()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var responder = await fixture.SignedInPage("responder-user", Password);
        await responder.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Step(responder, "warn-buyers").Locator("summary").ClickAsync();
        await Step(responder, "warn-buyers").GetByText("Draft the message for this step").ClickAsync();
        await Assertions.Expect(responder.Locator("[role=alert]")).ToContainTextAsync("Still missing: Product, Model, Batches or production dates");
        await responder.FillAsync("#var-product", "Anti-colic bottle 260 ml");
        await responder.FillAsync("#var-batches", "2611");
        await responder.FillAsync("#var-hazard", "The base can crack when sterilised.");
        await responder.FillAsync("#var-how_to_identify", "The batch number is printed on the base.");
        await responder.FillAsync("#var-remedy", "A full refund to your original payment method.");
        foreach (var (field, value) in new[]
        {
            ("model", "AB-260"), ("quantity", "12,400 units"), ("scope", "Tmall and JD, mainland China"), ("recall_start", "5 November 2026"),
            ("recall_end", "4 May 2027"), ("maker", "Aurora Baby Products Co., Ltd."), ("maker_address", "88 Example Road, Shanghai"), ("filing_number", "SH-2026-0417"),
        })
        {
            await responder.FillAsync("#var-" + field, value);
        }
        await responder.FillAsync("#other-recipients", "e2e.parent@example.com");
        await responder.ClickAsync("text=Update preview");
        await Assertions.Expect(responder.Locator(".message-body")).ToContainTextAsync("Aurora Baby Products Co., Ltd. is recalling Anti-colic bottle 260 ml");
        await Assertions.Expect(responder.Locator("[role=alert]")).ToHaveCountAsync(0);
        await BrowserFixture.Screenshot(responder, "message-new");
        await responder.ClickAsync("text=Save draft");
        await responder.WaitForURLAsync(url => url.Contains("/messages/"));
        var messageUrl = responder.Url;
        await WaitUntilLive(responder);

        var commander = await fixture.SignedInPage("commander-user", Password);
        await commander.GotoAsync(messageUrl);
        await commander.ClickAsync("text=Approve and send");
        // The responder's page was never reloaded: the delivery arrives through the live connection.
        await Assertions.Expect(responder.Locator("#message-state .badge").First).ToHaveTextAsync("Sent", new() { Timeout = 30000 });
        await Assertions.Expect(responder.Locator("#message-state table")).ToContainTextAsync("e2e.parent@example.com");
        await Assertions.Expect(responder.Locator("#message-edit form")).ToHaveCountAsync(0); // a sent message can no longer be edited
        await BrowserFixture.Screenshot(responder, "message-sent");
        var email = Assert.Single(await fixture.Server.MailDev.EmailsAsync(),
            e => e.GetProperty("to")[0].GetProperty("address").GetString() == "e2e.parent@example.com");
        Assert.StartsWith("Recall notice: stop using Anti-colic bottle 260 ml", email.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task The_checklist_works_in_chinese_on_a_phone()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var phone = await fixture.SignedInPage("responder-user", Password, new()
        {
            Locale = "zh-CN",
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
        });
        await Assertions.Expect(phone.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await BrowserFixture.Screenshot(phone, "dashboard-phone-zh");

        await phone.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Assertions.Expect(phone.Locator("#checklist")).ToContainTextAsync("我的步骤");
        await BrowserFixture.AssertFitsTheScreen(phone);

        var tick = Step(phone, "confirm-defect").Locator("button.tick");
        var box = await tick.BoundingBoxAsync();
        Assert.True(box is { Width: >= 44, Height: >= 44 }, $"tick button is {box?.Width}x{box?.Height}px, under the 44px a thumb needs");
        await tick.TapAsync();
        await Assertions.Expect(Step(phone, "confirm-defect")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-done"));
        await BrowserFixture.Screenshot(phone, "incident-phone-zh");

        await phone.ClickAsync(".menu-toggle > summary"); // on a phone the language switch is under "Menu"
        await phone.ClickAsync("button[lang=en]");
        await Assertions.Expect(phone.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Fact]
    public async Task Times_follow_the_chosen_time_zone()
    {
        // Other journeys move the shared test clock on; London is on UTC in November, Shanghai eight hours ahead.
        var opened = fixture.Server.Time.GetUtcNow();
        var key = await fixture.Server.OpenRecallAsync();
        var page = await fixture.SignedInPage("viewer-user", Password, new() { Locale = "en-GB", TimezoneId = "Europe/London" });
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Assertions.Expect(page.Locator("#incident-head time")).ToContainTextAsync(opened.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        await page.GotoAsync(fixture.Url("/settings"));
        await page.SelectOptionAsync("#timeZone", "Asia/Shanghai");
        await page.ClickAsync("main button[type=submit]");
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await Assertions.Expect(page.Locator("#incident-head time")).ToContainTextAsync(opened.AddHours(8).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Keyboard_users_can_reach_the_content_and_see_where_they_are()
    {
        var page = await fixture.SignedInPage("viewer-user", Password);
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");
        Assert.Equal("Skip to content", focused);
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.GotoAsync(fixture.Url("/playbooks"));
        await BrowserFixture.Screenshot(page, "playbooks");
    }
}

/// <summary>Passes a page's WebSockets through to the server until cut; while cut, new ones are refused at once.</summary>
internal sealed class CuttableWebSockets
{
    private readonly List<IWebSocketRoute> _open = [];
    private bool _cut;

    public void Handle(IWebSocketRoute socket)
    {
        lock (_open)
        {
            if (_cut)
            {
                _ = socket.CloseAsync();
                return;
            }
            socket.ConnectToServer();
            _open.Add(socket);
        }
    }

    public async Task CutAsync()
    {
        IWebSocketRoute[] open;
        lock (_open)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }
        foreach (var socket in open) await socket.CloseAsync(new() { Code = 1006, Reason = "network cut by the test" });
    }

    public void Restore()
    {
        lock (_open) _cut = false;
    }
}


[Collection(nameof(BrowserFixture))]
public class ReviewJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    [Fact]
    public async Task A_responder_records_impact_on_a_phone_and_the_commander_reviews_and_exports_the_pdf()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var phone = await fixture.SignedInPage("responder-user", Password, new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await phone.GotoAsync(fixture.Url($"/incidents/{key}"));
        await phone.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        async Task OpenTheForm()
        {
            // After a post the refreshed section keeps the form open, as the reader left it.
            if (!await phone.Locator("#impact input[name=OrdersAffected]").IsVisibleAsync())
                await phone.ClickAsync("#impact summary:has-text('Record figures')");
        }
        await OpenTheForm();
        await phone.FillAsync("#impact input[name=OrdersAffected]", "1204");
        await phone.FillAsync("#impact input[name=ComplaintsPlatform]", "37");
        await phone.ClickAsync("#impact button:has-text('Record figures')");
        await Assertions.Expect(phone.Locator("#impact .figures")).ToContainTextAsync("1,204");
        await OpenTheForm();
        await phone.FillAsync("#impact input[name=OrdersAffected]", "3180");
        await phone.ClickAsync("#impact button:has-text('Record figures')");
        // The clock is shared with other journeys (one checks times against 09:00), so the entries share a time here.
        await Assertions.Expect(phone.Locator("#impact figure svg").First).ToHaveAttributeAsync("aria-label", "Orders affected over time: 1204, 3180");
        await Assertions.Expect(phone.Locator("#impact details:has(summary:has-text('entries'))")).Not.ToHaveAttributeAsync("open", "");
        // A viewport picture scrolled to the figures: the live refresh may swap the section in at any moment.
        await phone.EvaluateAsync("() => window.scrollTo(0, document.getElementById('impact').offsetTop)");
        await BrowserFixture.ScreenshotOfView(phone, "impact-phone");

        using (var resolved = await fixture.Server.Client(Crisis.Core.Accounts.Roles.Commander).PostAsync($"/api/incidents/{key}/status",
                   new StringContent("{\"status\":\"resolved\",\"acknowledgeOpenSteps\":true,\"reason\":\"Recall runs on as business as usual\"}", System.Text.Encoding.UTF8, "application/json")))
            resolved.EnsureSuccessStatusCode();
        var commander = await fixture.SignedInPage("commander-user", Password);
        await commander.GotoAsync(fixture.Url($"/incidents/{key}/review"));
        await commander.ClickAsync("button:has-text('Open the review')");
        await commander.FillAsync("textarea[name='form.Summary']", "Cracked bottles from **batch 2611**; listings paused within the hour.");
        await commander.FillAsync("input[name='form.Whys[0]']", "The base cracked when sterilised");
        await commander.ClickAsync("button:has-text('Save the review')");
        await Assertions.Expect(commander.Locator("textarea[name='form.Summary']")).ToHaveValueAsync("Cracked bottles from **batch 2611**; listings paused within the hour.");
        await BrowserFixture.Screenshot(commander, "review-page");

        await commander.SelectOptionAsync(".exports select[name=lang]", "zh-CN");
        var download = await commander.RunAndWaitForDownloadAsync(() => commander.ClickAsync(".exports button"));
        Assert.Equal($"{key}-review.zh-CN.pdf", download.SuggestedFilename);
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var text = Crisis.Pdf.Tests.PdfFiles.Text(File.ReadAllBytes(path));
        Assert.Contains("事件复盘报告", text);
        Assert.Contains("3,180", text);
        File.Delete(path);
    }
}

[Collection(nameof(BrowserFixture))]
public class ExerciseJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    [Fact]
    public async Task A_trainer_runs_a_short_accelerated_exercise_and_the_players_see_injects_live()
    {
        var trainer = await fixture.SignedInPage("trainer-user", Password);
        await trainer.GotoAsync(fixture.Url("/exercises?scenario=recall-before-singles-day"));
        await trainer.SelectOptionAsync("select[name='participants[quality]']", new SelectOptionValue { Label = "Zhang Min ★" });
        await trainer.SelectOptionAsync("select[name='participants[comms]']", new SelectOptionValue { Label = "Sophie Martin ★" });
        await trainer.SelectOptionAsync("select[name=clock]", "accelerated");
        await trainer.FillAsync("input[name=rate]", "60");
        await trainer.ClickAsync("button:has-text('Start the exercise')");
        await trainer.WaitForURLAsync(url => url.Contains("/exercises/"));
        await Assertions.Expect(trainer.Locator("#inject-first-reports-on-red")).ToContainTextAsync("released T+0m");
        var key = await trainer.Locator("#exercise-head a[href^='/incidents/']").InnerTextAsync();

        // Zhang Min holds the quality role; the responder account is hers.
        var player = await fixture.SignedInPage("responder-user", Password, new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await player.GotoAsync(fixture.Url($"/incidents/{key}"));
        await player.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        await Assertions.Expect(player.Locator("#exercise")).ToContainTextAsync("First reports on RED");
        await Assertions.Expect(player.Locator("#exercise .inject-mine")).ToContainTextAsync("for you");
        await Assertions.Expect(player.Locator("#exercise")).Not.ToContainTextAsync("Tmall store manager");
        await Assertions.Expect(player.Locator("body")).Not.ToContainTextAsync("Watch whether quality");

        // One real minute at ×60 is the whole hour: the later injects arrive in the player's open page without a reload.
        fixture.Server.Time.Advance(TimeSpan.FromMinutes(1));
        await Assertions.Expect(player.Locator("#exercise")).ToContainTextAsync("Market regulator asks questions", new() { Timeout = 15000 });
        await player.EvaluateAsync("() => window.scrollTo(0, document.getElementById('exercise').offsetTop)");
        await BrowserFixture.ScreenshotOfView(player, "exercise-player-phone");

        await trainer.ReloadAsync();
        await Assertions.Expect(trainer.Locator("#scores")).ToContainTextAsync("Missed");
        await Assertions.Expect(trainer.Locator("#scores .figures")).ToContainTextAsync("0 on time");
        await BrowserFixture.Screenshot(trainer, "exercise-trainer");
        await trainer.ClickAsync("a.button:has-text('End the exercise')");
        await trainer.ClickAsync("form button:has-text('End the exercise')"); // the confirmation page
        await Assertions.Expect(trainer.Locator("#exercise-head")).ToContainTextAsync("ended");

        await player.ReloadAsync();
        await player.FillAsync("textarea[name=whatWorked]", "Everyone knew their role");
        await player.FillAsync("textarea[name=whatDidNot]", "We paused listings too late");
        await player.FillAsync("input[name=rating]", "4");
        await player.ClickAsync("button:has-text('Send feedback')");
        await trainer.ReloadAsync();
        await Assertions.Expect(trainer.Locator("#feedback")).ToContainTextAsync("We paused listings too late");

        var download = await trainer.RunAndWaitForDownloadAsync(() => trainer.ClickAsync("a:has-text('After-action report (PDF)')"));
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        Assert.Contains("We paused listings too late", Crisis.Pdf.Tests.PdfFiles.Text(File.ReadAllBytes(path)));
        File.Delete(path);
    }
}
