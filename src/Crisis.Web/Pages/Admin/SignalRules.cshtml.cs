using Crisis.Core.Playbooks;
using Crisis.Core.Signals;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Admin;

/// <summary>One rule's form; a kind's form leaves out what it does not use. (Nullable: an empty number is one problem, the domain's.)</summary>
public sealed class SignalRuleForm
{
    public bool Enabled { get; set; }
    public string? Scope { get; set; }
    public string? Category { get; set; }
    public int? Threshold { get; set; }
    public int? WindowHours { get; set; }
    public double? Factor { get; set; }
    public int? BaselineDays { get; set; }
    public string? Words { get; set; }
    public int Severity { get; set; }
    public string? PlaybookId { get; set; }
    public long? Version { get; set; }

    public SignalRuleSettings ToSettings() => new()
    {
        Enabled = Enabled, Scope = Scope, Category = Category, Threshold = Threshold, WindowHours = WindowHours, Factor = Factor,
        BaselineDays = BaselineDays, Words = Words, Severity = Severity, PlaybookId = PlaybookId, ExpectedVersion = Version,
    };
}

/// <summary>The early-warning rules, tuned here: each one's settings, whether it is on, and the playbook and severity it suggests.</summary>
public sealed class SignalRulesModel(SignalRules rules, PlaybookLibrary playbooks, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer)
    : StatusMessagePageModel
{
    public IReadOnlyList<SignalRule> Rules { get; private set; } = [];

    /// <summary>The playbooks a rule can suggest, by title in the reader's language.</summary>
    public IReadOnlyList<(string Id, string Title)> Playbooks { get; private set; } = [];

    public void OnGet()
    {
        Rules = rules.All();
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        Playbooks = playbooks.All().Where(found => !found.HasErrors && found.Playbook.Language == "en")
            .Select(found => (found.Playbook.Id, SignalWords.Playbook(found.Playbook.Id, playbooks, culture)))
            .OrderBy(playbook => playbook.Item2, StringComparer.Create(culture, ignoreCase: true)).ToList();
    }

    /// <summary>Whether this request posted the rule's form (and it was refused, as the page is shown again).</summary>
    public bool WasSent(SignalRule rule) => Request.HasFormContentType && Request.Form["version-of"] == rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string PlaybookTitle(string playbookId) => Playbooks.FirstOrDefault(playbook => playbook.Id == playbookId).Title ?? playbookId;

    public IActionResult OnPostSave(long id, SignalRuleForm form) => Saved(() => rules.Change(id, form.ToSettings(), User.Actor()), $"rule-{id}");

    public IActionResult OnPostAdd(SignalRuleForm form) => Saved(() => rules.AddCluster(form.ToSettings() with { Enabled = true }, User.Actor()), "add-rule");

    /// <summary>Saved, the page again at the rule; refused, the page with what was typed and each problem beside its field.</summary>
    private IActionResult Saved(Action change, string fragment)
    {
        if (PageAction.TryFormChange(this, change))
        {
            StatusMessage = localizer["Saved. The rules read new cases this way from now on."];
            return RedirectToPage(pageName: null, pageHandler: null, routeValues: null, fragment: fragment);
        }
        OnGet();
        return Page();
    }
}

/// <summary>The fields of a cluster rule, in a rule's form or the form that adds one (<see cref="Id"/> keeps their ids apart).</summary>
public sealed record ClusterFields(string Id, string? Scope, string? Category, int? Threshold, int? WindowHours);

/// <summary>The playbook and severity a rule suggests, with the playbooks to choose from.</summary>
public sealed record SuggestionFields(string Id, int Severity, string PlaybookId, IReadOnlyList<(string Id, string Title)> Playbooks);
