using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Intake;
using Crisis.Core.Risks;
using Crisis.Core.Signals;
using Crisis.Web.Tests;
using Crisis.Web.Tests.Pages;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>
/// Every page the admin can reach, and the sign-in page, fits a 390 px phone in English and Chinese without scrolling
/// sideways; each is photographed on the phone and on a desktop.
/// </summary>
[Collection(nameof(BrowserFixture))]
public class EveryPageFitsAPhoneTests(BrowserFixture fixture)
{
    /// <summary>An incident with a ticked step, an impact figure and a drafted message, and a running exercise: pages with something on them.</summary>
    private async Task<IReadOnlyList<(string Name, string Path)>> PagesWithContent()
    {
        var key = await fixture.Server.OpenRecallAsync();
        using var responder = await Browser.SignedInAs(fixture.Server, Roles.Responder);
        using var drafted = await responder.PostForm(MessagePageTests.NewMessagePage(key), $"/incidents/{key}/messages/new?handler=Draft",
            MessagePageTests.RecallForm("Anti-colic bottle with a rather long product name"));
        var message = drafted.Headers.Location!.OriginalString;
        var trainer = new Actor("trainer-user", Roles.Trainer);
        var exercise = fixture.Service<ExerciseRuns>().Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = fixture.Server.Quality.Id, ["comms"] = fixture.Server.Comms.Id }, ClockModes.Manual), trainer);
        fixture.Service<ExerciseRuns>().ReleaseNow(exercise.Id, "first-reports-on-red", trainer);
        var complaint = fixture.Server.LogCase();
        var signal = SignalWithEvidence();
        var risk = RiskWithEverything(key);
        await FollowUpJourneyTests.RecallWithFollowUps(fixture, fixture.Service<Core.People.PeopleDirectory>().Add(new Core.People.NewPerson("Ouyang Xiaoming-Richardson")));
        var chatDelivery = LongChatChannel(key);
        fixture.Service<Core.Evidence.EvidenceBook>().Add(key, new Core.Evidence.NewEvidence("IMG_20261102_142205_HDR_cracked_bottle_batch_2611_customer.jpg",
            Core.Tests.Evidence.EvidenceSamples.PhonePhoto()) { Title = "Cracked anti-colic bottle with a rather long product name, customer photo", Source = "Customer via Tmall chat" }, trainer);
        return
        [
            ("dashboard", "/"), ("incident", $"/incidents/{key}"), ("open-incident", "/incidents/open"),
            ("my-work", "/my-work"), ("messages", $"/incidents/{key}/messages"),
            ("message-new", MessagePageTests.NewMessagePage(key)), ("message", message),
            ("playbooks", "/playbooks"), ("playbook", "/playbooks/product-recall"), ("playbook-import", "/playbooks/import"),
            ("exercises", "/exercises"), ("exercise-console", $"/exercises/{exercise.Id}"),
            ("people", "/admin/people"), ("users", "/admin/users"), ("tokens", "/admin/tokens"),
            ("organisation", "/admin/organisation"), ("regulators", "/admin/regulators"), ("settings", "/settings"),
            ("cases", "/cases"), ("case-new", "/cases/new"), ("case", $"/cases/{complaint}"), ("case-settings", "/admin/case-settings"),
            ("signals", "/signals"), ("signal", $"/signals/{signal}"), ("open-from-signal", $"/incidents/open?signal={signal}"), ("insights", "/insights"),
            ("intake-sources", "/admin/intake-sources"), ("signal-rules", "/admin/signal-rules"), ("follow-ups", "/follow-ups?status=all"),
            ("risks", "/risks"), ("risk", $"/risks/{risk}"), ("risk-new", "/risks/new"), ("risk-edit", $"/risks/{risk}/edit"),
            ("chat-channels", "/admin/chat"), ("chat-delivery", $"/admin/chat/deliveries/{chatDelivery}"), ("incident-chat", $"/incidents/{key}/chat"),
            ("status-page", $"/incidents/{key}/status"), ("status-subscriptions", "/admin/status-subscriptions"),
            ("evidence", $"/incidents/{key}/evidence"),
        ];
    }

    /// <summary>
    /// A DingTalk robot with a long name and address, switched off so that no other test's events queue for it, and a
    /// message dropped for it that lists long overdue steps: the delivery's id.
    /// </summary>
    private long LongChatChannel(string key)
    {
        var channels = fixture.Service<Core.Chat.ChatChannels>();
        var id = channels.All().FirstOrDefault(channel => channel.Name.StartsWith("recall-war-room", StringComparison.Ordinal))?.Id ?? channels.Add(new Core.Chat.NewChatChannel
        {
            Name = "recall-war-room-shanghai-and-hangzhou-customer-service", Kind = "dingtalk", Secret = "SEC0123456789abcdef",
            Url = "https://oapi.dingtalk.com/robot/send?access_token=5f1d2c3b4a5968778695a4b3c2d1e0f5f1d2c3b4a5968778695a4b3c2d1e0f",
        });
        channels.SetEnabled(id, false);
        var now = Core.Storage.Timestamps.Format(fixture.Server.Time.GetUtcNow());
        var chatEvent = System.Text.Json.JsonSerializer.Serialize(new
        {
            kind = Core.Chat.ChatEventKinds.StepOverdue, incidentKey = key, title = "Anti-colic bottles with a rather long product name crack after sterilising",
            severity = 1, language = "en", path = "/incidents/" + key, at = now,
            details = new { steps = "- Tell the provincial market regulator through the recall filing system within two working days\n- Pause every listing of batch 2611 on Tmall, JD and Pinduoduo" },
        });
        return fixture.Service<Core.Storage.Database>().InTransaction((connection, transaction) => Dapper.SqlMapper.ExecuteScalar<long>(connection,
            """
            INSERT INTO chat_deliveries (channel_id, event_id, event_kind, event, status, next_attempt_at, created_at)
            VALUES (@id, @eventId, @kind, @chatEvent, 'dropped', @now, @now) RETURNING id
            """, new { id, eventId = Guid.NewGuid().ToString(), kind = Core.Chat.ChatEventKinds.StepOverdue, chatEvent, now }, transaction));
    }

    /// <summary>A risk with a long title, an owner, controls, two playbooks and a scenario, and the recall opened from one of them.</summary>
    private long RiskWithEverything(string recallKey) => fixture.Service<RiskRegister>().Create(new RiskFields
    {
        Title = "Anti-colic bottles with a rather long product name crack after sterilising and must be recalled from every marketplace",
        Category = "recall", Likelihood = 4, Impact = 5, OwnerPersonId = fixture.Server.Quality.Id, ReviewDate = "2026-10-01",
        Description = $"Batch 2611 again: see {recallKey}. The provincial market regulator must hear within two working days.",
        Controls = "- Incoming inspection of every batch\n- Batch traceability to orders", Playbooks = ["product-recall", "negative-publicity"],
        Scenarios = ["recall-before-singles-day"],
    }, new Actor("admin", Roles.Admin));

    /// <summary>
    /// A signal with all a signal's page shows: a cluster on a batch with a long name, cases over several days with a
    /// safety word in one (a second signal, merged in), an alert, and an acknowledgement in its history; and an intake source.
    /// </summary>
    private long SignalWithEvidence()
    {
        var admin = new Actor("admin", Roles.Admin);
        var source = fixture.Service<IntakeSources>().Create($"weibo-monitor-{Guid.NewGuid():N}"[..24], CaseChannels.SocialMedia, admin).Source;
        var now = fixture.Server.Time.GetUtcNow();
        var batch = $"2611-BOTTLE-260ML-{Guid.NewGuid():N}"[..28];
        var sku = $"AB-260-ANTI-COLIC-{Guid.NewGuid():N}"[..24];
        fixture.Service<CaseBook>().LogMany([.. Enumerable.Range(0, 9).Select(i => new NewCase
        {
            Channel = i % 2 == 0 ? CaseChannels.Tmall : CaseChannels.Regulator12315, Category = CaseCategories.Safety, Batch = batch, Sku = i == 0 ? sku : null,
            Summary = i == 0 ? "宝宝喝奶时奶瓶底部突然破裂，热水溅出烫伤了手背，已去医院处理" : $"Bottle base cracked after sterilising, the third one this month ({i})",
            ReceivedAt = now.AddHours(-i * 5),
        })], CaseSources.Form, admin);
        fixture.Service<WebhookIntake>().TakeAlert(source, new IntakeAlert
        {
            Title = "Video of a cracked bottle trending on Douyin", Batch = batch, Severity = "high", Url = "https://douyin.example/video/7300000000000000000",
            Description = "120k views in 3 hours; comments name the batch.",
        });
        fixture.Service<EarlyWarning>().EvaluateAll();
        var queue = fixture.Service<SignalQueue>();
        var open = queue.List();
        var cluster = open.Single(signal => signal.Fired[0].Rule == SignalRuleKinds.Cluster && signal.Fired[0].Value == batch);
        queue.Merge(open.Single(signal => signal.Fired[0].Rule == SignalRuleKinds.SafetyWords && signal.Fired[0].Value == sku).Id, cluster.Id, admin);
        queue.Merge(open.Single(signal => signal.Fired[0].Rule == SignalRuleKinds.MonitoringAlert && signal.Fired[0].Value == batch).Id, cluster.Id, admin);
        queue.Acknowledge(cluster.Id, admin);
        return cluster.Id;
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task Every_page_fits_a_390px_phone(string language)
    {
        var pages = await PagesWithContent();
        var phone = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, BrowserFixture.Phone(language));
        var desktop = await fixture.SignedInPage("admin", CrisisServer.AdminPassword, BrowserFixture.Desktop(language));
        var signIn = await (await fixture.Browser.NewContextAsync(BrowserFixture.Phone(language))).NewPageAsync();
        var failures = new List<string>();

        async Task Check(IPage page, string name, string path)
        {
            await page.GotoAsync(fixture.Url(path));
            await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
            await BrowserFixture.Screenshot(page, $"fit-{name}-phone-{language}");
            try { await BrowserFixture.AssertFitsTheScreen(page); }
            catch (Xunit.Sdk.FailException problem) { failures.Add(problem.Message); }
            // Nor hidden in a table a thumb must scroll sideways: on a phone the rows read as cards.
            var hidden = await page.EvaluateAsync<int>("() => Math.max(0, ...[...document.querySelectorAll('.table-scroll')].map(e => e.scrollWidth - e.clientWidth))");
            if (hidden > 0) failures.Add($"{path}: a table scrolls sideways by {hidden}px on a 390px screen");
        }

        await Check(signIn, "signin", "/signin");
        foreach (var (name, path) in pages)
        {
            await Check(phone, name, path);
            await desktop.GotoAsync(fixture.Url(path));
            await BrowserFixture.Screenshot(desktop, $"fit-{name}-desktop-{language}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
