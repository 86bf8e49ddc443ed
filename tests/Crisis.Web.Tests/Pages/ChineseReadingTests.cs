using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// What a reviewer walking an incident in Chinese found half English: labels before a value or a count, a step's
/// deadline and a key-event marking. Each now reads as Chinese writes it, and the English timeline reads as English.
/// On a server of its own, whose organisation is in Beijing time.
/// </summary>
public sealed partial class ChineseReadingTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    /// <summary>The page's text as it reads on one line: tags gone, so "<strong>总指挥</strong>：" reads "总指挥：".</summary>
    private static string Read(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    [Fact]
    public async Task An_incident_in_chinese_writes_full_width_colons_and_brackets_after_its_labels()
    {
        var key = server.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "奶瓶消毒后开裂", 1, Language: "zh-CN"), Commander);
        using var commander = await Browser.SignedInAs(server, Roles.Commander, acceptLanguage: "zh-CN");

        var html = await commander.Html($"/incidents/{key}");
        var page = Read(html);

        Assert.Contains("<span class=\"badge sev-1\">一级</span>", html); // the level in words; the class keeps the number
        Assert.Matches("总指挥：(未指派|\\S)", page);
        Assert.Matches(@"截止 \d{4}-\d\d-\d\d \d\d:\d\d UTC（", page);
        Assert.Contains("消息（0）", page);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}\s*[:(]", page);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}, \p{IsCJKUnifiedIdeographs}", page);

        var work = Read(await commander.Html("/my-work"));
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}\s*[:(]", work);
    }

    [Fact]
    public async Task A_key_event_marking_names_the_event_by_when_and_what_happened_in_either_language()
    {
        var organisation = server.Service<OrganisationSettings>();
        organisation.Save(organisation.Stored() with { TimeZone = "Asia/Shanghai" }, Commander);
        var key = server.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "奶瓶消毒后开裂", 1, Language: "zh-CN"), Commander);
        server.Service<StepActions>().Complete(key, "confirm-defect", Commander);
        var completed = server.Service<Timeline>().Read(key).Single(e => e.Kind == EventKinds.StepCompleted);
        server.Service<KeyEvents>().Mark(key, completed.Seq, isKey: true, Commander);
        var at = completed.At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        using var chinese = await Browser.SignedInAs(server, Roles.Commander, acceptLanguage: "zh-CN");
        var page = Read(await chinese.Html($"/incidents/{key}"));
        Assert.Contains($"将 {at} 的记录标为关键节点：commander-user 完成了“确认缺陷", page);
        Assert.DoesNotContain($"第 {completed.Seq} 条", page);

        using var english = await Browser.SignedInAs(server, Roles.Commander);
        Assert.Contains($"marked the event at {at} as a key event: commander-user completed \"", Read(await english.Html($"/incidents/{key}")));
    }

    [Fact]
    public async Task The_english_timeline_names_an_audience_as_a_sentence_does()
    {
        var key = await server.OpenRecallAsync();
        server.Service<Messages>().Draft(key, new DraftRequest("recall-customer-notice", "en", [], new Dictionary<string, string>()), Commander);
        server.Service<Messages>().Draft(key, new DraftRequest("regulator-report", "en", [], new Dictionary<string, string>()), Commander);

        using var english = await Browser.SignedInAs(server, Roles.Commander);
        var page = Read(await english.Html($"/incidents/{key}"));

        Assert.Matches("drafted \"[^\"]+\" for customers\\.", page);
        Assert.Matches("drafted \"[^\"]+\" for the regulator\\.", page);
        Assert.DoesNotMatch("for (Customers|Regulator)\\.", page);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
