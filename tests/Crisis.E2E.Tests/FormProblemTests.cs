using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// Every form that takes typed input, refused: one problem, beside the field it is about, in the reader's language, and
/// everything typed still there (the open-incident form's own title check is in <see cref="OpenFormTests"/>).
/// </summary>
[Collection(nameof(BrowserFixture))]
public class FormProblemTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    public static TheoryData<string, string> Readers => new() { { "en-GB", "en" }, { "zh-CN", "zh" } };

    private static IEnumerable<(string Device, BrowserNewContextOptions Options)> Devices(string locale) =>
    [
        ("desktop", new() { Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 } }),
        ("phone", new() { Locale = locale, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }),
    ];

    private static string Say(string suffix, string english, string chinese) => suffix == "zh" ? chinese : english;

    /// <summary>
    /// The form shows exactly one problem, and it is the field's: right after it (or inside its fieldset), named by its
    /// aria-describedby, saying <paramref name="text"/>; nothing about it above the form.
    /// </summary>
    private static async Task AssertOneProblemBeside(IPage page, ILocator field, string text)
    {
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".field-problem")).ToHaveCountAsync(1);
        var problem = page.Locator(".field-problem");
        await Assertions.Expect(problem).ToContainTextAsync(text);
        var id = await problem.GetAttributeAsync("id");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex($"\\b{id}\\b"));
        Assert.True(await field.EvaluateAsync<bool>("(field, id) => field.nextElementSibling?.id === id || field.querySelector('#' + id) !== null", id),
            "the problem is not beside its field");
        await Assertions.Expect(page.Locator(".validation-summary-errors, form .notice.danger")).ToHaveCountAsync(0);
        var (right, width) = (await problem.EvaluateAsync<double>("p => p.getBoundingClientRect().right"), page.ViewportSize!.Width);
        Assert.True(right <= width, $"the problem runs off the screen, to {right}px of {width}px");
    }

    private async Task<string> OpenIncident(string title)
    {
        using var opened = await fixture.Server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title, severity = 2, roles = new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id } });
        opened.EnsureSuccessStatusCode();
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task A_wrong_address_on_a_new_message_is_named_beside_the_addresses_and_the_values_stay(string locale, string suffix)
    {
        var key = await OpenIncident("Loose teats, message form");
        foreach (var (device, options) in Devices(locale))
        {
            var commander = await fixture.SignedInPage("commander-user", Password, options);
            await commander.GotoAsync(fixture.Url($"/incidents/{key}/messages/new?template=leadership-sitrep&language=en"));
            await commander.FillAsync("#var-summary", "Batch 2611 recalled; no injuries.");
            await commander.CheckAsync("input[name=PeopleRecipients][value='sophie@example.com']");
            await commander.FillAsync("#other-recipients", "board@aurora.example, not-an-address");

            await commander.ClickAsync("button[formaction*='handler=Draft']");

            await AssertOneProblemBeside(commander, commander.Locator("#other-recipients"),
                Say(suffix, "not-an-address is not an email address", "not-an-address 不是有效的电子邮件地址"));
            await Assertions.Expect(commander.Locator("#other-recipients")).ToHaveValueAsync("board@aurora.example, not-an-address");
            await Assertions.Expect(commander.Locator("#var-summary")).ToHaveValueAsync("Batch 2611 recalled; no injuries.");
            await Assertions.Expect(commander.Locator("input[name=PeopleRecipients][value='sophie@example.com']")).ToBeCheckedAsync();
            await BrowserFixture.Screenshot(commander, $"form-problem-message-{device}-{suffix}");
            await commander.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task A_figure_out_of_range_is_named_beside_it_and_the_other_figures_stay(string locale, string suffix)
    {
        var key = await OpenIncident("Loose teats, impact form");
        foreach (var (device, options) in Devices(locale))
        {
            var commander = await fixture.SignedInPage("commander-user", Password, options);
            await commander.GotoAsync(fixture.Url($"/incidents/{key}"));
            await commander.ClickAsync("#impact details:has(form) > summary");
            await commander.FillAsync("input[name=UnitsRecalled]", "1200");
            await commander.FillAsync("input[name=OrdersAffected]", "5000000000");
            await commander.FillAsync("input[name=Batches]", "2611, 2612");

            await commander.ClickAsync("form.impact-form button[type=submit]");

            await AssertOneProblemBeside(commander, commander.Locator("input[name=OrdersAffected]"),
                Say(suffix, "Enter a whole number from 0 to 1,000,000,000.", "请输入 0 到 1,000,000,000 之间的整数。"));
            await Assertions.Expect(commander.Locator("input[name=OrdersAffected]")).ToBeFocusedAsync();
            await Assertions.Expect(commander.Locator("input[name=OrdersAffected]")).ToHaveValueAsync("5000000000");
            await Assertions.Expect(commander.Locator("input[name=UnitsRecalled]")).ToHaveValueAsync("1200");
            await Assertions.Expect(commander.Locator("input[name=Batches]")).ToHaveValueAsync("2611, 2612");
            await BrowserFixture.Screenshot(commander, $"form-problem-impact-{device}-{suffix}");
            await commander.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task A_role_given_to_someone_no_longer_listed_is_named_beside_the_role_in_the_readers_language(string locale, string suffix)
    {
        foreach (var (device, options) in Devices(locale))
        {
            var commander = await fixture.SignedInPage("commander-user", Password, options);
            await commander.GotoAsync(fixture.Url("/incidents/open?playbook=product-recall&severity=2"));
            await commander.FillAsync("#title", "Cracked bottles, batch 2611");
            await commander.SelectOptionAsync("#role-comms", new SelectOptionValue { Label = "Sophie Martin ★" });
            // Someone removed from the directory after the form was loaded: the option still offers them.
            await commander.EvalOnSelectorAsync("#role-quality", "select => { select.add(new Option('Gone', '987654')); select.value = '987654'; }");

            await commander.Locator("#open-form button[type=submit]").First.ClickAsync();

            await AssertOneProblemBeside(commander, commander.Locator("#role-quality"),
                Say(suffix, "This person is no longer in the directory: choose someone else.", "此人已不在人员名录中，请另选一人。"));
            await Assertions.Expect(commander.Locator("#title")).ToHaveValueAsync("Cracked bottles, batch 2611");
            await Assertions.Expect(commander.Locator("#role-comms")).ToHaveValueAsync(fixture.Server.Comms.Id.ToString());
            await BrowserFixture.Screenshot(commander, $"form-problem-open-role-{device}-{suffix}");
            await commander.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task Starting_an_exercise_without_participants_says_so_beside_them_and_keeps_the_clock(string locale, string suffix)
    {
        foreach (var (device, options) in Devices(locale))
        {
            var trainer = await fixture.SignedInPage("trainer-user", Password, options);
            await trainer.GotoAsync(fixture.Url("/exercises?scenario=recall-before-singles-day&language=en"));
            await trainer.SelectOptionAsync("select[name=clock]", "accelerated");
            await trainer.FillAsync("input[name=rate]", "30");

            await trainer.ClickAsync("section[aria-labelledby=start-heading] button[type=submit]");

            await AssertOneProblemBeside(trainer, trainer.Locator("fieldset[name=participants]"),
                Say(suffix, "Give at least one role a person.", "请至少为一个角色指定一位人员。"));
            await Assertions.Expect(trainer.Locator("select[name=clock]")).ToHaveValueAsync("accelerated");
            await Assertions.Expect(trainer.Locator("input[name=rate]")).ToHaveValueAsync("30");
            await BrowserFixture.Screenshot(trainer, $"form-problem-exercise-start-{device}-{suffix}");
            await trainer.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task An_inject_without_a_title_is_named_beside_it_and_what_the_players_are_told_stays(string locale, string suffix)
    {
        long id;
        using (var started = await fixture.Server.Client(Roles.Trainer).PostAsJsonAsync("/api/exercises", new
               {
                   scenarioId = "recall-before-singles-day", clock = "real",
                   participants = new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id, ["comms"] = fixture.Server.Comms.Id },
               }))
        {
            started.EnsureSuccessStatusCode();
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        foreach (var (device, options) in Devices(locale))
        {
            var trainer = await fixture.SignedInPage("trainer-user", Password, options);
            await trainer.GotoAsync(fixture.Url($"/exercises/{id}"));
            var form = trainer.Locator("form[action*='handler=AdHoc']");
            await form.Locator("input[name=title]").FillAsync("   ");
            await form.Locator("textarea[name=body]").FillAsync("A journalist from Caixin calls about the cracked bottles.");
            // Keyboard only, as the console's live updates may move things under a pointer: tick with Space, send with Enter in the title.
            await form.Locator("input[name=roles][value=comms]").FocusAsync();
            await trainer.Keyboard.PressAsync("Space");
            await form.Locator("input[name=title]").FocusAsync();
            await trainer.Keyboard.PressAsync("Enter");

            form = trainer.Locator("form[action*='handler=AdHoc']");
            await AssertOneProblemBeside(trainer, form.Locator("input[name=title]"), Say(suffix, "This is required.", "此项必填。"));
            await Assertions.Expect(form.Locator("textarea[name=body]")).ToHaveValueAsync("A journalist from Caixin calls about the cracked bottles.");
            await Assertions.Expect(form.Locator("input[name=roles][value=comms]")).ToBeCheckedAsync();
            await Assertions.Expect(form.Locator("input[name=roles][value=quality]")).Not.ToBeCheckedAsync();
            await BrowserFixture.Screenshot(trainer, $"form-problem-exercise-inject-{device}-{suffix}");

            // An observation refused the same way.
            var observe = trainer.Locator("form[action*='handler=Observe']");
            await observe.Locator("input[name=text]").FillAsync("  ");
            await observe.Locator("input[name=text]").PressAsync("Enter");
            await AssertOneProblemBeside(trainer, trainer.Locator("form[action*='handler=Observe'] input[name=text]"), Say(suffix, "This is required.", "此项必填。"));
            await trainer.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task Adding_a_person_picks_roles_by_title_and_a_refusal_keeps_them_ticked(string locale, string suffix)
    {
        var quality = Say(suffix, "Quality lead", "质量负责人");
        foreach (var (device, options) in Devices(locale))
        {
            var admin = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, options);
            await admin.GotoAsync(fixture.Url("/admin/people"));
            var form = admin.Locator("form:has(#person-name)");
            await Assertions.Expect(form).Not.ToContainTextAsync("ecommerce"); // the marketplace lead's key: roles show by title only
            await admin.FillAsync("#person-name", "   ");
            await admin.FillAsync("#person-email", "li.na@aurora.example");
            // Keyboard only: the role's box is reached and ticked with the space bar.
            await form.GetByLabel(quality, new() { Exact = true }).FocusAsync();
            await admin.Keyboard.PressAsync("Space");

            await admin.ClickAsync("form:has(#person-name) button[type=submit]");

            await AssertOneProblemBeside(admin, admin.Locator("#person-name"), Say(suffix, "This is required.", "此项必填。"));
            form = admin.Locator("form:has(#person-name)");
            await Assertions.Expect(admin.Locator("#person-email")).ToHaveValueAsync("li.na@aurora.example");
            await Assertions.Expect(form.GetByLabel(quality, new() { Exact = true })).ToBeCheckedAsync();
            await BrowserFixture.Screenshot(admin, $"form-problem-person-{device}-{suffix}");

            await admin.FillAsync("#person-name", $"Li Na {device} {suffix}");
            await admin.ClickAsync("form:has(#person-name) button[type=submit]");
            await Assertions.Expect(admin.Locator("tr", new() { HasText = $"Li Na {device} {suffix}" })).ToContainTextAsync(quality);
            await admin.Context.CloseAsync();
        }
    }

    /// <summary>The recall drill with its first inject out, for the console's per-row forms.</summary>
    private long StartDrillWithFirstInjectOut(bool ended)
    {
        var runs = fixture.Service<ExerciseRuns>();
        var trainer = new Actor("trainer-user", Roles.Trainer);
        var started = runs.Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id, ["comms"] = fixture.Server.Comms.Id }, ClockModes.Manual), trainer);
        runs.ReleaseNow(started.Id, "first-reports-on-red", trainer);
        if (ended) runs.End(started.Id, trainer);
        return started.Id;
    }

    private static ILocator RowForm(IPage page, string handler, string expectation) =>
        page.Locator($"form[action*='handler={handler}']:has(input[name=expectation][value='{expectation}'])");

    [Theory, MemberData(nameof(Readers))]
    public async Task A_score_override_too_long_is_named_beside_its_row_and_the_other_rows_stay_as_they_were(string locale, string suffix)
    {
        var id = StartDrillWithFirstInjectOut(ended: false);
        var why = "The monitoring started before the inject, from the morning's social listening. " + new string('x', 4000);
        foreach (var (device, options) in Devices(locale))
        {
            var trainer = await fixture.SignedInPage("trainer-user", Password, options);
            await trainer.GotoAsync(fixture.Url($"/exercises/{id}"));
            await trainer.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
            var row = RowForm(trainer, "Override", "first-reports-on-red/start-monitoring");
            await row.Locator("select[name=passed]").SelectOptionAsync("false");
            // A paste past the limit where the browser does not hold to maxlength.
            await row.Locator("input[name=comment]").EvaluateAsync("field => field.removeAttribute('maxlength')");
            await row.Locator("input[name=comment]").FillAsync(why);
            await row.Locator("input[name=comment]").PressAsync("Enter");

            row = RowForm(trainer, "Override", "first-reports-on-red/start-monitoring");
            await AssertOneProblemBeside(trainer, row.Locator("input[name=comment]"),
                Say(suffix, $"This is {why.Length} characters; the limit is 4000.", $"这里有 {why.Length} 个字符，上限是 4000 个。"));
            await Assertions.Expect(row.Locator("input[name=comment]")).ToHaveValueAsync(why);
            await Assertions.Expect(row.Locator("select[name=passed]")).ToHaveValueAsync("false");
            await Assertions.Expect(row.Locator("input[name=comment]")).ToBeFocusedAsync();
            // The row beside it has the same fields: none of this is put in them.
            var other = RowForm(trainer, "Override", "first-reports-on-red/confirm-defect");
            await Assertions.Expect(other.Locator("input[name=comment]")).ToHaveValueAsync("");
            await Assertions.Expect(other.Locator("select[name=passed]")).ToHaveValueAsync("true");
            await Assertions.Expect(trainer.Locator("[aria-invalid=true]")).ToHaveCountAsync(1);
            await BrowserFixture.AssertFitsTheScreen(trainer);
            await row.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotOfView(trainer, $"form-problem-exercise-override-{device}-{suffix}");
            await trainer.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task An_action_item_without_an_owner_is_named_beside_its_row_and_the_due_date_stays(string locale, string suffix)
    {
        var id = StartDrillWithFirstInjectOut(ended: true);
        foreach (var (device, options) in Devices(locale))
        {
            var trainer = await fixture.SignedInPage("trainer-user", Password, options);
            await trainer.GotoAsync(fixture.Url($"/exercises/{id}"));
            await trainer.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
            var row = RowForm(trainer, "ActionItem", "first-reports-on-red/start-monitoring");
            await row.Locator("select[name=ownerPersonId]").SelectOptionAsync("");
            await row.Locator("input[name=due]").FillAsync("2026-12-20");
            await row.Locator("button[type=submit]").ClickAsync();

            row = RowForm(trainer, "ActionItem", "first-reports-on-red/start-monitoring");
            await AssertOneProblemBeside(trainer, row.Locator("select[name=ownerPersonId]"), Say(suffix, "This is required.", "此项必填。"));
            await Assertions.Expect(row.Locator("input[name=due]")).ToHaveValueAsync("2026-12-20");
            var other = RowForm(trainer, "ActionItem", "first-reports-on-red/confirm-defect");
            await Assertions.Expect(other.Locator("input[name=due]")).ToHaveValueAsync("");
            await Assertions.Expect(trainer.Locator("[aria-invalid=true]")).ToHaveCountAsync(1);
            await BrowserFixture.AssertFitsTheScreen(trainer);
            await row.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotOfView(trainer, $"form-problem-exercise-action-item-{device}-{suffix}");
            await trainer.Context.CloseAsync();
        }
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task A_key_update_too_long_is_named_beside_it_and_stays_typed(string locale, string suffix)
    {
        var key = await OpenIncident("Loose teats, key update");
        var update = "Listings paused on every platform. " + new string('x', 1000);
        foreach (var (device, options) in Devices(locale))
        {
            var commander = await fixture.SignedInPage("commander-user", Password, options);
            await commander.GotoAsync(fixture.Url($"/incidents/{key}"));
            await commander.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
            // A paste past the limit where the browser does not hold to maxlength, in one go: the refresh started on
            // connecting may land between two steps, and a fresh copy of the form still has the limit. The field is
            // found in that go too: a locator's element can be swapped for a fresh copy before its script runs.
            await commander.EvaluateAsync(
                "text => { const field = document.getElementById('key-update-text'); field.removeAttribute('maxlength'); field.value = text; }", update);

            await commander.ClickAsync("form.key-update button[type=submit]");

            await AssertOneProblemBeside(commander, commander.Locator("#key-update-text"),
                Say(suffix, $"This is {update.Length} characters; the limit is 1000.", $"这里有 {update.Length} 个字符，上限是 1000 个。"));
            await Assertions.Expect(commander.Locator("#key-update-text")).ToHaveValueAsync(update);
            await Assertions.Expect(commander.Locator("#key-update-text")).ToBeFocusedAsync();
            await BrowserFixture.Screenshot(commander, $"form-problem-key-update-{device}-{suffix}");
            await commander.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The page refreshes itself when anyone changes the incident, and no page it fetches has what was typed and not
    /// sent, nor a refusal's problems. A refresh landing while the button is being pressed, one asked for before the
    /// refused post and landing after its answer, and one while the reader looks elsewhere all leave the key update form
    /// as the reader had it, until it is sent again.
    /// </summary>
    [Fact]
    public async Task A_key_update_keeps_what_was_typed_and_its_problem_through_background_refreshes_until_sent_again()
    {
        var key = await OpenIncident("Loose teats, background refresh");
        var path = $"/incidents/{key}";
        var commander = await fixture.SignedInPage("commander-user", Password);
        // A background refresh fetches the page itself (a post goes to ?handler=…); when asked to, the test holds the
        // next one back, as on a slow connection, until it lets it go.
        TaskCompletionSource<IRoute>? holdNext = null;
        await commander.RouteAsync(url => new Uri(url) is { Query.Length: 0 } uri && uri.AbsolutePath == path, async route =>
        {
            if (route.Request.ResourceType == "fetch" && holdNext is { } hold && hold.TrySetResult(route)) return;
            await route.ContinueAsync();
        });
        await commander.GotoAsync(fixture.Url(path));
        await commander.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        using var colleague = fixture.Server.Client(Roles.Commander);
        async Task<IRoute> ColleagueSetsSeverity(int severity, bool holdTheRefresh = true)
        {
            // Not holding, no hold is offered at all: the refresh the change sets off can reach the route before the
            // colleague's answer does, and would take a hold withdrawn only after that answer, hanging forever.
            var hold = holdTheRefresh ? holdNext = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
            using var changed = await colleague.PostAsJsonAsync($"/api/incidents/{key}/severity", new { severity });
            changed.EnsureSuccessStatusCode();
            if (hold is null) return null!;
            var held = await hold.Task.WaitAsync(TimeSpan.FromSeconds(15));
            holdNext = null;
            return held;
        }
        var field = commander.Locator("#key-update-text");
        var send = commander.Locator("form.key-update button[type=submit]");
        var update = "Listings paused on every platform. " + new string('x', 1000);
        var problem = $"This is {update.Length} characters; the limit is 1000.";

        // Typed, and the focus on the button as it is pressed: the refresh landing then keeps the text.
        var refresh = await ColleagueSetsSeverity(1);
        await field.EvaluateAsync("(field, text) => { field.removeAttribute('maxlength'); field.value = text; }", update); // a paste past the limit
        await send.FocusAsync();
        await refresh.ContinueAsync();
        await Assertions.Expect(commander.Locator("#incident-head .sev-1")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(field).ToHaveValueAsync(update);

        // Sent and refused while a refresh asked for before is on its way: landing after the answer, it keeps the problem.
        refresh = await ColleagueSetsSeverity(3);
        await send.ClickAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await refresh.ContinueAsync();
        await Assertions.Expect(commander.Locator("#incident-head .sev-3")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await AssertOneProblemBeside(commander, field, problem);
        await Assertions.Expect(field).ToHaveValueAsync(update);

        // The reader looks elsewhere; the timeline beside the form still takes in the next change.
        var events = await commander.Locator("ol.story > li").CountAsync();
        var elsewhere = commander.Locator("a[data-filter-link]").First;
        await elsewhere.FocusAsync();
        await ColleagueSetsSeverity(2, holdTheRefresh: false);
        await Assertions.Expect(commander.Locator("#incident-head .sev-2")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(commander.Locator("ol.story > li")).ToHaveCountAsync(events + 1);
        await AssertOneProblemBeside(commander, field, problem);
        await Assertions.Expect(field).ToHaveValueAsync(update);
        await Assertions.Expect(elsewhere).ToBeFocusedAsync();

        // Sent again, shorter: the answer replaces it, empty and with no problem, and the update is on the timeline.
        await field.FillAsync("Listings paused on every platform.");
        await send.ClickAsync();
        await Assertions.Expect(commander.Locator("ol.story")).ToContainTextAsync("Listings paused on every platform.");
        await Assertions.Expect(field).ToHaveValueAsync("");
        await Assertions.Expect(commander.Locator(".field-problem")).ToHaveCountAsync(0);
        await commander.Context.CloseAsync();
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task Hot_wash_feedback_missing_what_did_not_work_is_named_beside_it_and_the_rest_stays(string locale, string suffix)
    {
        using var trainer = fixture.Server.Client(Roles.Trainer);
        using var started = await trainer.PostAsJsonAsync("/api/exercises", new
        {
            scenarioId = "recall-before-singles-day",
            participants = new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id },
        });
        started.EnsureSuccessStatusCode();
        var exercise = await started.Content.ReadFromJsonAsync<JsonElement>();
        using var ended = await trainer.PostAsync($"/api/exercises/{exercise.GetProperty("id").GetInt64()}/end", null);
        ended.EnsureSuccessStatusCode();
        var key = exercise.GetProperty("incidentKey").GetString()!;
        foreach (var (device, options) in Devices(locale))
        {
            var player = await fixture.SignedInPage("responder-user", Password, options);
            await player.GotoAsync(fixture.Url($"/incidents/{key}"));
            await player.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
            await player.FillAsync("textarea[name=whatWorked]", "Everyone knew their role");
            await player.FillAsync("textarea[name=whatDidNot]", "   ");
            await player.FillAsync("input[name=rating]", "4");

            await player.ClickAsync("form.review-form button[type=submit]");

            await AssertOneProblemBeside(player, player.Locator("textarea[name=whatDidNot]"), Say(suffix, "This is required.", "此项必填。"));
            await Assertions.Expect(player.Locator("textarea[name=whatWorked]")).ToHaveValueAsync("Everyone knew their role");
            await Assertions.Expect(player.Locator("input[name=rating]")).ToHaveValueAsync("4");
            await BrowserFixture.Screenshot(player, $"form-problem-feedback-{device}-{suffix}");
            await player.Context.CloseAsync();
        }
    }
}
