using Crisis.Core.Accounts;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;
using Crisis.Core.Risks;
using Crisis.Web.Tests;
using Dapper;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

[Collection(nameof(BrowserFixture))]
public class FollowUpJourneyTests(BrowserFixture fixture)
{
    private const string Password = "a long password";

    /// <summary>
    /// A resolved recall whose review asks three things: one of <paramref name="owner"/>'s, overdue, to change the recall
    /// playbook; one due next month; one whose owner was typed before owners were people and matched nobody.
    /// </summary>
    public static async Task<(string Key, long Overdue, long NotInDirectory)> RecallWithFollowUps(BrowserFixture fixture, Person owner)
    {
        var commander = new Actor("commander-user", Roles.Commander);
        var key = await fixture.Server.OpenRecallAsync();
        fixture.Service<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Followed up outside the incident"));
        var reviews = fixture.Service<PostIncidentReviews>();
        var review = reviews.Open(key, commander);
        var today = fixture.Service<FollowUpBook>().Today();
        review = reviews.AddAction(key, new ActionItem
        {
            Title = "Add a wall-thickness check to mould requalification", OwnerPersonId = owner.Id, DueDate = today.AddDays(-4), PlaybookChange = "product-recall",
        }, review.Version, commander);
        review = reviews.AddAction(key, new ActionItem { Title = "Brief the Tmall store team on recall wording", OwnerPersonId = fixture.Server.Comms.Id, DueDate = today.AddDays(30) },
            review.Version, commander);
        review = reviews.AddAction(key, new ActionItem { Title = "Second supplier for the 260 ml bottle", OwnerPersonId = owner.Id }, review.Version, commander);
        using (var connection = fixture.Service<Core.Storage.Database>().Open())
            connection.Execute("UPDATE review_actions SET owner_person_id = NULL, owner = 'Procurement team' WHERE id = @Id", new { review.Actions[^1].Id });
        return (key, review.Actions[0].Id, review.Actions[^1].Id);
    }

    [Fact]
    public async Task A_commander_filters_the_follow_ups_closes_one_saying_what_was_done_and_leadership_reads_the_list_on_a_phone()
    {
        var owner = fixture.Service<PeopleDirectory>().Add(new NewPerson($"Zhao Lei {Guid.NewGuid():N}"[..13], "zhao@example.com"));
        var (key, overdue, notInDirectory) = await RecallWithFollowUps(fixture, owner);
        var row = $"tr#follow-up-{overdue}";
        var risk = fixture.Service<RiskRegister>().Create(new RiskFields
        {
            Title = $"Moulds drift out of tolerance {Guid.NewGuid():N}"[..36], Category = "recall", Likelihood = 3, Impact = 4,
        }, new Actor("commander-user", Roles.Commander));

        var desktop = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Desktop("en-GB"));
        await desktop.GotoAsync(fixture.Url("/"));
        await desktop.ClickAsync(".top-bar nav >> text=Follow-ups");
        await desktop.WaitForURLAsync(url => url.EndsWith("/follow-ups"));
        await desktop.ClickAsync(".case-filters summary");
        await desktop.SelectOptionAsync("#filter-owner", owner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await desktop.CheckAsync("input[name=overdue]");
        await desktop.ClickAsync("text=Show follow-ups");
        await Assertions.Expect(desktop.Locator("h2#follow-ups-heading")).ToHaveTextAsync("Follow-ups found: 1");
        await Assertions.Expect(desktop.Locator(row)).ToContainTextAsync("overdue"); // in words, not only red
        await Assertions.Expect(desktop.Locator(row)).ToContainTextAsync($"{key} · ");
        await Assertions.Expect(desktop.Locator($"{row} a[href='/playbooks/product-recall#follow-ups']")).ToHaveTextAsync("Product recall");
        await BrowserFixture.Screenshot(desktop, "follow-ups-filtered-desktop-en");

        // It treats a risk of the register: said on the list, and counted in that risk's readiness.
        await desktop.ClickAsync($"{row} .set-risk summary");
        await desktop.SelectOptionAsync($"{row} select[name=riskId]", risk.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await desktop.ClickAsync($"{row} >> text=Save the risk");
        await Assertions.Expect(desktop.Locator(".notice")).ToHaveTextAsync("Saved the risk it treats.");
        await Assertions.Expect(desktop.Locator($"{row} a[href='/risks/{risk}']")).ToHaveTextAsync(fixture.Service<RiskRegister>().Get(risk).Title);
        Assert.Equal(risk, fixture.Service<FollowUpBook>().Get(overdue).RiskId);
        Assert.Contains(fixture.Service<RiskRegister>().Get(risk).Readiness.FollowUps, followUp => followUp.Title.StartsWith("Add a wall-thickness", StringComparison.Ordinal));

        // Won't do without saying why is refused beside the note, and what was chosen and typed stays.
        await desktop.ClickAsync($"{row} .close-follow-up summary");
        await desktop.CheckAsync($"{row} input[name=closeAs][value=wont_do]");
        await desktop.FillAsync($"{row} input[name=link]", "https://wiki.example/moulds");
        await desktop.ClickAsync($"{row} >> text=Close the follow-up");
        await Assertions.Expect(desktop.Locator($"{row} textarea[name=note]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(desktop.Locator($"{row} .field-problem")).ToHaveTextAsync("Say in the note why it won't be done.");
        await Assertions.Expect(desktop.Locator($"{row} input[name=link]")).ToHaveValueAsync("https://wiki.example/moulds");
        await Assertions.Expect(desktop.Locator($"{row} input[name=closeAs][value=wont_do]")).ToBeCheckedAsync();
        await BrowserFixture.Screenshot(desktop, "follow-ups-close-refused-desktop-en");
        await desktop.CheckAsync($"{row} input[name=closeAs][value=done]");
        await desktop.FillAsync($"{row} textarea[name=note]", "Wall thickness is measured on the first 50 bottles of every new mould.");
        await desktop.ClickAsync($"{row} >> text=Close the follow-up");
        await Assertions.Expect(desktop.Locator(".notice")).ToHaveTextAsync("Closed, with what was done.");
        await Assertions.Expect(desktop.Locator("h2#follow-ups-heading")).ToHaveTextAsync("Follow-ups found: 0"); // done is no longer overdue
        Assert.Equal(ActionStatus.Done, fixture.Service<FollowUpBook>().Get(overdue).Status);
        Assert.Contains(fixture.Service<Timeline>().Read(key), e => e.Kind == EventKinds.FollowUpClosed);

        // Leadership reads every one of them on a phone, in Chinese, and can change nothing.
        var phone = await fixture.SignedInPage("viewer-user", Password, BrowserFixture.Phone("zh-CN"));
        await phone.GotoAsync(fixture.Url($"/follow-ups?status=all&source=real"));
        var closed = phone.Locator(row);
        await Assertions.Expect(closed).ToContainTextAsync("已完成");
        await Assertions.Expect(closed).ToContainTextAsync("Wall thickness is measured");
        await Assertions.Expect(phone.Locator($"tr#follow-up-{notInDirectory}")).ToContainTextAsync("Procurement team（不在人员名录中）");
        await Assertions.Expect(phone.Locator("form[action*='handler=']")).ToHaveCountAsync(0); // nothing to close, reopen or give
        await BrowserFixture.AssertFitsTheScreen(phone);
        await BrowserFixture.Screenshot(phone, "follow-ups-phone-zh");

        // A playbook changed since an incident was opened from it: its page says what changed in the steps.
        var playbookId = $"drill-{Guid.NewGuid():N}"[..12];
        string Drill(int version, string steps) =>
            $"---\nid: {playbookId}\ntitle: Warehouse drill\nversion: {version}\ncategory: recall\nseverities: [1, 2]\nroles:\n  commander: Incident commander\n  ops: Operations\n  quality: Quality lead\n---\n## Contain\n{steps}\n";
        var drillFile = Path.Combine(fixture.Server.PlaybookFolder, playbookId + ".md");
        await File.WriteAllTextAsync(drillFile, Drill(1, "- Stop sales @ops due:+1h id:stop\n- Brief the team @commander due:+1h id:brief\n- Tell the regulator @commander due:+24h id:regulator"));
        var drillKey = fixture.Service<OpenIncident>().Execute(new OpenIncidentRequest(playbookId, "Damp pallets in the Ningbo warehouse", 1), new Actor("commander-user", Roles.Commander));
        await File.WriteAllTextAsync(drillFile, Drill(2, "- Stop sales on every platform @ops due:+1h id:stop\n- Brief the team @quality due:+2h id:brief\n- Keep samples @quality due:+2h id:samples"));

        foreach (var (language, suffix) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
        {
            var commanderPhone = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Phone(language));
            await commanderPhone.GotoAsync(fixture.Url("/follow-ups?status=all&source=real"));
            await commanderPhone.ClickAsync($"tr#follow-up-{notInDirectory} .close-follow-up summary");
            await BrowserFixture.AssertFitsTheScreen(commanderPhone);
            await BrowserFixture.Screenshot(commanderPhone, $"follow-ups-close-form-phone-{suffix}");
            var playbookPage = await fixture.SignedInPage("commander-user", Password, BrowserFixture.Desktop(language));
            await playbookPage.GotoAsync(fixture.Url("/playbooks/product-recall#follow-ups"));
            await BrowserFixture.Screenshot(playbookPage.Locator("#follow-ups"), $"follow-ups-playbook-desktop-{suffix}");
            await commanderPhone.GotoAsync(fixture.Url($"/playbooks/{playbookId}#changes-since"));
            await Assertions.Expect(commanderPhone.Locator("#changes-since")).ToContainTextAsync(drillKey);
            await BrowserFixture.AssertFitsTheScreen(commanderPhone);
            await BrowserFixture.Screenshot(commanderPhone.Locator("#changes-since"), $"playbook-changes-since-phone-{suffix}");
            await playbookPage.GotoAsync(fixture.Url("/follow-ups?status=all&source=real"));
            await BrowserFixture.Screenshot(playbookPage, $"follow-ups-desktop-{suffix}");
            await commanderPhone.Context.CloseAsync();
            await playbookPage.Context.CloseAsync();
        }
    }
}
