using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Pdf.Tests;
using Crisis.Web.Cli;
using Microsoft.Extensions.Configuration;

namespace Crisis.Web.Tests.Pages;

/// <summary>The real server with the demo data seeded as <c>crisis seed-demo</c> seeds it.</summary>
public sealed class DemoServer : CrisisServer
{
    /// <summary>The demo's incidents: the closed customs hold, the finished recall exercise, the recall in progress.</summary>
    public IReadOnlyList<string> Keys { get; private set; } = [];

    /// <summary>Drafts on the recall in progress: an English customer notice and a Chinese holding statement.</summary>
    public IReadOnlyList<long> Messages { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // As the CLI seeds: a container of its own over the same database, whose clock steps through the stories.
        var clock = new DemoData.SteppingClock(Time.GetUtcNow());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crisis"] = $"Data Source={Path.Combine(Folder, "crisis.db")}",
            ["Crisis:Playbooks"] = PlaybookFolder,
            ["Crisis:Notifications:Enabled"] = "false",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCrisis(configuration)
            .AddSingleton<TimeProvider>(clock).BuildServiceProvider();
        // Without the fifteen months of history: the walks below would follow hundreds of past complaints and incidents of the same pages.
        Keys = ActivatorUtilities.CreateInstance<DemoData>(services, clock).Seed(DemoData.DefaultPassword, history: false);
        // The demo drafts no message; two drafts on the recall give the walk message pages in both languages.
        var messages = Services.GetRequiredService<Messages>();
        var mei = new Actor("mei");
        Messages = [
            messages.Draft(Keys[2], new DraftRequest("recall-customer-notice", "en", ["buyers@demo.example"], new Dictionary<string, string>
            {
                ["product"] = "Anti-colic baby bottle 260 ml", ["batches"] = "2611", ["hazard"] = "The bottle can crack when sterilised.",
                ["how_to_identify"] = "The batch number is printed on the base.", ["remedy"] = "A full refund or a new bottle, collected free.",
                ["model"] = "AB-260", ["quantity"] = "3,180 units", ["scope"] = "Tmall and JD, mainland China", ["recall_start"] = "5 November 2026",
                ["recall_end"] = "4 May 2027", ["maker"] = "Aurora Baby Products Co., Ltd.", ["maker_address"] = "88 Example Road, Shanghai", ["filing_number"] = "SH-2026-0417",
            }, "publish-recall-notice"), mei).Id,
            messages.Draft(Keys[2], new DraftRequest("holding-statement", "zh-CN", [], new Dictionary<string, string>
            {
                ["situation"] = "我们收到消费者反映 2611 批次奶瓶在消毒后出现裂纹。", ["actions"] = "已暂停销售。", ["next_update"] = "今天 18:00 前",
                ["legal_entity"] = "奥罗拉婴童用品（上海）有限公司", ["media_contact"] = "周琳，021-6000 0000，press@aurora.example", ["statement_date"] = "2026年11月2日",
            }, "holding-statement"), mei).Id,
        ];
    }
}

/// <summary>
/// Issue 13's "done when": every page reachable by following links from the dashboard, and every report linked from
/// them (PDF and Markdown), in English and Chinese, shows people words, never the identifiers behind them, and in
/// Chinese punctuates as Chinese does.
/// </summary>
public sealed partial class VisibleWordsTests(DemoServer server) : IClassFixture<DemoServer>
{
    private const int MostPagesPerWalk = 600;
    private const string MarkdownMark = "a Markdown mark";

    public static TheoryData<string, string> Walks => new()
    {
        { "admin", "en" }, { "admin", "zh-CN" },
        { "mei", "en" }, { "mei", "zh-CN" },
        { "coach", "en" }, { "coach", "zh-CN" },
        { "board", "en" }, { "board", "zh-CN" },
        { "lin", "en" }, { "lin", "zh-CN" },
    };

    [Theory]
    [MemberData(nameof(Walks))]
    public async Task Every_page_and_report_of_the_demo_shows_words_not_identifiers(string user, string language)
    {
        using var browser = user == "admin"
            ? await Browser.SignedInAsUser(server, "admin", CrisisServer.AdminPassword, language)
            : await Browser.SignedInAsUser(server, user, DemoData.DefaultPassword, language);
        var forbidden = Forbidden();
        if (language == "zh-CN") forbidden.AddRange(AsciiPunctuationInChinese);
        var findings = new List<string>();
        var visited = new HashSet<string>();
        var choicesTried = new HashSet<string>();
        var queue = new Queue<string>(["/"]);
        var reports = 0;
        while (queue.TryDequeue(out var path))
        {
            if (!visited.Add(path)) continue;
            Assert.True(visited.Count <= MostPagesPerWalk, $"more than {MostPagesPerWalk} pages: the walk does not end");
            using var response = await browser.Get(path);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                if (response.Headers.Location is { } location && Local(location.OriginalString) is { } next) queue.Enqueue(next);
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            var bytes = await response.Content.ReadAsByteArrayAsync();
            string text;
            if (type == "text/html")
            {
                var html = Encoding.UTF8.GetString(bytes);
                foreach (Match link in Href().Matches(html))
                {
                    if (Local(WebUtility.HtmlDecode(link.Groups[1].Value)) is { } next && !visited.Contains(next)) queue.Enqueue(next);
                }
                foreach (var query in GetFormQueries(html, path.Split('?')[0], choicesTried))
                {
                    if (Local(query) is { } next && !visited.Contains(next)) queue.Enqueue(next);
                }
                text = VisibleText(html);
            }
            else if (type == "application/pdf")
            {
                reports++;
                text = PdfFiles.Text(bytes);
            }
            else if (type == "text/csv")
            {
                // A table download: its commas separate the cells, each cell is read on its own.
                reports++;
                text = Encoding.UTF8.GetString(bytes).Replace(',', '\n');
            }
            else if (type.StartsWith("text/", StringComparison.Ordinal))
            {
                reports++;
                text = Encoding.UTF8.GetString(bytes);
            }
            else continue;
            foreach (var (what, pattern) in forbidden)
            {
                // A Markdown export is Markdown: its marks are its syntax, not marks left in a text.
                if (type == "text/markdown" && what == MarkdownMark) continue;
                foreach (Match match in pattern.Matches(text))
                    findings.Add($"{path}: {what} '{match.Value}' in “{Around(text, match)}”");
            }
        }
        Assert.True(visited.Count > 30 && reports > 3, $"the walk reached only {visited.Count} pages and {reports} reports");
        Assert.True(findings.Count == 0, $"{findings.Count} identifiers shown to {user} ({language}):\n{string.Join("\n", findings.Distinct().Take(200))}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_timeline_and_the_exercise_name_roles_by_their_titles(string language)
    {
        // The demo's incidents were opened from English playbooks: their roles carry the English titles in either language,
        // but an exercise's, whose players each read it in their language, the titles of the playbook's twin in the reader's.
        // The timeline tells the hand-off in the review's sentence.
        var handOff = language == "en" ? "made Liu Yang the Supply chain and logistics lead" : "担任Supply chain and logistics lead";
        var injectRoles = language == "en" ? "Quality lead, Communications lead" : "质量负责人、传播负责人";
        using var mei = await Browser.SignedInAsUser(server, "mei", DemoData.DefaultPassword, language);
        var recall = VisibleText(await mei.Html($"/incidents/{server.Keys[2]}"));
        Assert.Contains(handOff, recall);
        Assert.DoesNotContain("supply: Liu Yang", recall);

        var exercise = VisibleText(await mei.Html($"/incidents/{server.Keys[1]}"));
        Assert.Contains(injectRoles, exercise);
        Assert.DoesNotContain("@quality", exercise);
    }

    [Theory]
    [InlineData("en", "Mei Chen drafted", "drafted by Mei Chen", "Times in ", "English", "Customer recall notice")]
    [InlineData("zh-CN", "Mei Chen 起草了", "Mei Chen 起草", "时间为", "英文", "消费者召回通知")]
    public async Task A_messages_history_tells_its_events_in_the_sentences_of_the_incidents_timeline(string language, string drafted, string draftedBy, string zone,
        string messageLanguage, string templateTitle)
    {
        using var mei = await Browser.SignedInAsUser(server, "mei", DemoData.DefaultPassword, language);
        var html = await mei.Html($"/messages/{server.Messages[0]}");
        var history = VisibleText(html[html.IndexOf("id=\"message-history\"", StringComparison.Ordinal)..]);
        var sentence = Regex.Match(history, Regex.Escape(drafted) + ".*");
        Assert.True(sentence.Success, history);
        Assert.Contains(zone, history);
        Assert.Contains(sentence.Value, VisibleText(await mei.Html($"/incidents/{server.Keys[2]}")));
        Assert.Contains(draftedBy, VisibleText(html));
        // What the message is, in the reader's words: the language it is written in and the template it came from.
        var about = VisibleText(Regex.Match(html, "<p class=\"meta\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value).Split('\n');
        Assert.Contains(messageLanguage, about);
        Assert.Contains(about, line => line.StartsWith(templateTitle, StringComparison.Ordinal));

        var list = VisibleText(await mei.Html($"/incidents/{server.Keys[2]}/messages"));
        Assert.Contains("Mei Chen", list);
        Assert.DoesNotMatch(@"(?m)^mei$", list);
    }

    [Theory]
    [InlineData("en", "Supply disruption")]
    [InlineData("zh-CN", "供应中断")]
    public async Task The_reviews_actions_and_impact_log_name_the_playbook_and_the_person_not_an_id_or_an_account(string language, string playbook)
    {
        // The demo's closed incident has an action item that names the playbook to change by its id, and an impact log Wang Fang wrote last.
        using var mei = await Browser.SignedInAsUser(server, "mei", DemoData.DefaultPassword, language);
        var key = server.Keys[0];
        var page = VisibleText(await mei.Html($"/incidents/{key}/review"));
        Assert.Contains(playbook, page);
        Assert.DoesNotContain("supply-disruption", page);
        foreach (var file in new[] { "review.pdf", "review.md" })
        {
            using var download = await mei.Get($"/incidents/{key}/export?file={file}&lang={language}");
            var bytes = await download.Content.ReadAsByteArrayAsync();
            var text = file.EndsWith(".pdf", StringComparison.Ordinal) ? PdfFiles.Text(bytes) : Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("supply-disruption", text);
            Assert.DoesNotMatch(@"\bwang\b", text);
            Assert.DoesNotMatch(@"\((legal|supply)\)", text); // an owner is a person, not a person and a role key
        }
    }

    [Fact]
    public async Task The_console_expects_steps_and_messages_by_their_text_and_title()
    {
        using var coach = await Browser.SignedInAsUser(server, "coach", DemoData.DefaultPassword);
        var exercises = await coach.Html("/exercises");
        var console = Regex.Match(exercises, "href=\"(/exercises/\\d+)\"").Groups[1].Value;
        var text = VisibleText(await coach.Html(console));
        Assert.Contains("Expect Confirm the defect and list the affected SKUs, batches and barcodes within 30m", text);
        Assert.Contains("Expect Holding statement for media within 30m", text);
        Assert.Contains("Quality lead, Communications lead", text);
        Assert.DoesNotContain("tpl:", text);
        Assert.DoesNotContain("Expect confirm-defect", text);
    }

    [Theory]
    [InlineData("en", "en", "Information involved", "Which of their personal information is involved", "Still missing: Information involved, What happened, ")]
    [InlineData("zh-CN", "zh-CN", "涉及的信息种类", "涉及的个人信息种类", "仍缺少：涉及的信息种类、事件经过、")]
    // A Chinese reader drafting the English notice is asked in Chinese; the message is still the English one.
    [InlineData("zh-CN", "en", "涉及的信息种类", "涉及的个人信息种类", "仍缺少：涉及的信息种类、事件经过、")]
    public async Task A_new_message_labels_its_fields_in_the_readers_language_and_names_what_is_missing_by_label(string reader, string messageLanguage,
        string label, string help, string missing)
    {
        using var mei = await Browser.SignedInAsUser(server, "mei", DemoData.DefaultPassword, reader);
        var text = VisibleText(await mei.Html($"/incidents/{server.Keys[2]}/messages/new?template=breach-notice&language={messageLanguage}"));
        Assert.Contains(label, text);
        Assert.Contains(help, text);
        Assert.Contains($"[[{label}]]", text);
        Assert.Contains(missing, text);
        Assert.DoesNotContain("data_types", text);
        Assert.DoesNotContain("breach-notice", text);
        if (reader == "zh-CN") Assert.DoesNotContain("Information involved", text);
        if (messageLanguage == "en") Assert.Contains("Dear customer", text);
    }

    /// <summary>What must never be read: Markdown marks, event kinds, role keys as written in playbooks, playbook and template
    /// ids and the names of the shipped templates' variables.</summary>
    private static List<(string What, Regex Pattern)> Forbidden()
    {
        var repository = CrisisServer.RepositoryFolder;
        var playbooks = Directory.GetFiles(Path.Combine(repository, "playbooks"), "*.md").Select(path => PlaybookParser.ParseFile(path)).Select(r => r.Playbook).ToList();
        var templates = Directory.GetFiles(Path.Combine(repository, "templates"), "*.md").Select(path => TemplateParser.ParseFile(path)).Select(r => r.Template).ToList();
        var roleKeys = playbooks.SelectMany(p => p.Roles).Select(r => r.Key).Distinct().ToList();
        var variables = templates.SelectMany(t => t.Variables).Select(v => v.Name).Where(n => n.Contains('_')).Distinct().ToList();
        Assert.NotEmpty(roleKeys);
        Assert.NotEmpty(variables);
        var list = new List<(string, Regex)>
        {
            // Two stars, not the four of a masked phone number (138****5678).
            (MarkdownMark, new Regex(@"(?<!\*)\*\*(?!\*)|__")),
            ("a template reference", new Regex(@"\btpl:")),
        };
        list.AddRange(EventKinds.All.Select(kind => ("an event kind", Token(kind))));
        list.AddRange(roleKeys.Select(key => ("a role key", new Regex($@"(?<![\w@.-])@{Regex.Escape(key)}\b|(?<![\p{{L}}\p{{N}} \t_.-]){Regex.Escape(key)}:(?!//)", RegexOptions.Multiline))));
        list.AddRange(playbooks.Select(p => p.Id).Distinct().Select(id => ("a playbook id", Token(id))));
        list.AddRange(templates.Select(t => t.Id).Distinct().Select(id => ("a template id", Token(id))));
        list.AddRange(variables.Select(name => ("a variable name", Token(name))));
        // A case's status and clock keys of several words; a one-word key (new, met) or a channel's (social-media) is also English prose.
        list.AddRange(CaseStatuses.All.Concat(CaseClockStates.All).Where(key => key.Contains('-')).Select(key => ("a case key", Token(key))));
        list.AddRange(new[] { "orderId", "customerRef", "customerPhone", "customerAddress" }.Select(field => ("a case field", Token(field))));
        return list;
    }

    /// <summary>
    /// What a Chinese reader must not read: ASCII punctuation at Chinese words, where Chinese writes "：" and "（…）", and
    /// Chinese words listed with ", " where Chinese lists with "、".
    /// </summary>
    private static readonly (string What, Regex Pattern)[] AsciiPunctuationInChinese =
    [
        ("an ASCII colon after Chinese", new Regex(@"\p{IsCJKUnifiedIdeographs}\s*:(?!//)")),
        ("ASCII brackets at Chinese", new Regex(@"\p{IsCJKUnifiedIdeographs}\s*[()]|\(\s*\p{IsCJKUnifiedIdeographs}")),
        ("a Chinese list joined with a comma", new Regex(@"\p{IsCJKUnifiedIdeographs}, ?\p{IsCJKUnifiedIdeographs}")),
    ];

    private static Regex Token(string identifier) => new($@"(?<![\w.-]){Regex.Escape(identifier)}(?![\w-])");

    /// <summary>The text a person reads: tags gone (so attributes too), script, style and editors' contents dropped, each element on its own line.</summary>
    public static string VisibleText(string html)
    {
        var withoutCode = ScriptOrStyle().Replace(html, "\n");
        var text = Tag().Replace(withoutCode, "\n");
        return string.Join("\n", WebUtility.HtmlDecode(text).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
    }

    /// <summary>The local path a link leads to, or null for one that leaves the site, signs out, is an API, a file or a fragment.</summary>
    private static string? Local(string href)
    {
        if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal)) return null;
        var path = href.Split('#')[0];
        if (path.Length == 0) return null;
        // Each step links to the evidence page with itself chosen in "attach to": the same page, walked once.
        if (path.Contains("/evidence?attach=", StringComparison.Ordinal)) path = path.Split('?')[0];
        // An evidence file is what a customer or a lab wrote, not Crisis's words; the bundle zips the review walked already.
        if (path.Contains("/evidence?", StringComparison.Ordinal) && (path.Contains("handler=File", StringComparison.Ordinal) || path.Contains("handler=Bundle", StringComparison.Ordinal))) return null;
        string[] skipped = ["/signout", "/api/", "/hubs/", "/css/", "/js/", "/lib/", "/favicon"];
        return skipped.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) ? null : path;
    }

    /// <summary>Where each GET form leads (filters, report exports): every option of each of its lists in turn, the other
    /// fields as the page fills them in. Each option of a form is tried once in a walk (<paramref name="tried"/>): on a
    /// page a filter led to, the form holds that filter, and trying every option again there would try every combination
    /// of the case list's filters.</summary>
    private static IEnumerable<string> GetFormQueries(string html, string page, HashSet<string> tried)
    {
        foreach (Match form in Form().Matches(html))
        {
            var attributes = form.Groups[1].Value;
            if (!attributes.Contains("method=\"get\"", StringComparison.OrdinalIgnoreCase)) continue;
            var action = Attribute(attributes, "action") is { Length: > 0 } target ? WebUtility.HtmlDecode(target).Split('?')[0] : page;
            var fields = new List<(string Name, string Default, List<string> Options)>();
            foreach (Match field in Field().Matches(form.Groups[2].Value))
            {
                var name = Attribute(field.Groups[2].Value, "name");
                if (name is null) continue;
                if (field.Groups[1].Value.Equals("select", StringComparison.OrdinalIgnoreCase))
                {
                    var options = Option().Matches(field.Groups[3].Value).Where(o => !o.Value.Contains(" disabled")).ToList();
                    var values = options.Select(o => WebUtility.HtmlDecode(Attribute(o.Groups[1].Value, "value") ?? "")).ToList();
                    var selected = options.FirstOrDefault(o => Regex.IsMatch(o.Groups[1].Value, @"\bselected\b"));
                    var chosen = selected is null ? values.FirstOrDefault() ?? "" : WebUtility.HtmlDecode(Attribute(selected.Groups[1].Value, "value") ?? "");
                    fields.Add((name, chosen, values));
                }
                else if (Attribute(field.Groups[2].Value, "value") is { } value)
                {
                    fields.Add((name, WebUtility.HtmlDecode(value), []));
                }
            }
            string Query(string name, string value) => action + "?" + string.Join("&", fields.Where(f => f.Default.Length > 0 || f.Name == name)
                .Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Name == name ? value : f.Default)}"));
            yield return Query("", "");
            foreach (var (name, _, options) in fields)
            {
                foreach (var option in options.Where(o => o.Length > 0 && tried.Add($"{action}?{name}={o}"))) yield return Query(name, option);
            }
        }
    }

    private static string? Attribute(string attributes, string name) =>
        Regex.Match(attributes, $@"\b{name}=""([^""]*)""") is { Success: true } match ? match.Groups[1].Value : null;

    private static string Around(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 40);
        var end = Math.Min(text.Length, match.Index + match.Length + 40);
        return text[start..end].Replace('\n', ' ');
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    // An editor's contents are the source a person writes (Markdown in a message's text box), and innerText leaves them out too.
    [GeneratedRegex(@"<(script|style|template|textarea)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex(@"<(input|select)\b([^>]*)>(?:(.*?)</select>)?", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Field();

    [GeneratedRegex(@"<option\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Option();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
