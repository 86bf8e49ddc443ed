using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Web.Pages;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Crisis.Web;

public static partial class PageHelpers
{
    /// <summary>Whether the signed-in user's role grants <paramref name="permission"/>: the same table the API uses.</summary>
    public static bool Can(this ClaimsPrincipal user, string permission) =>
        user.FindFirstValue(ClaimTypes.Role) is { } role && Permissions.Allows(role, permission);

    /// <summary>The signed-in user as the use cases record them.</summary>
    public static Actor Actor(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "unknown", user.FindFirstValue(ClaimTypes.Role), user.FindFirstValue(ClaimTypes.Email) is { Length: > 0 } email ? email : null);

    /// <summary>
    /// The zone every time on a page is shown in: the one the reader chose under Settings, else the organisation's. One
    /// zone for the whole page, so the timeline (written on the server) and the deadlines (site.js) read the same clock.
    /// </summary>
    public static TimeZoneInfo ReaderZone(HttpContext context) =>
        ChosenZone(context)
        ?? OrganisationSettings.FindZone(context.RequestServices.GetRequiredService<OrganisationSettings>().Current().TimeZone)
        ?? TimeZoneInfo.Utc;

    /// <summary>The zone the reader chose under Settings; null when they chose none.</summary>
    public static TimeZoneInfo? ChosenZone(HttpContext context) =>
        context.Request.Cookies[SettingsModel.TimeZoneCookie] is { Length: > 0 } chosen ? OrganisationSettings.FindZone(chosen) : null;

    /// <summary>A UTC time as a &lt;time&gt; element; site.js shows it in the reader's time zone (<see cref="ReaderZone"/>).</summary>
    public static IHtmlContent Time(DateTimeOffset? at, string css = "")
    {
        if (at is not { } value) return HtmlString.Empty;
        return new HtmlString($"<time datetime=\"{Iso(value)}\" data-local class=\"{css}\">{SharedTexts.UtcTime(value)}</time>");
    }

    /// <summary>A time in <paramref name="zone"/> as a &lt;time&gt; element that stays so, for a list that names its zone once.</summary>
    public static IHtmlContent TimeIn(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? new HtmlString($"<time datetime=\"{Iso(value)}\">{SharedTexts.LocalTime(value, zone)}</time>") : HtmlString.Empty;

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Items as a list reads in the reader's language (<see cref="SharedTexts.List"/>).</summary>
    public static string List(IEnumerable<string> items) => SharedTexts.List(items, CultureInfo.CurrentUICulture);

    /// <summary>
    /// A localized format around markup: the words and punctuation are the reader's language's ("{0}: {1}" or "{0}：{1}",
    /// "due {0} ({1})" or "截止 {0}（{1}）"), written as text; each part is markup written as it is, such as a Razor
    /// template (<c>@&lt;strong&gt;@role.Name&lt;/strong&gt;</c>) holding a time or a span a script fills in.
    /// </summary>
    public static IHtmlContent WithMarkup(this LocalizedString format, params Func<object?, object>[] parts)
    {
        var html = new HtmlContentBuilder();
        var written = 0;
        foreach (Match placeholder in Placeholder().Matches(format.Value))
        {
            html.Append(format.Value[written..placeholder.Index]);
            html.AppendHtml((IHtmlContent)parts[int.Parse(placeholder.Groups[1].Value, CultureInfo.InvariantCulture)](null));
            written = placeholder.Index + placeholder.Length;
        }
        return html.Append(format.Value[written..]);
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    /// <summary>The person behind an account a record names (who drafted or approved a message), as the timeline names them.</summary>
    public static string PersonOf(StoryNames names, string? account) =>
        account is null ? "" : EventStory.ActorName(account, names, CultureInfo.CurrentUICulture);

    /// <summary>A cookie that remembers a reader's choice (language, time zone) for a year: never read by scripts, Secure under HTTPS.</summary>
    public static CookieOptions PreferenceCookie(HttpRequest request) => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        HttpOnly = true,
        Secure = request.IsHttps,
    };

    /// <summary>An optional form field: trimmed, or null when left blank.</summary>
    public static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A step's deadline token (+2wd) as the reader says it ("2 working days", "2个工作日").</summary>
    public static string DeadlineSpan(string due) =>
        Core.Playbooks.Deadline.TryParse(due, out var deadline) ? deadline.Describe(System.Globalization.CultureInfo.CurrentUICulture) : due;

    /// <summary>
    /// A stored code said in words by its shared text (<paramref name="prefix"/> "chat-kind:" and "wecom"), or the code
    /// itself when it has none (a newer version's, a damaged row's): never the text's key.
    /// </summary>
    public static string Named(string prefix, string code) => SharedTexts.Find(prefix + code, CultureInfo.CurrentUICulture) ?? code;

    /// <summary>A word of the shared texts (a channel, a status) in the reader's language.</summary>
    public static string Word(string key) => SharedTexts.Get(key, CultureInfo.CurrentUICulture);

    /// <summary>A day as the reader writes it: 1 Dec, 12月1日.</summary>
    public static string Day(DateOnly day) =>
        day.ToString(SharedTexts.IsChinese(CultureInfo.CurrentUICulture) ? "M月d日" : "d MMM", CultureInfo.CurrentUICulture);

    /// <summary>A date with its year as the reader writes it: 31 Mar 2027, 2027年3月31日.</summary>
    public static string Date(DateOnly day) =>
        day.ToString(SharedTexts.IsChinese(CultureInfo.CurrentUICulture) ? "yyyy年M月d日" : "d MMM yyyy", CultureInfo.CurrentUICulture);

    /// <summary>A severity as the reader says it: "SEV1", "一级" (<see cref="SharedTexts.Severity"/>).</summary>
    public static string SeverityName(int severity) => SharedTexts.Severity(severity, CultureInfo.CurrentUICulture);

    /// <summary>Markdown from playbooks, guidance, notes and messages, sanitised (see <see cref="Core.Text.SafeMarkdown"/>).</summary>
    public static IHtmlContent Markdown(string? markdown) => new HtmlString(Core.Text.SafeMarkdown.ToHtml(markdown));

    private static readonly Dictionary<string, string> CategoryNames = new()
    {
        ["recall"] = "Product recall",
        ["food-safety"] = "Food safety",
        ["cosmetics"] = "Cosmetics safety",
        ["data-breach"] = "Data breach",
        ["supply-disruption"] = "Supply disruption",
        ["complaint-surge"] = "Complaint surge",
        ["reputation"] = "Reputation",
        ["counterfeit"] = "Counterfeit and grey-market goods",
        ["pricing-error"] = "Price error",
        ["platform-penalty"] = "Platform penalty",
        ["regulatory"] = "Regulator action",
        ["site-safety"] = "Site safety",
        ["outage"] = "Sales-day outage",
        ["other"] = "Other",
    };

    /// <summary>The English display name of a playbook category, to be localised by the view.</summary>
    public static string CategoryName(string category) => CategoryNames.GetValueOrDefault(category, category);
}
