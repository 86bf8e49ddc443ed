using Crisis.Core.Communications;
using Crisis.Core.Organisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Admin;

/// <summary>The form's fields: empty means "as configured". (Nullable: an empty input binds as null.)</summary>
public sealed class OrganisationForm
{
    public string? BrandName { get; set; }
    public string? BrandNameChinese { get; set; }
    public string? Website { get; set; }
    public string? Hotline { get; set; }
    public string? Email { get; set; }
    public string? TimeZone { get; set; }

    public OrganisationValues ToValues() => new()
    {
        BrandName = BrandName ?? "", BrandNameChinese = BrandNameChinese ?? "", Website = Website ?? "",
        Hotline = Hotline ?? "", Email = Email ?? "", TimeZone = TimeZone ?? "",
    };

    public static OrganisationForm From(OrganisationValues values) => new()
    {
        BrandName = values.BrandName, BrandNameChinese = values.BrandNameChinese, Website = values.Website,
        Hotline = values.Hotline, Email = values.Email, TimeZone = values.TimeZone,
    };
}

/// <summary>The organisation's brand and time zone, which an admin sets here (configuration stays the fallback), the
/// mail server as configured, and what is left to set up before the first incident.</summary>
public sealed class OrganisationModel(OrganisationSettings organisation, MailStatusQuery mail, FirstRunChecklist checklist, IStringLocalizer<SharedResource> localizer)
    : StatusMessagePageModel
{
    [BindProperty]
    public OrganisationForm Input { get; set; } = new();

    public OrganisationValues Defaults { get; private set; } = new();
    public MailStatus Mail { get; private set; } = null!;
    public IReadOnlyList<FirstRunItem> Checklist { get; private set; } = [];

    public IReadOnlyList<string> Zones => SettingsModel.ZoneChoices;

    public void OnGet()
    {
        Input = OrganisationForm.From(organisation.Stored());
        Read();
    }

    public IActionResult OnPost()
    {
        if (!PageAction.TryFormChange(this, () => organisation.Save(Input.ToValues(), User.Actor()), fieldPrefix: nameof(Input)))
        {
            // The page again with what was typed, each problem beside its field.
            Read();
            return Page();
        }
        StatusMessage = localizer["Saved. Templates use these values from now on."];
        return RedirectToPage();
    }

    private void Read()
    {
        Defaults = organisation.Defaults;
        Mail = mail.Read();
        Checklist = checklist.Items();
    }
}
