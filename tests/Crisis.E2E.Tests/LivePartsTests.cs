using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// A change to steps reaches an open checklist as the parts of the page it changed (the step's phase, the head, the
/// situation, the story's new event), drawn on the server once for readers alike: the page does not fetch itself again,
/// reads it in its own language, and can act on what it was sent. A page that missed a change, or a change to more than
/// steps, fetches the page again as before.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class LivePartsTests(BrowserFixture fixture)
{
    private const string Password = "a long password";
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    /// <summary>
    /// The checklist, live, counting the times it fetches itself (window.pageFetches) and the fetches it has read
    /// (window.pageFetchesRead); returned once the fetch it makes on connecting has been read, its counts at nought.
    /// </summary>
    private async Task<IPage> Checklist(string key, string language)
    {
        var page = await fixture.SignedInPage("responder-user", Password, BrowserFixture.Desktop(language));
        await page.AddInitScriptAsync(
            """
            (() => {
                const fetch = window.fetch;
                window.pageFetches = 0;
                window.pageFetchesRead = 0;
                window.fetch = (url, options) => {
                    if ((options?.method ?? "GET") !== "GET") return fetch(url, options);
                    window.pageFetches++;
                    return fetch(url, options).then(response => {
                        const text = response.text.bind(response);
                        response.text = () => text().finally(() => window.pageFetchesRead++);
                        return response;
                    });
                };
            })();
            """);
        await page.GotoAsync(fixture.Url($"/incidents/{key}"));
        await page.Locator("#live-status[data-state=connected]").WaitForAsync(new() { Timeout = 15000 });
        await page.WaitForFunctionAsync("() => window.pageFetches >= 1 && window.pageFetchesRead === window.pageFetches");
        await page.EvaluateAsync("() => { window.pageFetches = 0; window.pageFetchesRead = 0; }");
        return page;
    }

    private static Task<int> PageFetches(IPage page) => page.EvaluateAsync<int>("() => window.pageFetches");

    [Theory]
    [InlineData("en", "Done (1)", "1 of", "Confirm the defect")]
    [InlineData("zh-CN", "已完成（1）", "已完成 1/", "确认缺陷")]
    public async Task A_tick_elsewhere_arrives_as_the_parts_it_changed_in_the_readers_language_and_the_step_can_be_reopened_from_them(
        string language, string doneGroup, string headCount, string storyWords)
    {
        var key = fixture.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles", 1, Language: language), Commander);
        var page = await Checklist(key, language);
        var step = page.Locator("#step-confirm-defect");

        var seq = await page.Locator("#incident").GetAttributeAsync("data-seq");

        fixture.Service<StepActions>().Complete(key, "confirm-defect", Commander);

        await Assertions.Expect(step).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("details.done-steps > summary").First).ToHaveTextAsync(doneGroup);
        await Assertions.Expect(page.Locator("#incident-head")).ToContainTextAsync(headCount);
        await Assertions.Expect(page.Locator("ol.story > li").First).ToContainTextAsync(storyWords);
        await Assertions.Expect(page.Locator("#incident")).Not.ToHaveAttributeAsync("data-seq", seq!);
        Assert.Equal(0, await PageFetches(page));
        await BrowserFixture.Screenshot(page, $"incident-live-parts-desktop-{language}");

        // The sent step's forms carry this page's antiforgery field and tokens of their own: its Reopen works.
        await page.Locator("details.done-steps > summary").First.ClickAsync();
        await step.Locator("details > summary").ClickAsync();
        await step.Locator("button[value=reopen]").ClickAsync();
        await Assertions.Expect(step).ToHaveAttributeAsync("data-status", "todo", new() { Timeout = 15000 });
        Assert.Equal("todo", fixture.StepStatus(key, "confirm-defect"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_that_missed_a_change_or_sees_more_than_steps_change_fetches_itself_again()
    {
        var key = await fixture.Server.OpenRecallAsync();
        var page = await Checklist(key, "en");

        // As if the page had missed the last change: the next parts do not follow on from what it shows.
        await page.EvaluateAsync("() => { const root = document.querySelector('#incident'); root.setAttribute('data-seq', root.getAttribute('data-seq') - 1); }");
        fixture.Service<StepActions>().Complete(key, "confirm-defect", Commander);
        await Assertions.Expect(page.Locator("#step-confirm-defect")).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 15000 });
        Assert.True(await PageFetches(page) >= 1, "the page that missed a change did not fetch itself again");

        await page.EvaluateAsync("() => window.pageFetches = 0");
        fixture.Service<IncidentLifecycle>().SetSeverity(key, 2, Commander);
        await Assertions.Expect(page.Locator("#incident-head .badge").First).ToHaveClassAsync(new Regex("sev-2"), new() { Timeout = 15000 });
        Assert.True(await PageFetches(page) >= 1, "a change of severity did not fetch the page again");
        await page.Context.CloseAsync();
    }
}
