using System.Globalization;
using Crisis.Core.Cases;
using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Cases;

/// <summary>A channel's clocks as the form shows them: hours, which may have a fraction (0.5 for half an hour).</summary>
public sealed class ClockHours
{
    public decimal? Response { get; set; }
    public decimal? Resolution { get; set; }

    public static ClockHours Of(ChannelClock clock) => new() { Response = Hours(clock.Response), Resolution = Hours(clock.Resolution) };

    public static decimal Hours(TimeSpan span) => Math.Round((decimal)span.TotalHours, 2);

    /// <summary>Left empty, a clock is none at all, which the case settings refuse beside the field.</summary>
    public ChannelClock For(string channel) =>
        new(channel, TimeSpan.FromMinutes((double)Math.Round((Response ?? 0) * 60)), TimeSpan.FromMinutes((double)Math.Round((Resolution ?? 0) * 60)));
}

/// <summary>
/// What an admin sets for complaint cases: each channel's response and resolution clocks, how long a resolved case
/// keeps its customer's personal data, and the customer-service team lead told when a case misses its clock.
/// </summary>
public sealed class CaseSettingsModel(CaseSettings settings, PeopleDirectory people, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    [BindProperty] public Dictionary<string, ClockHours> Clocks { get; set; } = [];
    [BindProperty] public int? RetentionDays { get; set; }
    [BindProperty] public long? LeadPersonId { get; set; }

    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The lead in force (saved), for the warnings above the form.</summary>
    public Person? Lead { get; private set; }

    public void OnGet()
    {
        var current = settings.Read();
        Clocks = current.Clocks.ToDictionary(clock => clock.Channel, ClockHours.Of);
        RetentionDays = current.RetentionDays;
        LeadPersonId = current.LeadPersonId;
        Load(current);
    }

    public IActionResult OnPost()
    {
        var clocks = CaseChannels.All.Select(channel => Clocks.GetValueOrDefault(channel, new ClockHours()).For(channel)).ToList();
        if (!PageAction.TryFormChange(this, () => settings.Save(new CaseSettingsValues(clocks, RetentionDays ?? 0, LeadPersonId), User.Actor())))
        {
            Load(settings.Read());
            return Page();
        }
        StatusMessage = localizer["Saved. New cases get these clocks; cases already logged keep theirs."];
        return RedirectToPage();
    }

    /// <summary>A channel's shipped clocks, for the reader to see what they changed.</summary>
    public static string Shipped(string channel) => string.Format(CultureInfo.CurrentCulture, "{0} / {1}",
        ClockHours.Hours(CaseClocks.Defaults[channel].Response), ClockHours.Hours(CaseClocks.Defaults[channel].Resolution));

    private void Load(CaseSettingsValues current)
    {
        People = people.List();
        Lead = People.FirstOrDefault(person => person.Id == current.LeadPersonId);
    }
}
