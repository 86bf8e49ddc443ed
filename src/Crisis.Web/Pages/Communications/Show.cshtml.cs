using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Communications;

/// <summary>One message: what it says, its approval, where each email stands, and its history.</summary>
public sealed class ShowModel(Messages messages, IncidentQueries queries, Timeline timeline, PeopleDirectory people, Accounts accounts,
    TemplateLibrary templates, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    public MessageView Message { get; private set; } = null!;
    public IncidentDetails Incident { get; private set; } = null!;

    /// <summary>The message's events, newest first, told as the incident's timeline tells them, in the page's <see cref="Zone"/>.</summary>
    public IReadOnlyList<TimelineEntry> History { get; private set; } = [];

    /// <summary>The zone of the history's times (<see cref="PageHelpers.ReaderZone"/>), named once above it.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Names for who acted, where the message records only account names.</summary>
    public StoryNames Names { get; private set; } = new();
    public bool MayApprove { get; private set; }

    public IActionResult OnGet(long id)
    {
        Message = messages.Get(id);
        Incident = queries.Get(Message.IncidentKey);
        Zone = PageHelpers.ReaderZone(HttpContext);
        Names = StoryNames.Of(Incident, StoryNames.PeopleByAccount(people.List(), accounts.ListUsers()));
        // The whole timeline is told, so that a "sent" event finds its message's subject in the draft before it.
        var events = timeline.Read(Message.IncidentKey);
        History = EventStory.Log(events, Names, System.Globalization.CultureInfo.CurrentUICulture, Zone).Zip(events)
            .Where(told => told.Second.Data.TryGetProperty("message", out var message) && message.TryGetInt64(out var messageId) && messageId == id)
            .Select(told => new TimelineEntry(told.First, told.Second, Zone, OnMessagePage: id))
            .Reverse().ToList();
        MayApprove = Message.Status == MessageStatus.Draft && messages.MayApprove(id, User.Actor());
        return Page();
    }

    public bool IsOpen => Incident.Status != IncidentStatus.Closed;

    private const string BrandPrefix = "brand.";
    private const string RegulatorPrefix = "regulator.";

    /// <summary>Brand fields the draft lacks (name, hotline…): an admin sets them once for every message.</summary>
    public IReadOnlyList<string> MissingBrandValues => MissingSettings(BrandPrefix);

    /// <summary>Regulator fields the draft lacks (name, contact…): an admin sets them once in the regulator directory.</summary>
    public IReadOnlyList<string> MissingRegulatorValues => MissingSettings(RegulatorPrefix);

    private List<string> MissingSettings(string prefix) =>
        Message.MissingVariables.Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Select(name => name[prefix.Length..]).ToList();

    /// <summary>Everything else the draft lacks, filled in by editing the message, by the labels the template gives them in the reader's language.</summary>
    public IReadOnlyList<string> MissingOtherValues => templates.Labels(Message.TemplateId, System.Globalization.CultureInfo.CurrentUICulture.Name,
        Message.MissingVariables.Where(name => !name.StartsWith(BrandPrefix, StringComparison.Ordinal) && !name.StartsWith(RegulatorPrefix, StringComparison.Ordinal)));

    public bool MayEdit => IsOpen && User.Can(Permissions.ActOnSteps) && Message.Status is MessageStatus.Draft or MessageStatus.Approved;

    public bool MayMarkPublished => IsOpen && User.Can(Permissions.ManageIncidents) && Message.Status == MessageStatus.Approved;

    public IActionResult OnPostEdit(long id, string subject, string body, string? recipients, int version)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        return Act(() => messages.Edit(id, subject, body, recipients is null ? null : Core.Text.TypedLists.Items(recipients), User.Actor(), version), new { id },
            done: localizer["Saved. The message needs approval again."]);
    }

    public IActionResult OnPostApprove(long id, int version) =>
        Act(() => messages.Approve(id, User.Actor(), version), new { id }, done: localizer["Approved."]);

    public IActionResult OnPostPublished(long id)
    {
        if (!User.Can(Permissions.ManageIncidents)) return Forbid();
        return Act(() => messages.MarkPublished(id, User.Actor()), new { id }, done: localizer["Marked as published."]);
    }
}
