using System.Globalization;
using Crisis.Core.Accounts;
using Crisis.Core.Risks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Risks;

/// <summary>
/// The risk register: a 5x5 heat map (impact up, likelihood across) whose cells count the risks in them and link to
/// them, and the list of risks with their readiness and gaps in words. An empty register offers the starter register.
/// </summary>
public sealed class IndexModel(RiskRegister register, StarterRegister starter, IStringLocalizer<SharedResource> localizer) : StatusMessagePageModel
{
    [BindProperty(SupportsGet = true)] public int? Likelihood { get; set; }
    [BindProperty(SupportsGet = true)] public int? Impact { get; set; }

    /// <summary>Every risk, for the heat map.</summary>
    public IReadOnlyList<RiskView> All { get; private set; } = [];

    /// <summary>The risks the list shows: those of the chosen cell, or all.</summary>
    public IReadOnlyList<RiskView> Shown { get; private set; } = [];

    public bool MayEdit => User.Can(Permissions.ManageRisks);

    public bool CellChosen => Likelihood is not null && Impact is not null;

    public void OnGet()
    {
        // A cell outside the scale (a hand-edited address) shows the whole register.
        if (Likelihood is not (>= RiskScale.Lowest and <= RiskScale.Highest) || Impact is not (>= RiskScale.Lowest and <= RiskScale.Highest))
            (Likelihood, Impact) = (null, null);
        All = register.List(culture: CultureInfo.CurrentUICulture);
        Shown = CellChosen ? All.Where(risk => risk.Likelihood == Likelihood && risk.Impact == Impact).ToList() : All;
    }

    public int Count(int likelihood, int impact) => All.Count(risk => risk.Likelihood == likelihood && risk.Impact == impact);

    public IActionResult OnPostLoadStarter()
    {
        if (!MayEdit) return Forbid();
        var added = 0;
        if (TryChange(() => added = register.LoadStarter(starter, CultureInfo.CurrentUICulture.Name, User.Actor())))
            StatusMessage = localizer["Starter register loaded: {0} risks. They are yours now: set each one's owner, likelihood and impact.", added];
        return RedirectToPage();
    }
}
