using System.Net;
using Crisis.Core.Accounts;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Reviews;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// An exercise started from the English recall drill, read in Chinese: the console, the start form and the exercise's
/// incident page name roles, phases and steps as the product-recall playbook's zh-CN twin does, not as the English one.
/// </summary>
[Collection(nameof(CrisisServer))]
public class ExerciseLanguageTests(CrisisServer server)
{
    private const string ConfirmDefect = "Confirm the defect and list the affected SKUs, batches and barcodes";
    private const string ConfirmDefectInChinese = "确认缺陷，列出受影响的 SKU、批次和条形码";

    private (long Id, string Key) StartEnglishDrill()
    {
        var trainer = new Actor("trainer-user", Roles.Trainer);
        var runs = server.Services.GetRequiredService<ExerciseRuns>();
        var started = runs.Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id }, ClockModes.Manual), trainer);
        runs.ReleaseNow(started.Id, "first-reports-on-red", trainer);
        return started;
    }

    [Fact]
    public async Task The_console_names_roles_and_expected_steps_as_the_chinese_twin_does()
    {
        var (id, _) = StartEnglishDrill();
        using var trainer = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "zh-CN");

        var console = await trainer.Html($"/exercises/{id}");

        Assert.Contains("传播负责人", console);
        Assert.Contains(ConfirmDefectInChinese, console);
        Assert.DoesNotContain("Communications lead", console);
        Assert.DoesNotContain(ConfirmDefect, console);

        using var english = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "en");
        var englishConsole = await english.Html($"/exercises/{id}");
        Assert.Contains("Communications lead", englishConsole);
        Assert.Contains(ConfirmDefect, englishConsole);
    }

    [Fact]
    public async Task The_exercise_incident_page_names_roles_phases_and_steps_as_the_chinese_twin_does()
    {
        var (_, key) = StartEnglishDrill();
        using var player = await Browser.SignedInAs(server, Roles.Responder, acceptLanguage: "zh-CN");

        var page = await player.Html($"/incidents/{key}");

        Assert.Contains("质量负责人", page);
        Assert.Contains(ConfirmDefectInChinese, page);
        Assert.Contains("评估", page);
        Assert.DoesNotContain("Quality lead", page);
        Assert.DoesNotContain(ConfirmDefect, page);
        Assert.DoesNotContain(">Assess<", page);
        Assert.Contains("<strong>【演练】</strong>此为演练，非真实事件。", page);
        Assert.Contains("开始后0分钟", page); // the inject released at T+0m, in words
        Assert.DoesNotContain("T+0m", page);

        using var english = await Browser.SignedInAs(server, Roles.Responder, acceptLanguage: "en");
        var englishPage = await english.Html($"/incidents/{key}");
        Assert.Contains(ConfirmDefect, englishPage);
        Assert.Contains("<strong>EXERCISE</strong>", englishPage);
    }

    [Fact]
    public async Task My_work_shows_the_exercise_steps_in_the_readers_language()
    {
        var (_, key) = StartEnglishDrill();
        using var player = await Browser.SignedInAs(server, Roles.Responder, acceptLanguage: "zh-CN"); // Zhang Min, the quality lead

        var mine = ItemsOf(key, await player.Html("/my-work"));

        Assert.Contains(mine, item => item.Contains(ConfirmDefectInChinese));
        Assert.DoesNotContain(mine, item => item.Contains(ConfirmDefect));

        using var english = await Browser.SignedInAs(server, Roles.Responder, acceptLanguage: "en");
        Assert.Contains(ItemsOf(key, await english.Html("/my-work")), item => item.Contains(ConfirmDefect));
    }

    [Fact]
    public async Task A_chinese_trainer_adds_an_action_item_in_chinese()
    {
        var (id, key) = StartEnglishDrill();
        server.Services.GetRequiredService<ExerciseRuns>().End(id, new Actor("trainer-user", Roles.Trainer)); // confirming the defect is missed
        using var trainer = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "zh-CN");

        using var added = await trainer.PostForm($"/exercises/{id}", $"/exercises/{id}?handler=ActionItem",
            new() { ["expectation"] = "first-reports-on-red/confirm-defect", ["ownerPersonId"] = server.Quality.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var action = Assert.Single(server.Services.GetRequiredService<PostIncidentReviews>().Get(key)!.Actions);
        Assert.Equal($"小红书出现首批投诉：“{ConfirmDefectInChinese}”未达成；请针对这一环节再做演练，必要时修改预案步骤或模板", action.Title);
        Assert.Contains("演练已结束，改进计划已记录", await trainer.Html($"/incidents/{key}"));
    }

    [Fact]
    public async Task The_console_names_trainers_releases_observers_and_players_as_the_timeline_does_not_by_account()
    {
        var accounts = server.Service<Accounts>();
        var people = server.Service<Crisis.Core.People.PeopleDirectory>();
        accounts.AddUser("drill-lead", Roles.Trainer, "a long password", "liu.yang@example.com");
        people.Add(new Crisis.Core.People.NewPerson("Liu Yang", "liu.yang@example.com"));
        accounts.AddUser("co-trainer-chen", Roles.Trainer, "a long password", "chen.jie@example.com");
        people.Add(new Crisis.Core.People.NewPerson("Chen Jie", "chen.jie@example.com"));
        var drillLead = new Actor("drill-lead", Roles.Trainer);
        var runs = server.Service<ExerciseRuns>();
        // On a real clock the exercise clock releases the T+0 inject as the exercise starts.
        var (id, _) = runs.Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id }, ClockModes.Real), drillLead);
        runs.AddCoTrainer(id, "co-trainer-chen", drillLead);
        runs.ReleaseNow(id, "tmall-store-manager-asks-what-to-do", drillLead);
        runs.Observe(id, "Quality asked for retained samples", new Actor("co-trainer-chen", Roles.Trainer));
        runs.OverrideScore(id, "first-reports-on-red/start-monitoring", true, "Monitoring ran from the start", drillLead);
        runs.End(id, drillLead);
        runs.GiveFeedback(id, new Actor("responder-user", Roles.Responder, "responder@example.com"), "Fast pause", "Slow statement", 4);

        using var trainer = await Browser.SignedInAsUser(server, "drill-lead", "a long password", acceptLanguage: "zh-CN");
        var console = TextOf(await trainer.Html($"/exercises/{id}"));

        Assert.Contains("Liu Yang", console);
        Assert.Contains("Chen Jie", console);
        Assert.Contains("由 演练时钟 下发", console);
        Assert.Contains("由 Liu Yang 下发", console);
        Assert.Contains("Chen Jie</strong> · Quality asked", console);
        Assert.Contains("Liu Yang：Monitoring ran", console); // a Chinese page joins a label and its value with "："
        Assert.Contains("Zhang Min</strong> · 4/5", console);
        foreach (var account in new[] { "drill-lead", "co-trainer-chen", "exercise clock", "responder-user" })
            Assert.DoesNotContain(account, console);

        using var englishTrainer = await Browser.SignedInAsUser(server, "drill-lead", "a long password", acceptLanguage: "en");
        Assert.Contains("by the exercise clock", TextOf(await englishTrainer.Html($"/exercises/{id}")));
    }

    [Fact]
    public async Task The_after_action_report_names_trainers_observers_and_players_as_the_console_does_not_by_account()
    {
        var accounts = server.Service<Accounts>();
        var people = server.Service<Crisis.Core.People.PeopleDirectory>();
        accounts.AddUser("report-lead", Roles.Trainer, "a long password", "wu.lei@example.com");
        people.Add(new Crisis.Core.People.NewPerson("Wu Lei", "wu.lei@example.com"));
        accounts.AddUser("report-cotrainer", Roles.Trainer, "a long password", "he.ping@example.com");
        people.Add(new Crisis.Core.People.NewPerson("He Ping", "he.ping@example.com"));
        var lead = new Actor("report-lead", Roles.Trainer);
        var runs = server.Service<ExerciseRuns>();
        var (id, _) = runs.Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id }, ClockModes.Manual), lead);
        runs.AddCoTrainer(id, "report-cotrainer", lead);
        runs.Observe(id, "Retained samples asked for at once", new Actor("report-cotrainer", Roles.Trainer));
        runs.End(id, lead);
        runs.GiveFeedback(id, new Actor("responder-user", Roles.Responder, "responder@example.com"), "Fast pause", "Slow statement", 4);

        using var reader = await Browser.SignedInAs(server, Roles.Viewer);
        using var report = await reader.Get($"/exercises/{id}/after-action");
        var text = Crisis.Pdf.Tests.PdfFiles.Text(await report.Content.ReadAsByteArrayAsync());

        Assert.Contains("Wu Lei, He Ping", text);
        Assert.Contains("He Ping Retained samples", text);
        Assert.Contains("Zhang Min 4/5", text);
        foreach (var account in new[] { "report-lead", "report-cotrainer", "responder-user" })
            Assert.DoesNotContain(account, text);
    }

    [Theory]
    [InlineData("en", "Ma Li does not run exercises", "Gao Yan already runs this exercise.", "Sign out (Gao Yan)")]
    [InlineData("zh-CN", "Ma Li 不负责演练", "Gao Yan 已在主持本次演练。", "退出（Gao Yan）")]
    public async Task Co_trainer_refusals_and_the_top_bar_name_the_person_not_the_account(string language, string notATrainer, string alreadyRuns, string signOut)
    {
        var accounts = server.Service<Accounts>();
        var people = server.Service<Crisis.Core.People.PeopleDirectory>();
        if (accounts.FindUser("refusal-lead") is null)
        {
            accounts.AddUser("refusal-lead", Roles.Trainer, "a long password", "gao.yan@example.com");
            people.Add(new Crisis.Core.People.NewPerson("Gao Yan", "gao.yan@example.com"));
            accounts.AddUser("refusal-viewer", Roles.Viewer, "a long password", "ma.li@example.com");
            people.Add(new Crisis.Core.People.NewPerson("Ma Li", "ma.li@example.com"));
        }
        var (id, _) = server.Service<ExerciseRuns>().Start(new StartExercise("recall-before-singles-day",
            new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id }, ClockModes.Manual), new Actor("refusal-lead", Roles.Trainer));
        using var trainer = await Browser.SignedInAsUser(server, "refusal-lead", "a long password", acceptLanguage: language);

        foreach (var (name, refusal) in new[] { ("refusal-viewer", notATrainer), ("refusal-lead", alreadyRuns) })
        {
            using var _ = await trainer.PostForm($"/exercises/{id}", $"/exercises/{id}?handler=AddCoTrainer", new() { ["name"] = name });
            var console = await trainer.Html($"/exercises/{id}");
            Assert.Contains(refusal, TextOf(console));
            Assert.Contains(signOut, console);
            Assert.DoesNotContain(name, TextOf(console));
        }
    }

    /// <summary>
    /// The recall drill on a real clock with the listings paused in time, so the escalation at T+55m is skipped; and a
    /// second drill whose skip was stored as English words, as it was before skips were stored as data.
    /// </summary>
    private (long Skipped, long SkippedBefore) DrillsWithTheEscalationSkipped()
    {
        var trainer = new Actor("trainer-user", Roles.Trainer);
        var runs = server.Service<ExerciseRuns>();
        var participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id };
        var (id, key) = runs.Start(new StartExercise("recall-before-singles-day", participants, ClockModes.Manual), trainer);
        runs.ReleaseNow(id, "tmall-store-manager-asks-what-to-do", trainer);
        server.Service<StepActions>().Complete(key, "pause-listings", new Actor("commander-user", Roles.Commander));
        var (before, _) = runs.Start(new StartExercise("recall-before-singles-day", participants, ClockModes.Manual), trainer);
        using (var connection = server.Service<Crisis.Core.Storage.Database>().Open())
        {
            connection.Execute("UPDATE exercises SET clock = 'real' WHERE id = @id", new { id });
            connection.Execute("UPDATE exercise_injects SET skipped_reason = 'pause-listings was met' WHERE exercise_id = @before AND inject_id = @inject",
                new { before, inject = Escalation });
        }
        server.Time.Advance(TimeSpan.FromHours(1));
        server.Service<ScheduledInjects>().ReleaseDue();
        return (id, before);
    }

    private const string Escalation = "escalation-if-listings-are-still-up";

    [Fact]
    public async Task A_skipped_inject_says_why_in_the_readers_language_on_the_console_and_in_the_report()
    {
        var (id, before) = DrillsWithTheEscalationSkipped();
        Assert.Equal(new InjectSkip("pause-listings", WasMet: true), server.Service<ExerciseRuns>().Get(id).Injects.Single(state => state.Inject.Id == Escalation).Skipped);
        using var chinese = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "zh-CN");
        using var english = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "en");

        foreach (var exercise in new[] { id, before })
        {
            Assert.Contains("已跳过：在所有电商平台下架受影响商品 已达成", TextOf(await chinese.Html($"/exercises/{exercise}")));
            var englishConsole = TextOf(await english.Html($"/exercises/{exercise}"));
            Assert.Contains("skipped: Take the affected listings offline on every marketplace was met", englishConsole);
            Assert.DoesNotContain("pause-listings", englishConsole);
        }
        using var report = await chinese.Get($"/exercises/{id}/after-action?lang=zh-CN");
        var text = string.Concat(Crisis.Pdf.Tests.PdfFiles.Text(await report.Content.ReadAsByteArrayAsync()).Where(c => !char.IsWhiteSpace(c)));
        // PdfPig reads the table line by line across the row, and the page's EXERCISE mark letter by letter within it.
        // A wrapped cell's lines interleave with the next column's, so the reason may be split where the cell wraps.
        Assert.Matches("已跳过：在.*所有.*电商平台下架受影响商品已达成", System.Text.RegularExpressions.Regex.Replace(text, "[A-Z]", ""));
        Assert.DoesNotContain("pause-listings", text);
    }

    /// <summary>What a page's main part shows to read, tags and their attributes (form values among them) left out but names kept bold.</summary>
    private static string TextOf(string page) =>
        System.Text.RegularExpressions.Regex.Replace(page[page.IndexOf("<main", StringComparison.Ordinal)..page.IndexOf("</main>", StringComparison.Ordinal)],
            "<(?!/?strong>)[^>]*>", "");

    /// <summary>The items of My work that are steps of the incident <paramref name="key"/>.</summary>
    private static List<string> ItemsOf(string key, string myWork) =>
        myWork.Split("<li class=\"work-item").Where(item => item.Contains($"/incidents/{key}#")).ToList();

    [Fact]
    public async Task Starting_a_scenario_with_errors_is_refused_in_chinese_naming_its_title_and_first_error()
    {
        var file = Path.Combine(server.PlaybookFolder, "exercises", "broken-drill.md");
        File.WriteAllText(file, """
            ---
            id: Broken Drill
            title: Cracked caps drill
            playbook: product-recall
            severity: SEV2
            duration: 30m
            ---

            Caps crack on the line.

            ## T+0m First report @quality
            A parent posts a photo of a cracked cap.
            expect: confirm-defect within 30m
            """);
        try
        {
            using var trainer = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "zh-CN");
            using var refused = await trainer.PostForm("/exercises", "/exercises", new()
            {
                ["scenario"] = "broken-drill", ["language"] = "en", ["clock"] = ClockModes.Manual, ["participants[quality]"] = server.Quality.Id.ToString(),
            });

            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains("<li>演练情景“Cracked caps drill”有错误，修正之前无法开始：id“Broken Drill”必须是小写短名：只能用小写字母、数字和单个“-”。</li>", html);
            Assert.DoesNotContain("has errors", html);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_start_form_names_the_english_scenarios_roles_in_chinese()
    {
        using var trainer = await Browser.SignedInAs(server, Roles.Trainer, acceptLanguage: "zh-CN");

        using var response = await trainer.Get("/exercises?scenario=recall-before-singles-day&language=en");
        var form = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("质量负责人", form);
        Assert.DoesNotContain("Quality lead", form);
    }
}
