using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;
using Crisis.Core.Risks;
using Crisis.Core.Signals;

namespace Crisis.Web.Cli;

/// <summary>
/// A living system for a newcomer: a team, a recall in progress and a closed customs hold, the complaint cases customer
/// service logged before and during the recall, and the early-warning signals they raised as they came in (the one on
/// the cracked bottles seen, a new one on a bottle warmer waiting), made through the same use cases as real work, taken from a
/// container whose clock is the <see cref="SteppingClock"/>: moved into the past and stepped forward by hand, it gives
/// the timelines believable times. With <c>history</c>, fifteen months before them: a dozen closed incidents handled a
/// little faster each quarter, two earlier runs of the drill, and the complaints of each month, so the insights show
/// trends rather than single points.
/// </summary>
public sealed partial class DemoData(Accounts accounts, PeopleDirectory people, OpenIncident open, StepActions steps, IncidentLifecycle lifecycle,
    ImpactLog impact, PostIncidentReviews reviews, ExerciseRuns exercises, ScheduledInjects injects, CaseBook cases, CaseSettings caseSettings,
    EarlyWarning earlyWarning, SignalQueue signals, IncidentQueries incidents, PlaybookLibrary playbooks, Messages messages, OrganisationSettings organisation,
    RiskRegister risks, StarterRegister starterRisks, FollowUpBook followUps, Core.StatusUpdates.StatusSubscriptions statusSubscriptions,
    Core.Evidence.EvidenceBook evidence, DemoData.SteppingClock clock)
{
    public const string DefaultPassword = "crisis-demo-2026";

    /// <param name="history">
    /// Fifteen months of closed incidents, drills and complaints before the stories (<see cref="History"/>): what
    /// <c>crisis seed-demo</c> seeds; tests that walk every page of the demo leave it out.
    /// </param>
    public IReadOnlyList<string> Seed(string password, bool history = true)
    {
        if (accounts.FindUser("mei") is not null) throw new ConflictException("the demo data is already there (user 'mei' exists)");
        var team = new Dictionary<string, Person>
        {
            ["mei"] = people.Add(new NewPerson("Mei Chen", "mei@demo.example", "+86 138 0000 0001", ["commander", "comms"])),
            ["zhang"] = people.Add(new NewPerson("Zhang Min", "zhang@demo.example", "+86 138 0000 0002", ["quality"])),
            ["sophie"] = people.Add(new NewPerson("Sophie Martin", "sophie@demo.example", "+33 6 00 00 00 03", ["comms", "spokesperson"])),
            ["li"] = people.Add(new NewPerson("Li Wei", "li@demo.example", "+86 138 0000 0004", ["legal"])),
            ["wang"] = people.Add(new NewPerson("Wang Fang", "wang@demo.example", "+86 138 0000 0005", ["cs"], "zh-CN")),
            ["chen"] = people.Add(new NewPerson("Chen Jie", "chen@demo.example", "+86 138 0000 0006", ["ecommerce"])),
            ["liu"] = people.Add(new NewPerson("Liu Yang", "liu@demo.example", "+86 138 0000 0007", ["supply", "finance"])),
            ["lin"] = people.Add(new NewPerson("Lin Xiao", "lin@demo.example", "+86 138 0000 0008", ["cs"], "zh-CN")),
        };
        accounts.AddUser("mei", Roles.Commander, password, "mei@demo.example");
        accounts.AddUser("zhang", Roles.Responder, password, "zhang@demo.example");
        accounts.AddUser("sophie", Roles.Responder, password, "sophie@demo.example");
        // The rest of the team sign in too: what they tick and close reads under their names, not their sign-in names.
        foreach (var member in new[] { "li", "wang", "chen", "liu" }) accounts.AddUser(member, Roles.Responder, password, $"{member}@demo.example");
        accounts.AddUser("board", Roles.Viewer, password, "board@demo.example");
        // Leadership reads the status updates of every SEV1 by email, in Chinese, and can subscribe to any other incident's.
        var board = people.Add(new NewPerson("Gao Lei", "board@demo.example", null, [], "zh-CN"));
        statusSubscriptions.SubscribeStanding(board.Id, 1, null, new Actor("mei", Roles.Commander));
        accounts.AddUser("coach", Roles.Trainer, password, "coach@demo.example");
        accounts.AddUser("lin", Roles.Agent, password, "lin@demo.example");
        // The brand the demo's stories are about, as an admin sets it: the messages quote its name, hotline and email.
        organisation.Save(organisation.Stored() with
        {
            BrandName = "Aurora Baby", BrandNameChinese = "奥罗拉婴童", Website = "https://aurora.example", Hotline = "400-820-0000", Email = "care@aurora.example",
        }, new Actor("admin", Roles.Admin));

        var now = clock.GetUtcNow();
        if (history) History(team, now);
        var keys = new[] { ClosedCustomsHold(team, now.AddDays(-12)), FinishedExercise(team, now.AddDays(-3)), RecallInProgress(team, now.AddHours(-5)) };
        ComplaintCases(team, keys[2], now);
        LoadRisks(team);
        return keys;
    }

    /// <summary>The starter risk register, as a brand loads it, with owners given to the risks the demo's incidents are about.</summary>
    private void LoadRisks(Dictionary<string, Person> team)
    {
        var mei = new Actor("mei", Roles.Commander);
        risks.LoadStarter(starterRisks, "en", mei);
        var owners = new Dictionary<string, string> { ["product-recall"] = "zhang", ["supply-disruption"] = "liu", ["data-breach"] = "li", ["negative-publicity"] = "sophie" };
        foreach (var risk in risks.List().Where(risk => risk.StarterKey is { } key && owners.ContainsKey(key)))
            risks.Change(risk.Id, new RiskFields { OwnerPersonId = team[owners[risk.StarterKey!]].Id }, mei);
    }

    /// <summary>A complaint as customer service heard it, hours before the seeding's now, and what became of it.</summary>
    private sealed record DemoCase(double HoursAgo, string Channel, string Category, string Summary, string? Sku = null, string? Batch = null,
        string? OrderId = null, string? Customer = null, string? Phone = null, string? Address = null, string? Owner = null, bool AboutTheRecall = false,
        double? AnsweredAfterHours = null, string? Status = null, double? DoneAfterHours = null, string? Note = null);

    /// <summary>
    /// Cracked bottles of batch 2611 were complained of on RED, Tmall and JD a day before the recall opened; some of them
    /// are linked to it, the newest not yet. Around them: everyday cases, some resolved in time, one late, two overdue.
    /// The early warning looks at each as it comes in, as the server's worker does: the 12315 complaint's injured baby
    /// raised a signal the commander saw as the recall opened; a bottle warmer's smoking plug, this last hour, is new.
    /// </summary>
    private void ComplaintCases(Dictionary<string, Person> team, string recallKey, DateTimeOffset now)
    {
        caseSettings.Save(caseSettings.Read() with { LeadPersonId = team["wang"].Id }, new Actor("admin", Roles.Admin));
        DemoCase[] complaints =
        [
            new(240, CaseChannels.JD, CaseCategories.Counterfeit, "Customer believes the teether bought from a third-party JD store is fake: the logo print differs from ours.",
                Sku: "TT-05", Customer: "jd_lucas_w", Owner: "lin", AnsweredAfterHours: 3, Status: CaseStatuses.Closed, DoneAfterHours: 30,
                Note: "Not our stock: the store is not an authorised reseller. Reported to JD brand protection."),
            new(96, CaseChannels.Taobao, CaseCategories.Refund, "退款申请三天了还没有处理，客服一直说在核实。", Sku: "NB-11", OrderId: "2611094471",
                Customer: "tb_小鹿妈妈", Phone: "+86 137 1234 8890", Owner: "wang", AnsweredAfterHours: 10, Status: CaseStatuses.Resolved, DoneAfterHours: 80),
            new(50, CaseChannels.Tmall, CaseCategories.Delivery, "Order arrived five days late and the outer box was crushed; the gift set inside is fine.",
                Sku: "NB-11", OrderId: "3920004410", Customer: "tb_anna_sh", Owner: "lin", AnsweredAfterHours: 2, Status: CaseStatuses.Resolved, DoneAfterHours: 20),
            new(30, CaseChannels.Red, CaseCategories.Safety, "小红书笔记：奶瓶消毒后瓶底裂开，宝宝差点被划到。批次 2611，已有 40 多条评论说遇到同样的问题。",
                Sku: "AB-260", Batch: "2611", Customer: "小红书用户 糖糖妈", Owner: "lin", AboutTheRecall: true, AnsweredAfterHours: 1, Status: CaseStatuses.InProgress,
                Note: "已私信用户，请她保留奶瓶和包装，等待质量部取件。"),
            new(30, CaseChannels.OwnShop, CaseCategories.Privacy, "Customer received a marketing SMS a week after asking to be taken off the list.",
                Customer: "member 88213", Phone: "+86 135 0021 7788", Owner: "wang", AnsweredAfterHours: 3, Status: CaseStatuses.InProgress),
            new(26, CaseChannels.Tmall, CaseCategories.Quality, "Bottle cracked along the base after the first sterilisation. The customer sent photos and asks for a refund.",
                Sku: "AB-260", Batch: "2611", OrderId: "3920117745", Customer: "tb_mama_88", Phone: "138 0013 5678", Address: "广东省广州市天河区体育西路 1 号",
                Owner: "lin", AboutTheRecall: true, AnsweredAfterHours: 4, Status: CaseStatuses.WaitingForCustomer),
            new(20, CaseChannels.JD, CaseCategories.Safety, "奶瓶用开水烫过后出现裂纹，漏水烫到了手。要求退货并赔偿医药费。", Sku: "AB-260", Batch: "2611", OrderId: "JD-88120457",
                Customer: "jd_王女士", Phone: "139 2288 4410", Address: "上海市浦东新区张江路 88 号", Owner: "wang", AboutTheRecall: true, AnsweredAfterHours: 2,
                Status: CaseStatuses.InProgress),
            new(12, CaseChannels.Red, CaseCategories.Quality, "Nipple tears after a week of use; the mother posted photos of two torn nipples.", Sku: "NP-02", Batch: "2608",
                Customer: "red_hannah_b", Owner: "lin", AnsweredAfterHours: 5, Status: CaseStatuses.InProgress),
            new(8, CaseChannels.Hotline, CaseCategories.Safety, "Caller says the bottle burst in the steriliser and asks whether her other bottles from batch 2611 are safe to use.",
                Sku: "AB-260", Batch: "2611", Customer: "Ms Zhou", Phone: "+86 186 0101 2233", Owner: "lin", AboutTheRecall: true),
            new(6, CaseChannels.Regulator12315, CaseCategories.Safety, "消费者通过 12315 投诉：奶瓶破裂导致婴儿口腔轻微划伤，要求品牌召回同批次产品。", Sku: "AB-260", Batch: "2611",
                Customer: "12315 转办单 3301202611", Phone: "158 6600 2611", Address: "浙江省杭州市西湖区文三路 20 号", AboutTheRecall: true),
            new(5, CaseChannels.SocialMedia, CaseCategories.Service, "微博上有人说客服态度差、不给退货，已经转发 200 多次。", Customer: "微博 @奶爸日记", Owner: "wang"),
            new(4, CaseChannels.Douyin, CaseCategories.Quality, "直播间买的奶瓶底部有裂纹，和网上说的是同一个问题吗？", Sku: "AB-260", Batch: "2611", OrderId: "DY-5521904",
                Customer: "抖音用户 小满", Owner: "lin"),
            new(3.5, CaseChannels.WeChat, CaseCategories.Safety, "宝宝用的奶瓶裂了，是不是你们召回的那一批？批次号 2611。", Sku: "AB-260", Batch: "2611", Customer: "微信 林先生",
                Phone: "+86 131 7788 0611", Owner: "lin"),
            new(3, CaseChannels.Pinduoduo, CaseCategories.Quality, "Twin pack: both bottles cracked at the base after boiling.", Sku: "AB-260-2", Batch: "2611", OrderId: "PDD-240311-77",
                Customer: "pdd_user_5566"),
            new(2.5, CaseChannels.Tmall, CaseCategories.Quality, "温奶器用了十分钟插头就冒烟了，有一股焦味，已经不敢再用。", Sku: "BW-01", OrderId: "3920150012",
                Customer: "tb_暖暖妈"),
            new(1, CaseChannels.Hotline, CaseCategories.Other, "客户询问奶瓶能不能放进洗碗机清洗。", Sku: "AB-260", Customer: "陈女士", Phone: "+86 188 1234 0001", Owner: "lin",
                AnsweredAfterHours: 0.2, Status: CaseStatuses.Resolved, DoneAfterHours: 0.3),
            new(0.8, CaseChannels.JD, CaseCategories.Safety, "The bottle warmer's base got very hot and gave off smoke; the customer unplugged it and wants to know if it is safe.",
                Sku: "BW-01", OrderId: "JD-88127730", Customer: "jd_sam_k", Owner: "lin"),
        ];
        var linked = new List<long>();
        foreach (var complaint in complaints)
        {
            var receivedAt = now.AddHours(-complaint.HoursAgo);
            var agent = new Actor(complaint.Owner ?? "lin", Roles.Agent);
            clock.MoveTo(receivedAt.AddMinutes(6));
            var id = cases.Log(new NewCase
            {
                Channel = complaint.Channel, Category = complaint.Category, Summary = complaint.Summary, Sku = complaint.Sku, Batch = complaint.Batch,
                OrderId = complaint.OrderId, CustomerRef = complaint.Customer, CustomerPhone = complaint.Phone, CustomerAddress = complaint.Address,
                OwnerId = complaint.Owner is { } owner ? team[owner].Id : null, ReceivedAt = receivedAt,
            }, CaseSources.Form, new Actor("lin", Roles.Agent)).Id;
            if (complaint.AnsweredAfterHours is { } answered)
            {
                clock.MoveTo(receivedAt.AddHours(answered));
                cases.Change(id, new CaseChanges { Status = CaseStatuses.InProgress }, agent);
                if (complaint.Note is { } note) cases.Note(id, note, agent);
            }
            if (complaint.Status is { } status && status != CaseStatuses.InProgress)
            {
                clock.MoveTo(receivedAt.AddHours(complaint.DoneAfterHours ?? complaint.AnsweredAfterHours!.Value + 1));
                cases.Change(id, new CaseChanges { Status = status }, agent);
            }
            if (complaint.AboutTheRecall) linked.Add(id);
            clock.MoveTo(receivedAt.AddMinutes(6));
            earlyWarning.EvaluateAll();
        }
        // The commander linked the early complaints once the recall was open, and marked the signal on them as seen;
        // the newest complaints wait in the list for her.
        clock.MoveTo(now.AddHours(-4.5));
        cases.Link(linked, recallKey, new Actor("mei", Roles.Commander));
        foreach (var signal in signals.List().Where(signal => signals.Get(signal.Id).Cases.Any(@case => @case.Sku == "AB-260")))
            signals.Acknowledge(signal.Id, new Actor("mei", Roles.Commander));
        clock.MoveTo(now);
    }

    private string ClosedCustomsHold(Dictionary<string, Person> team, DateTimeOffset openedAt)
    {
        clock.MoveTo(openedAt);
        var key = OpenAsMei("supply-disruption", "Customs hold on 11.11 stock at Ningbo bonded warehouse", 2, new()
        {
            ["commander"] = team["mei"].Id, ["supply"] = team["liu"].Id, ["ecommerce"] = team["chen"].Id,
            ["cs"] = team["wang"].Id, ["legal"] = team["li"].Id, ["finance"] = team["liu"].Id, ["comms"] = team["sophie"].Id,
        });
        var completed = new[]
        {
            ("liu", "locate-stock", 1.5), ("chen", "count-orders-at-risk", 1), ("liu", "get-eta", 2), ("liu", "stock-cover", 1),
            ("li", "customs-reason", 3), ("mei", "confirm-severity", 1), ("mei", "first-sitrep", 1), ("chen", "limit-sales", 1),
            ("chen", "switch-to-presale", 2), ("liu", "allocate-stock", 4), ("liu", "split-shipments", 3), ("wang", "cs-script", 2),
            ("wang", "notify-buyers", 4), ("chen", "platform-relief", 10), ("chen", "update-promises", 2), ("wang", "watch-complaints", 12),
            ("liu", "supplier-notice", 6), ("liu", "approve-costs", 4), ("li", "fix-customs", 30), ("liu", "track-inbound", 24),
            ("liu", "source-substitute", 6), ("chen", "restore-listings", 40), ("liu", "reconcile-costs", 60), ("mei", "post-incident-review", 48),
        };
        foreach (var (who, step, hoursLater) in completed)
        {
            clock.Advance(TimeSpan.FromHours(hoursLater));
            steps.Complete(key, step, new Actor(who));
            if (step == "count-orders-at-risk")
                impact.Record(key, new ImpactFigures { OrdersAffected = 8_420, CustomersAffected = 7_960, Skus = "NB-11 gift box, NB-12 travel set", Batches = "Container MSKU 771204" }, new Actor("chen"));
            if (step == "watch-complaints")
                impact.Record(key, new ImpactFigures { ComplaintsPlatform = 214, Complaints12315 = 9, ComplaintsSocial = 57, RefundsIssued = 1_130, RefundAmount = 201_340m }, new Actor("wang"));
            if (step == "fix-customs") lifecycle.SetStatus(key, IncidentStatus.Contained, new Actor("mei"), "Customs released the stock after relabelling");
            if (step == "restore-listings")
                lifecycle.SetStatus(key, IncidentStatus.Resolved, new Actor("mei"), comment: null,
                    new OpenStepsAcknowledgement("Costs, the insurance claim and the review follow after the peak; finance and I own them"));
        }
        steps.Skip(key, "claim-losses", new Actor("liu"), "No transit loss: the goods were held, not damaged");
        WriteReview(key, team);
        clock.Advance(TimeSpan.FromHours(2));
        lifecycle.SetStatus(key, IncidentStatus.Closed, new Actor("mei"), "Review held; peak-season plan updated with a second forwarder");
        return key;
    }

    /// <summary>What customer service and quality kept when the evidence was preserved: the customer's email and the chat in which she reported it.</summary>
    private void AttachRecallEvidence(string key, DateTimeOffset openedAt)
    {
        var received = openedAt.AddMinutes(-40).ToOffset(TimeSpan.FromHours(8));
        var email = string.Join("\r\n",
            "Received: from mx.example.cn by mail.aurora.example; " + received.ToString("ddd, d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0800",
            "From: =?UTF-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("李娜")) + "?= <lina.2611@example.cn>",
            "To: care@aurora.example",
            "Subject: =?UTF-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("奶瓶消毒后瓶底开裂（订单 3920117745）")) + "?=",
            "Date: " + received.ToString("ddd, d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0800",
            "Message-ID: <2611-3920117745@example.cn>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "你好，",
            "",
            "我在天猫旗舰店买的防胀气奶瓶（批次 2611），按说明书用沸水消毒后，瓶底沿着边缘裂开了，孩子差点被烫到。",
            "订单号 3920117745。照片已在旺旺发给客服。请尽快处理，并告诉我同批次的另一只奶瓶还能不能用。",
            "",
            "李娜",
            "");
        evidence.Add(key, new Core.Evidence.NewEvidence("奶瓶开裂投诉-3920117745.eml", System.Text.Encoding.UTF8.GetBytes(email))
        {
            Title = "Customer's email: bottle cracked after sterilising (order 3920117745)", Source = "care@aurora.example mailbox",
            CollectedBy = "Wang Fang", CollectedAt = received, AttachedTo = Core.Evidence.EvidenceAttachments.Step, AttachedRef = "preserve-evidence",
        }, new Actor("wang"));
        var chat = string.Join("\n",
            "天猫旺旺聊天记录导出 · 店铺：Aurora 母婴旗舰店 · 买家：tb_lina2611",
            $"{received.AddMinutes(-25):yyyy-MM-dd HH:mm:ss} tb_lina2611：奶瓶消毒完瓶底裂了，看图",
            $"{received.AddMinutes(-25):yyyy-MM-dd HH:mm:ss} tb_lina2611：[图片]",
            $"{received.AddMinutes(-23):yyyy-MM-dd HH:mm:ss} 客服小芳：非常抱歉！请问是哪个批次？瓶身底部有印的数字",
            $"{received.AddMinutes(-21):yyyy-MM-dd HH:mm:ss} tb_lina2611：2611",
            $"{received.AddMinutes(-20):yyyy-MM-dd HH:mm:ss} 客服小芳：收到，已登记，我们会在 24 小时内联系您处理退款，请先停止使用同批次奶瓶。",
            "");
        evidence.Add(key, new Core.Evidence.NewEvidence("wangwang-tb_lina2611.txt", System.Text.Encoding.UTF8.GetBytes(chat))
        {
            Title = "Tmall Wangwang chat with the customer, batch 2611", Source = "Tmall Wangwang chat export",
            CollectedBy = "Wang Fang", CollectedAt = received.AddMinutes(-20), AttachedTo = Core.Evidence.EvidenceAttachments.Step, AttachedRef = "preserve-evidence",
        }, new Actor("wang"));
    }

    private string RecallInProgress(Dictionary<string, Person> team, DateTimeOffset openedAt)
    {
        clock.MoveTo(openedAt);
        var key = OpenAsMei("product-recall", "Cracked baby bottles when sterilised, batch 2611 (Tmall, JD)", 1, new()
        {
            ["commander"] = team["mei"].Id, ["quality"] = team["zhang"].Id, ["comms"] = team["sophie"].Id,
            ["legal"] = team["li"].Id, ["cs"] = team["wang"].Id, ["ecommerce"] = team["chen"].Id,
        });
        clock.Advance(TimeSpan.FromMinutes(20));
        steps.Note(key, "confirm-defect", new Actor("zhang"), "Three RED posts with photos; two returns from Tmall show the same crack along the base.");
        foreach (var (who, step, minutes) in new[]
        {
            ("chen", "pause-tmall-taobao", 15), ("chen", "pause-jd", 10), ("chen", "pause-pinduoduo", 10), ("chen", "pause-listings", 5),
            ("zhang", "confirm-defect", 50), ("mei", "route-to-own-playbook", 5), ("sophie", "start-monitoring", 10), ("chen", "hold-unshipped", 40), ("zhang", "preserve-evidence", 30),
            ("mei", "classify-hazard", 20), ("mei", "first-sitrep", 15), ("sophie", "holding-statement", 35),
        })
        {
            clock.Advance(TimeSpan.FromMinutes(minutes));
            steps.Complete(key, step, new Actor(who));
            if (step == "route-to-own-playbook")
                steps.Note(key, step, new Actor("mei"), "Bottles stay under SAMR Order 19: the county market regulator confirmed it in writing in 2025 (letter on file).");
            if (step == "confirm-defect")
                impact.Record(key, new ImpactFigures { OrdersAffected = 1_204, ComplaintsPlatform = 11, ComplaintsSocial = 3, Batches = "2611" }, new Actor("zhang"));
            if (step == "preserve-evidence") AttachRecallEvidence(key, openedAt);
        }
        impact.Record(key, new ImpactFigures { OrdersAffected = 3_180, CustomersAffected = 2_950, ComplaintsPlatform = 38, Complaints12315 = 2, ComplaintsSocial = 16, Note = "JD and Pinduoduo order exports added" }, new Actor("chen"));
        steps.Block(key, "stop-sale", new Actor("mei"), "Factory in Dongguan unreachable until 08:00 local time; importer told in writing");
        steps.Start(key, "count-units", new Actor("zhang"));
        clock.Advance(TimeSpan.FromMinutes(25));
        lifecycle.AssignRole(key, "supply", team["liu"].Id, new Actor("mei"));
        return key;
    }

    /// <summary>A recall drill the trainer ran and ended: some expectations met, one late, some missed, with notes and a hot wash.</summary>
    private static readonly Actor Coach = new("coach", Roles.Trainer, "coach@demo.example");

    private (long Id, string Key) StartDrill(Dictionary<string, Person> team, DateTimeOffset startedAt)
    {
        clock.MoveTo(startedAt);
        return exercises.Start(new StartExercise("recall-before-singles-day", new Dictionary<string, long>
        {
            ["commander"] = team["mei"].Id, ["quality"] = team["zhang"].Id, ["comms"] = team["sophie"].Id, ["ecommerce"] = team["chen"].Id,
            ["legal"] = team["li"].Id, ["cs"] = team["wang"].Id, ["supply"] = team["liu"].Id,
        }, ClockModes.Real), Coach);
    }

    /// <summary>Exercise time passes: the clock moves and the injects due by then are released, as the server's worker releases them.</summary>
    private void DrillTimePasses(int minutes)
    {
        clock.Advance(TimeSpan.FromMinutes(minutes));
        injects.ReleaseDue();
    }

    private string FinishedExercise(Dictionary<string, Person> team, DateTimeOffset startedAt)
    {
        var (id, key) = StartDrill(team, startedAt);
        DrillTimePasses(12);
        steps.Complete(key, "start-monitoring", new Actor("sophie"));
        DrillTimePasses(6);
        steps.Complete(key, "confirm-defect", new Actor("zhang"));
        DrillTimePasses(16);
        steps.Complete(key, "pause-listings", new Actor("chen"));
        DrillTimePasses(6);
        exercises.Observe(id, "Comms drafted the holding statement before legal had the facts; legal sent it back twice.", Coach);
        DrillTimePasses(12);
        steps.Complete(key, "quarantine-stock", new Actor("liu"));
        DrillTimePasses(18);
        steps.Complete(key, "first-sitrep", new Actor("mei"));
        exercises.Observe(id, "The sitrep was clear, but nobody owned the regulator question until the trainer asked.", Coach);
        DrillTimePasses(20);
        exercises.End(id, Coach);
        exercises.GiveFeedback(id, new Actor("zhang", Roles.Responder, "zhang@demo.example"), "Confirming the defect with photos and batch numbers went fast.", "We did not know who talks to SAMR.", 4);
        exercises.GiveFeedback(id, new Actor("chen", Roles.Responder, "chen@demo.example"), "Pausing all four platforms from one list worked.", "The pause came after the 20-minute target; JD's tool was slow.", 3);
        exercises.GiveFeedback(id, new Actor("sophie", Roles.Responder, "sophie@demo.example"), "The holding statement template saved time.", "Legal review of statements needs a faster path.", 4);
        return key;
    }

    private string OpenAsMei(string playbookId, string title, int severity, Dictionary<string, long> roles) =>
        open.Execute(new OpenIncidentRequest(playbookId, title, severity, roles), new Actor("mei"));

    private void WriteReview(string key, Dictionary<string, Person> team)
    {
        var review = reviews.Open(key, new Actor("mei"));
        clock.Advance(TimeSpan.FromHours(3));
        review = reviews.Edit(key, new ReviewContent
        {
            Summary = "Customs held 11.11 stock for 31 hours over a labelling mismatch. We limited sales, moved 8,420 orders to pre-sale and shipped from two other warehouses; no order was cancelled by us, and complaints peaked on day two.",
            CustomerImpact = "Buyers of the gift box and travel set waited **up to four days** longer than promised. Most accepted a coupon; 1,130 asked for a refund.",
            RevenueImpact = "About CNY 0.9 million of 11.11 sales moved into December; CNY 201,340 refunded.",
            RegulatorsNotified = "None required: no product safety issue. Ningbo customs handled the relabelling.",
            RootCause = "The Chinese back label printed at the factory did not match the importer's filing after a formula change.",
            FiveWhys = ["The goods were held", "The label did not match the filing", "The formula changed after the filing", "Label changes are not checked against filings", "Nobody owns that check before peak season"],
            WentWell = "- Listings switched to pre-sale within two hours\n- Customer service had a script before the first complaint",
            WentPoorly = "- The first ETA we gave buyers was wrong by two days\n- Costs were approved a day late",
            Lucky = "A second forwarder had space on the next vessel.",
            Lessons = "Check labels against filings whenever a formula changes, and book a second forwarder before peak season.",
        }, review.Version, new Actor("mei"));
        review = reviews.AddAction(key, new ActionItem { Title = "Add a label-versus-filing check to the product change process", OwnerPersonId = team["li"].Id, DueDate = DateOnly.FromDateTime(clock.GetUtcNow().AddDays(30).UtcDateTime), PlaybookChange = "supply-disruption" }, review.Version, new Actor("mei"));
        review = reviews.AddAction(key, new ActionItem { Title = "Contract a second forwarder for peak season", OwnerPersonId = team["liu"].Id, DueDate = DateOnly.FromDateTime(clock.GetUtcNow().AddDays(45).UtcDateTime), Status = ActionStatus.InProgress }, review.Version, new Actor("liu"));
        review = reviews.SubmitForReview(key, review.Version, new Actor("mei"));
        clock.Advance(TimeSpan.FromHours(20));
        reviews.Publish(key, review.Version, new Actor("mei"));
    }

    /// <summary>The seeding's clock: it starts at the real time, and each story moves it to its start and forward by hand.</summary>
    public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void MoveTo(DateTimeOffset at) => _now = at;

        public void Advance(TimeSpan by) => _now += by;
    }
}
