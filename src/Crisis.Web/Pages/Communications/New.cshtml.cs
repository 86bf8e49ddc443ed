using System.Globalization;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Communications;

/// <summary>Drafting a message from a template: pick it, fill the variables, preview, save the draft for approval.</summary>
public sealed class NewModel(IncidentQueries queries, TemplateLibrary templates, Messages messages, PeopleDirectory people) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "template")]
    public string? TemplateId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Step { get; set; }

    [BindProperty]
    public Dictionary<string, string> Variables { get; set; } = [];

    [BindProperty]
    public List<string> PeopleRecipients { get; set; } = [];

    [BindProperty]
    public string OtherRecipients { get; set; } = "";

    public IncidentDetails Incident { get; private set; } = null!;
    public IReadOnlyList<MessageTemplate> Choices { get; private set; } = [];
    public MessageTemplate? Template { get; private set; }

    /// <summary>The template's variables, labelled and explained in the reader's language, whatever language the message is in.</summary>
    public IReadOnlyList<TemplateVariable> Fields { get; private set; } = [];

    /// <summary>A template by its title in the reader's language, as the message's page names it.</summary>
    public string TitleOf(MessageTemplate template) => templates.Title(template.Id, CultureInfo.CurrentUICulture.Name) ?? template.Title;
    public RenderedMessage? Preview { get; private set; }
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The draft's addresses are typed in one box: a refusal about them is shown there.</summary>
    private static readonly Dictionary<string, string> FormNames = new() { ["recipients"] = nameof(OtherRecipients) };

    public IActionResult OnGet(string key)
    {
        Load(key);
        return Page();
    }

    public IActionResult OnPostPreview(string key)
    {
        Load(key);
        return Page();
    }

    public IActionResult OnPostDraft(string key)
    {
        Load(key);
        if (Template is null) return NotFound();
        MessageView? draft = null;
        return PageAction.TryFormChange(this, () => draft = messages.Draft(key, new DraftRequest(Template.Id, Template.Language, Recipients(), Variables, StepOrNull()), User.Actor()), FormNames)
            ? RedirectToPage("/Communications/Show", new { id = draft!.Id })
            : Page();
    }

    private List<string> Recipients() =>
        PeopleRecipients.Concat(TypedLists.Items(OtherRecipients)).ToList();

    private string? StepOrNull() => Incident.AllSteps.Any(s => s.Id == Step) ? Step : null;

    private void Load(string key)
    {
        Incident = queries.Get(key);
        People = people.List().Where(p => !string.IsNullOrEmpty(p.Email)).ToList();
        Language = Language is "en" or "zh-CN" ? Language : Incident.Language;
        Choices = templates.All().Where(r => !r.HasErrors && r.Template.Language == Language).Select(r => r.Template)
            .OrderBy(t => t.Audience).ThenBy(t => t.Title).ToList();
        TemplateId ??= Incident.AllSteps.FirstOrDefault(s => s.Id == Step)?.Template;
        Template = Choices.FirstOrDefault(t => t.Id == TemplateId);
        if (Template is null) return;
        Fields = templates.VariablesIn(Template, CultureInfo.CurrentUICulture.Name);
        Preview = messages.Preview(key, Template.Id, Template.Language, Variables);
    }
}
