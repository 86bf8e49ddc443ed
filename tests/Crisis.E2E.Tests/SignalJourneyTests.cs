using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Signals;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>A commander finds a signal in the queue and opens an incident from it: the form comes filled in, and the cases come with the incident.</summary>
[Collection(nameof(BrowserFixture))]
public class SignalJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_commander_opens_an_incident_from_a_signal_in_the_queue()
    {
        var batch = $"E{Guid.NewGuid():N}"[..8];
        fixture.Service<CaseBook>().LogMany([.. Enumerable.Range(1, 6).Select(i => new NewCase
        {
            Channel = CaseChannels.Tmall, Category = CaseCategories.Safety, Batch = batch, Sku = "AB-260", Summary = $"Bottle base cracked after sterilising ({i})",
        })], CaseSources.Form, new Actor("agent-user", Roles.Agent));
        fixture.Service<EarlyWarning>().EvaluateAll();

        var commander = await fixture.SignedInPage("commander-user", "a long password");
        await commander.ClickAsync(".top-bar nav >> text=Signals");
        var title = $"Cluster of safety complaints about batch {batch}";
        await commander.ClickAsync($"text={title}");
        await Assertions.Expect(commander.Locator(".signal-fired")).ToContainTextAsync($"6 safety complaints about batch {batch} within 24 hours");

        await commander.ClickAsync("text=Open an incident from this signal");
        await Assertions.Expect(commander.Locator("#title")).ToHaveValueAsync(title);
        await Assertions.Expect(commander.Locator("#playbook")).ToHaveValueAsync("product-recall");
        await Assertions.Expect(commander.Locator("#severity")).ToHaveValueAsync("2");
        await Assertions.Expect(commander.Locator("#from-signal")).ToContainTextAsync("The incident takes the signal's 6 cases");

        await commander.ClickAsync("#open-form button[type=submit] >> nth=0");
        await commander.WaitForURLAsync(url => url.Contains("/incidents/INC-"));
        var key = commander.Url.Split('/')[^1].Split('?', '#')[0];
        var story = commander.Locator(".timeline.story");
        await Assertions.Expect(story).ToContainTextAsync($"opened the incident from an early-warning signal: 6 safety complaints about batch {batch} within 24 hours.");
        await Assertions.Expect(story).ToContainTextAsync("6 cases came with it");
        await BrowserFixture.Screenshot(commander, "signal-incident-opened-desktop-en");

        Assert.Equal(6, fixture.Service<CaseBook>().Count(new CaseFilter { IncidentKey = key }));
        await commander.GotoAsync(fixture.Url("/signals?status=incident-opened"));
        await Assertions.Expect(commander.Locator($"text={title}")).ToBeVisibleAsync();
        await commander.Context.CloseAsync();
    }
}
