using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// Two posts in place on their way at once, the first answered last, as on a slow connection: its answer, made before
/// the second's, does not undo what the second's brought, and what is its own (a refusal's problem, an update sent)
/// still shows. Nor does an answer that a refresh overtook, and a refresh puts what the reader typed back in its own form.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class LateAnswerTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    /// <summary>
    /// The answer to the page's first post to a handler: the post is made on the server at once, and so is the page it
    /// answers with (the redirect followed), before the next post's change; the browser gets it only when let go.
    /// </summary>
    /// <param name="beforeServer">Holds the post itself instead, before the server has it: a page read meanwhile has not its change.</param>
    private sealed class HeldAnswer(IPage page, bool beforeServer = false)
    {
        private int _claimed;
        private readonly TaskCompletionSource _made = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task Hold(string handler) => await page.RouteAsync(url => url.Contains($"handler={handler}"), async route =>
        {
            if (route.Request.Method != "POST" || Interlocked.Exchange(ref _claimed, 1) == 1)
            {
                await route.ContinueAsync();
                return;
            }
            if (beforeServer)
            {
                _made.SetResult();
                await _go.Task;
                await route.ContinueAsync();
                return;
            }
            var answer = await route.FetchAsync();
            _made.SetResult();
            await _go.Task;
            await route.FulfillAsync(new() { Response = answer });
        });

        /// <summary>Once the answer is made, or the post held before the server has it.</summary>
        public Task Made => _made.Task.WaitAsync(TimeSpan.FromSeconds(15));

        /// <summary>Lets the answer go and waits until the page has read it, the last of <paramref name="posts"/> answered.</summary>
        public async Task LetGo(int posts)
        {
            LetGoUnwatched();
            await page.WaitForFunctionAsync("posts => window.postsAnswered === posts", posts);
        }

        /// <summary>Lets the answer go, on a page that does not count its answers.</summary>
        public void LetGoUnwatched() => _go.SetResult();
    }

    /// <summary>
    /// The incident's page, live, counting the posts' answers it has read (window.postsAnswered): the script patches
    /// the page with an answer as soon as it has read it, before the test looks again.
    /// </summary>
    private async Task<IPage> Checklist(string key)
    {
        var page = await fixture.SignedInPage("commander-user", Password);
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        await page.EvaluateAsync(
            """
            () => {
                const fetch = window.fetch;
                window.postsAnswered = 0;
                window.fetch = (url, options) => fetch(url, options).then(response => {
                    if (options?.method !== "POST") return response;
                    const text = response.text.bind(response);
                    response.text = () => text().then(html => { window.postsAnswered++; return html; });
                    return response;
                });
            }
            """);
        return page;
    }

    /// <summary>
    /// Pastes into the key update, past its limit too (where the browser does not hold to maxlength), finding the field in
    /// the same go: a refresh landing between finding and pasting would swap it for a fresh copy.
    /// </summary>
    private static Task Paste(IPage page, string update) => page.EvaluateAsync(
        "text => { const field = document.getElementById('key-update-text'); field.removeAttribute('maxlength'); field.value = text; }", update);

    /// <summary>Ticks the step and waits for the tick's answer: the step done, its Undo focused.</summary>
    private static async Task Tick(ILocator step)
    {
        await step.Locator("button.tick").ClickAsync();
        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync(new() { Timeout = 15000 });
    }

    /// <summary>Not retried: a later refresh (at the end of the hold) would put right what a late answer undid.</summary>
    private static async Task AssertStillDone(ILocator step)
    {
        Assert.Equal("done", await step.GetAttributeAsync("data-status"));
        Assert.Equal(1, await step.Locator("button.undo").CountAsync());
    }

    [Fact]
    public async Task A_tick_answered_after_a_later_tick_leaves_both_steps_done()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var held = new HeldAnswer(page);
        await held.Hold("Step");
        var first = page.Locator("#step-confirm-defect");
        var second = page.Locator("#step-preserve-evidence");

        await first.Locator("button.tick").ClickAsync();
        await held.Made;
        await Tick(second);
        await held.LetGo(posts: 2);

        await AssertStillDone(second);
        await AssertStillDone(first);
        Assert.Matches(new Regex(@"\b2 of \d+ steps done"), await page.Locator("#incident-head").InnerTextAsync());
        Assert.Equal("done", fixture.StepStatus(key, "confirm-defect"));
        Assert.Equal("done", fixture.StepStatus(key, "preserve-evidence"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refused_key_update_answered_after_a_tick_shows_its_problem_and_leaves_the_step_done()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var held = new HeldAnswer(page);
        await held.Hold("KeyUpdate");
        var field = page.Locator("#key-update-text");
        var update = "Listings paused on every platform. " + new string('x', 1000);
        await Paste(page, update);
        var step = page.Locator("#step-confirm-defect");

        await page.ClickAsync("form.key-update button[type=submit]");
        await held.Made;
        await Tick(step);
        await held.LetGo(posts: 2);

        await AssertStillDone(step);
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".field-problem")).ToContainTextAsync($"This is {update.Length} characters; the limit is 1000.");
        await Assertions.Expect(field).ToHaveValueAsync(update);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_key_update_answered_after_a_tick_is_on_the_timeline_and_leaves_the_step_done()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var held = new HeldAnswer(page);
        await held.Hold("KeyUpdate");
        var field = page.Locator("#key-update-text");
        await Paste(page, "Listings paused on every platform.");
        var step = page.Locator("#step-confirm-defect");

        await page.ClickAsync("form.key-update button[type=submit]");
        await held.Made;
        await Tick(step);
        await held.LetGo(posts: 2);

        await AssertStillDone(step);
        await Assertions.Expect(page.Locator("ol.story")).ToContainTextAsync("Listings paused on every platform.");
        await Assertions.Expect(field).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator(".field-problem")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tick_answered_after_a_refresh_brought_a_later_change_does_not_undo_that_change()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var held = new HeldAnswer(page);
        await held.Hold("Step");
        var first = page.Locator("#step-confirm-defect");
        var later = page.Locator("#step-preserve-evidence");

        await first.Locator("button.tick").ClickAsync();
        await held.Made;
        // The tick's own change refreshes the page first, its step done with its Undo; then someone else ticks a step after
        // the answer was made, and the page refreshes with it, the step moving into "Done", while the answer is on its way.
        await Assertions.Expect(first.Locator("button.undo")).ToHaveCountAsync(1, new() { Timeout = 15000 });
        fixture.Service<StepActions>().Complete(key, "preserve-evidence", Commander);
        await Assertions.Expect(later).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 15000 });
        await held.LetGo(posts: 1);

        await AssertStillDone(first);
        Assert.Equal("done", await later.GetAttributeAsync("data-status"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tick_made_after_a_refresh_was_read_keeps_its_undo_and_an_undo_answered_after_a_refresh_is_announced(bool undoHeldBeforeServer)
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var step = page.Locator("#step-confirm-defect");
        var announcer = page.Locator("#tick-announcer");
        var tick = new HeldAnswer(page, beforeServer: true);
        await tick.Hold("Step");

        await step.Locator("button.tick").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await tick.Made;
        // Someone else's change: the page refreshes with a copy read before the tick was made, which shows the step open.
        fixture.Service<StepActions>().Complete(key, "preserve-evidence", Commander);
        await Assertions.Expect(page.Locator("#step-preserve-evidence")).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 15000 });
        await tick.LetGo(posts: 1);

        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync();
        await AssertStillDone(step);
        await Assertions.Expect(announcer).ToContainTextAsync("Marked done: Confirm the defect");

        // The Undo's answer comes after a refresh that someone else's change brought, read before or after the Undo was
        // made: the step stays as it is meanwhile, and the Undo is told.
        var undo = new HeldAnswer(page, undoHeldBeforeServer);
        await undo.Hold("Step");
        await page.Keyboard.PressAsync("Enter");
        await undo.Made;
        fixture.Service<StepActions>().Complete(key, "count-units", Commander);
        await Assertions.Expect(page.Locator("#step-count-units")).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 15000 });
        // Read before the Undo was made, the refresh left the step as it was; read after, it shows the step open.
        await Assertions.Expect(step.Locator(undoHeldBeforeServer ? "button.undo" : "button.tick")).ToBeFocusedAsync();
        await undo.LetGo(posts: 2);

        await Assertions.Expect(step).ToHaveAttributeAsync("data-status", "todo");
        await Assertions.Expect(step.Locator("button.tick")).ToBeFocusedAsync();
        await Assertions.Expect(announcer).ToContainTextAsync("Reopened: Confirm the defect");
        Assert.Equal("todo", fixture.StepStatus(key, "confirm-defect"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tick_answered_after_the_undo_window_has_passed_since_the_tap_still_offers_its_undo_for_the_whole_window()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await fixture.SignedInPage("commander-user", Password);
        await page.Clock.InstallAsync(); // the page's timers, run forward below
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        var held = new HeldAnswer(page);
        await held.Hold("Step");
        var step = page.Locator("#step-confirm-defect");

        await step.Locator("button.tick").ClickAsync();
        await held.Made;
        await page.Clock.FastForwardAsync("00:10"); // a slow connection: longer than the undo window since the tap
        held.LetGoUnwatched();

        await Assertions.Expect(step.Locator("button.undo")).ToBeFocusedAsync(new() { Timeout = 15000 });
        await page.Clock.FastForwardAsync("00:07");
        Assert.Equal(1, await step.Locator("button.undo").CountAsync());
        await page.Clock.FastForwardAsync("00:02");
        await Assertions.Expect(page.Locator("details.done-steps #step-confirm-defect")).ToHaveCountAsync(1, new() { Timeout = 15000 });
        await Assertions.Expect(step.Locator("button.undo")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Figures_typed_again_while_the_first_figures_answer_is_on_its_way_stay_and_are_recorded_next()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var held = new HeldAnswer(page);
        await held.Hold("Impact");
        await page.ClickAsync("#impact summary:has-text('Record figures')");
        await page.FillAsync("#impact input[name=OrdersAffected]", "1204");
        await page.ClickAsync("#impact button:has-text('Record figures')");
        await held.Made;
        // The page's refresh brings the figures recorded while their answer is on its way; the reader types the next.
        await Assertions.Expect(page.Locator("#impact .figures")).ToContainTextAsync("1,204", new() { Timeout = 15000 });
        await page.FillAsync("#impact input[name=OrdersAffected]", "3180");
        await held.LetGo(posts: 1);

        await Assertions.Expect(page.Locator("#impact input[name=OrdersAffected]")).ToHaveValueAsync("3180");
        await page.ClickAsync("#impact button:has-text('Record figures')");
        await Assertions.Expect(page.Locator("#impact figure svg").First).ToHaveAttributeAsync("aria-label", "Orders affected over time: 1204, 3180");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The page's own refresh (the block's change, signalled to every viewer) lands before the block's answer, which it
    /// overtakes, or is held until after it, when the answer is patched in while the reader types in the step.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reason_typed_again_while_the_block_is_on_its_way_is_sent_next_with_the_version_the_block_left(bool refreshFirst)
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var held = new HeldAnswer(page);
        await held.Hold("Step");
        var refreshes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (refreshFirst) refreshes.SetResult();
        await page.RouteAsync(url => new Uri(url).AbsolutePath == $"/incidents/{key}", async route =>
        {
            if (route.Request.Method == "GET" && route.Request.ResourceType == "fetch") await refreshes.Task;
            await route.FallbackAsync(); // the post goes on to the held answer's handler
        });
        var step = page.Locator("#step-confirm-defect");
        var reason = step.Locator("input[name=reason]");
        await step.Locator("details > summary").ClickAsync();
        await reason.FillAsync("Waiting for the lab's report");
        await step.Locator("button[value=block]").ClickAsync();
        await held.Made;
        if (refreshFirst) await Assertions.Expect(step).ToHaveAttributeAsync("data-status", "blocked", new() { Timeout = 15000 });
        // The lab answers while the block is on its way: the reader means to skip the step instead, and says why.
        await reason.FillAsync("The lab found no defect");
        await held.LetGo(posts: 1);
        refreshes.TrySetResult();

        await Assertions.Expect(step).ToHaveAttributeAsync("data-status", "blocked", new() { Timeout = 15000 });
        await Assertions.Expect(reason).ToHaveValueAsync("The lab found no defect");
        await step.Locator("button[value=skip]").ClickAsync();
        await Assertions.Expect(step).ToHaveAttributeAsync("data-status", "skipped", new() { Timeout = 15000 });
        await Assertions.Expect(step.Locator(".field-problem")).ToHaveCountAsync(0);
        Assert.Equal("skipped", fixture.StepStatus(key, "confirm-defect"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reason_typed_for_a_step_stays_in_its_own_form_when_someone_else_changes_the_step()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key);
        var step = page.Locator("#step-confirm-defect");
        await step.Locator("details > summary").ClickAsync();
        await step.Locator("input[name=reason]").FillAsync("Waiting for the lab's report");
        await page.EvaluateAsync("() => document.activeElement.blur()");
        var stamp = await step.GetAttributeAsync("data-stamp");

        // The step's tick, its Skip or Block and its note post alike but for their buttons and fields.
        var liaison = fixture.Service<PeopleDirectory>().Add(new NewPerson("Lab liaison"));
        fixture.Service<StepActions>().Reassign(key, "confirm-defect", Commander, liaison.Id);
        await Assertions.Expect(step).Not.ToHaveAttributeAsync("data-stamp", stamp!, new() { Timeout = 15000 });

        await Assertions.Expect(step.Locator("button.tick")).ToHaveCountAsync(1);
        await Assertions.Expect(step.Locator("input[name=reason]")).ToHaveCountAsync(1);
        await Assertions.Expect(step.Locator("input[name=reason]")).ToHaveValueAsync("Waiting for the lab's report");
        await Assertions.Expect(step.Locator("input[name=text]")).ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }
}
