using Crisis.Core.Organisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Admin;

/// <summary>One purpose's fields: all empty means the brand has no regulator for it. (Nullable: an empty input binds as null.)</summary>
public sealed class RegulatorForm
{
    public string? Name { get; set; }
    public string? Level { get; set; }
    public string? Channel { get; set; }
    public string? Contact { get; set; }

    public Regulator ToRegulator(string purpose) => new(purpose, Name ?? "", Level ?? "", Channel ?? "", Contact ?? "");

    public static RegulatorForm From(Regulator regulator) => new()
    {
        Name = regulator.Name, Level = regulator.Level, Channel = regulator.Channel, Contact = regulator.Contact,
    };
}

/// <summary>The brand's regulator directory: for each purpose, the office that receives its reports and how to reach it.</summary>
public sealed class RegulatorsModel(RegulatorDirectory directory, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    /// <summary>By purpose, posted as Regulators[recall].Name; a purpose the form leaves out is not changed.</summary>
    [BindProperty]
    public Dictionary<string, RegulatorForm> Regulators { get; set; } = [];

    public void OnGet() => Regulators = directory.All().ToDictionary(regulator => regulator.Purpose, RegulatorForm.From);

    public IActionResult OnPost()
    {
        var entered = Regulators.Where(entry => RegulatorPurposes.All.Contains(entry.Key)).Select(entry => entry.Value.ToRegulator(entry.Key)).ToList();
        if (!PageAction.TryFormChange(this, () => directory.Save(entered, User.Actor()), fieldPrefix: nameof(Regulators)))
        {
            // The page again with what was typed, each problem beside its field.
            return Page();
        }
        StatusMessage = localizer["Saved. Templates and checklists name these regulators from now on."];
        return RedirectToPage();
    }

    public RegulatorForm For(string purpose) => Regulators.GetValueOrDefault(purpose) ?? new RegulatorForm();
}
