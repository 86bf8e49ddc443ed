using System.Net;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// What a reviewer walking an incident in Chinese found half English: labels before a value or a count, a step's
/// deadline and a key-event marking. Each now reads as Chinese writes it, and the English timeline reads as English.
/// On a server of its own, whose organisation is in Beijing time.
/// </summary>
public sealed partial class ChineseReadingTests(CrisisServer server) : IClassFixture<CrisisServer>
{
    private static readonly Actor Commander = new("commander-user", Roles.Commander);

    /// <summary>The page's text as it reads on one line: tags gone, so "<strong>事件指挥官</strong>：" reads "事件指挥官：".</summary>
    private static string Read(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    [Fact]
    public async Task An_incident_in_chinese_writes_full_width_colons_and_brackets_after_its_labels()
    {
        var key = server.Service<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "奶瓶消毒后开裂", 1, Language: "zh-CN"), Commander);
        using var commander = await Browser.SignedInAs(server, Roles.Commander, acceptLanguage: "zh-CN");

        var page = Read(await commander.Html($"/incidents/{key}"));

        Assert.Matches("事件指挥官：(未指派|\\S)", page);
        Assert.Matches(@"截止 \d{4}-\d\d-\d\d \d\d:\d\d UTC（", page);
        Assert.Contains("消息（0）", page);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}\s*[:(]", page);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}, \p{IsCJKUnifiedIdeographs}", page);

        var work = Read(await commander.Html("/my-work"));
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}\s*[:(]", work);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
