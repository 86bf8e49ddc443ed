using Crisis.Core.Organisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages;

/// <summary>The reader's time zone, kept in a cookie; without one, times follow the organisation's zone.</summary>
public sealed class SettingsModel(OrganisationSettings organisation) : PageModel
{
    public const string TimeZoneCookie = "crisis.tz";

    // The zones a team selling into China most often works from, then every other zone the system knows.
    private static readonly string[] Common = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC"];

    /// <summary>The zones a reader or the organisation can choose: the common ones first.</summary>
    public static IReadOnlyList<string> ZoneChoices { get; } = Common
        .Concat(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Order())
        .Distinct()
        .ToList();

    public IReadOnlyList<string> Zones => ZoneChoices;

    public string? Current { get; private set; }

    public string OrganisationZone => organisation.Current().TimeZone;

    public void OnGet() => Current = Request.Cookies[TimeZoneCookie];

    public IActionResult OnPost(string? timeZone)
    {
        if (string.IsNullOrEmpty(timeZone)) Response.Cookies.Delete(TimeZoneCookie);
        else if (Zones.Contains(timeZone))
        {
            Response.Cookies.Append(TimeZoneCookie, timeZone, PageHelpers.PreferenceCookie(Request));
        }
        return RedirectToPage();
    }
}
