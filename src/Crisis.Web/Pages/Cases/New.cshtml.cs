using System.Globalization;
using Crisis.Core.Cases;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Cases;

/// <summary>
/// A complaint logged by a customer-service agent, most often on a phone between calls: channel and category as
/// choices in words, the summary, and when the customer complained, which starts the clocks (now, in the brand's time
/// zone, unless changed). The case is the agent's own unless they give it to someone else.
/// </summary>
public sealed class NewModel(CaseBook book, PeopleDirectory people, OrganisationSettings organisation, TimeProvider time,
    IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    /// <summary>How a datetime-local field writes a moment (to the minute), in <see cref="Zone"/>.</summary>
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? OrderId { get; set; }
    [BindProperty] public string? Sku { get; set; }
    [BindProperty] public string? Batch { get; set; }
    [BindProperty] public string? CustomerRef { get; set; }
    [BindProperty] public string? CustomerPhone { get; set; }
    [BindProperty] public string? CustomerAddress { get; set; }
    [BindProperty] public string? OwnerId { get; set; }
    [BindProperty] public string? ReceivedAt { get; set; }

    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The brand's time zone (<see cref="OrganisationSettings.TimeZone"/>), which the received time is typed in.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Now in <see cref="Zone"/>, the latest a complaint can have come in.</summary>
    public string Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    public void OnGet()
    {
        Load();
        ReceivedAt = Now;
        OwnerId = CaseChoices.Me(People, User.Actor().Email)?.Id.ToString(CultureInfo.InvariantCulture) ?? CaseChoices.None;
    }

    public IActionResult OnPost()
    {
        Load();
        CaseLogged? logged = null;
        if (!PageAction.TryFormChange(this, () => logged = book.Log(new NewCase
            {
                Channel = Channel, Category = Category, Summary = Summary, OrderId = OrderId, Sku = Sku, Batch = Batch, CustomerRef = CustomerRef,
                CustomerPhone = CustomerPhone, CustomerAddress = CustomerAddress, OwnerId = Owner(), ReceivedAt = Received(),
            }, CaseSources.Form, User.Actor())))
            return Page();
        StatusMessage = localizer["Case logged. Its clocks run from when the customer complained."];
        return RedirectToPage("/Cases/Show", new { id = logged!.Id });
    }

    private long? Owner() => CaseChoices.TryPerson(OwnerId, out var owner) ? owner : throw Problem("ownerId", localizer["Choose who owns the case."]);

    /// <summary>The received time typed in the brand's zone, as a moment; left empty, now.</summary>
    private DateTimeOffset? Received()
    {
        if (string.IsNullOrWhiteSpace(ReceivedAt)) return null;
        try
        {
            if (DateTime.TryParseExact(ReceivedAt, [LocalFormat, LocalFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone));
        }
        catch (ArgumentException)
        {
            // A time the clocks skip when summer time starts: no such moment.
        }
        throw Problem("receivedAt", localizer["Enter a date and time, such as {0}.", Now.Replace('T', ' ')]);
    }

    /// <summary>A field the form reads before the case book does, refused in the reader's words beside it.</summary>
    private static Core.RuleViolationException Problem(string field, string words) => new(words) { Field = field };

    private void Load()
    {
        People = people.List();
        Zone = organisation.TimeZone();
    }
}
