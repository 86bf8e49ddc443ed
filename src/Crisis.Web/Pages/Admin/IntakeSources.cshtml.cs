using Crisis.Core.Intake;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Admin;

/// <summary>The tools allowed to send cases and alerts to the signed webhook: each one's name, channel and secret.</summary>
public sealed class IntakeSourcesModel(IntakeSources sources) : StatusMessagePageModel
{
    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string>
    {
        ["name"] = "Name", ["channel"] = "Channel of its cases",
    };

    public IReadOnlyList<IntakeSource> Sources { get; private set; } = [];

    /// <summary>A secret just made or rotated, shown with this answer and never again.</summary>
    public IntakeSourceSecret? Shown { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Channel { get; set; }

    public void OnGet() => Sources = sources.List();

    /// <summary>Renders the page directly, not a redirect: the secret must never travel in a cookie or an address.</summary>
    public IActionResult OnPostCreate()
    {
        if (PageAction.TryFormChange(this, () => Shown = sources.Create(Name, Channel, User.Actor())))
            (Name, Channel) = (null, null);
        OnGet();
        return Page();
    }

    public IActionResult OnPostRotate(long id)
    {
        TryChange(() => Shown = sources.Rotate(id, User.Actor()));
        OnGet();
        return Page();
    }

    public IActionResult OnPostEnable(long id, bool enabled) => Act(() => sources.SetEnabled(id, enabled, User.Actor()));

    /// <summary>The address the source posts to, as this server is reached.</summary>
    public string Address(IntakeSource source) => $"{Request.Scheme}://{Request.Host}/api/intake/{source.Name}";
}
