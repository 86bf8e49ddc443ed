using System.Text;
using Crisis.Core.Playbooks;
using Crisis.Core.Playbooks.Import;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Playbooks;

/// <summary>
/// Turns a document written for another tool into a native playbook: the person uploads or pastes it, sees what the
/// import makes of it (inferred deadlines and owners marked, with the words they came from), adjusts it, and saves it
/// into the library. One form carries everything, so each "Update the preview" keeps what was typed, without script.
/// </summary>
[RequestSizeLimit(ImportModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportModel.MaxRequestBytes, ValueLengthLimit = ImportModel.MaxRequestBytes)]
public sealed class ImportModel(ImportedPlaybooks imports, OwnerSynonyms synonyms, PlaybookParserOptions parserOptions, IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>The largest document the page imports; a larger one is refused with a message beside the field.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>Above this the server stops reading the request at all (413): a little over the document limit, so that a
    /// document too large for the import still reaches the page and gets its message.</summary>
    public const int MaxRequestBytes = 4 * MaxDocumentBytes;

    private const string PastedFileName = "pasted.md";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Markdown { get; set; }

    /// <summary>The uploaded file's name, kept once its text is in <see cref="Markdown"/>: the parser derives the id from it.</summary>
    [BindProperty]
    public string? FileName { get; set; }

    /// <summary>Set once the preview has been shown: from then on an unticked box means "leave out", not "not chosen yet".</summary>
    [BindProperty]
    public bool Adjusted { get; set; }

    [BindProperty]
    public string? Id { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Category { get; set; }

    [BindProperty]
    public string? Language { get; set; }

    [BindProperty]
    public bool AcceptInferredDeadlines { get; set; }

    [BindProperty]
    public List<string> Included { get; set; } = [];

    [BindProperty]
    public Dictionary<string, string> PhaseTitles { get; set; } = [];

    [BindProperty]
    public List<OwnerChoice> Owners { get; set; } = [];

    [BindProperty]
    public bool ReplaceOwnImport { get; set; }

    public ImportDraft? Draft { get; private set; }

    /// <summary>The id is the person's own earlier import: the page offers to replace it.</summary>
    public bool OffersReplace { get; private set; }

    public IReadOnlyList<PlaybookRole> Roles => synonyms.Roles;

    public void OnGet()
    {
    }

    /// <summary>A document chosen or pasted, or adjustments made: the preview again, keeping everything typed.</summary>
    public async Task OnPostPreview()
    {
        ModelState.Clear();
        await Read();
    }

    public async Task<IActionResult> OnPost()
    {
        if (!await Read() || Draft is null) return Page();
        var id = Id?.Trim() ?? "";
        var language = Languages.All.Contains(Language ?? "") ? Language! : "en";
        if (!Slug.IsValid(id)) ModelState.AddModelError(nameof(Id), L["Use lowercase letters, digits and single hyphens, such as data-breach-2026."]);
        if (string.IsNullOrWhiteSpace(Title)) ModelState.AddModelError(nameof(Title), L["Enter a title."]);
        if (!ModelState.IsValid) return Page();
        switch (imports.Conflict(id, language, User.Identity?.Name ?? ""))
        {
            case ImportConflict.Taken:
                ModelState.AddModelError(nameof(Id), L["A playbook with this id already exists in this language: choose another id."]);
                return Page();
            case ImportConflict.OwnImport when !ReplaceOwnImport:
                OffersReplace = true;
                ModelState.AddModelError(nameof(Id), L["You imported a playbook with this id before: tick \"Replace my earlier import\" to replace it, or choose another id."]);
                return Page();
        }
        var native = PlaybookImport.ToNative(Draft, Choices(id, language));
        if (!PageAction.TryFormChange(this, () => imports.Save(native, id, language, User.Identity?.Name ?? "", ReplaceOwnImport))) return Page();
        return RedirectToPage("/Playbooks/Show", new { id, language });
    }

    /// <summary>The role an owner phrase is mapped to now: what the person chose, else what the synonyms say.</summary>
    public string? RoleFor(string? ownerPhrase) =>
        ownerPhrase is null ? null : Owners.FirstOrDefault(o => string.Equals(o.Phrase, ownerPhrase, StringComparison.OrdinalIgnoreCase))?.Role is { } chosen ? NullIfEmpty(chosen) : synonyms.RoleFor(ownerPhrase);

    /// <summary>A role's title in the reader's language, as the shipped playbooks name it.</summary>
    public string RoleTitle(string key) => synonyms.NameOf(key, System.Globalization.CultureInfo.CurrentUICulture.Name == "zh-CN" ? "zh-CN" : "en");

    public bool IsIncluded(string stepId) => !Adjusted || Included.Contains(stepId);

    public string PhaseTitle(ImportPhase phase) => PhaseTitles.GetValueOrDefault(phase.Id) is { Length: > 0 } title ? title : phase.Title;

    /// <summary>Reads the upload (if one came) or the pasted text into a draft; false when there is nothing usable.</summary>
    private async Task<bool> Read()
    {
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxDocumentBytes)
            {
                ModelState.AddModelError(nameof(Upload), TooLarge());
                return false;
            }
            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8);
            Markdown = await reader.ReadToEndAsync();
            FileName = Path.GetFileName(Upload.FileName);
            Adjusted = false;
        }
        if (string.IsNullOrWhiteSpace(Markdown))
        {
            ModelState.AddModelError(nameof(Markdown), L["Choose a file or paste the document's Markdown."]);
            return false;
        }
        if (Encoding.UTF8.GetByteCount(Markdown) > MaxDocumentBytes)
        {
            ModelState.AddModelError(nameof(Markdown), TooLarge());
            return false;
        }
        var pasted = string.IsNullOrWhiteSpace(FileName);
        Draft = PlaybookImport.Read(Markdown, pasted ? PastedFileName : FileName!, synonyms, parserOptions);
        // Pasted text has no file name to derive the id from: it is read again as if named after its title, so the
        // import's notes speak of the id it will get rather than of "pasted".
        if (pasted && Slug.From(Draft.Parsed.Playbook.Title) is { Length: > 0 } titleSlug)
            Draft = PlaybookImport.Read(Markdown, titleSlug + ".md", synonyms, parserOptions);
        if (!Adjusted) StartFrom(Draft);
        Adjusted = true;
        return true;
    }

    private string TooLarge() => L["The document is larger than {0} KB. Split it, or remove what is not a step, and try again.", MaxDocumentBytes / 1024];

    /// <summary>The first preview of a document: everything as the import read it.</summary>
    private void StartFrom(ImportDraft draft)
    {
        var suggested = PlaybookImport.SuggestedChoices(draft);
        Id = suggested.Id is { Length: > 0 } id && id != Path.GetFileNameWithoutExtension(PastedFileName) ? id : "imported-playbook";
        Title = suggested.Title;
        Category = suggested.Category;
        Language = suggested.Language;
        AcceptInferredDeadlines = true;
        Included = draft.Phases.SelectMany(p => p.Steps).SelectMany(s => s.SubSteps.Prepend(s)).Select(s => s.Id).ToList();
        PhaseTitles = draft.Phases.ToDictionary(p => p.Id, p => p.Title);
        Owners = draft.OwnerPhrases.Select(phrase => new OwnerChoice { Phrase = phrase, Role = synonyms.RoleFor(phrase) ?? "" }).ToList();
    }

    private ImportChoices Choices(string id, string language)
    {
        var allSteps = Draft!.Phases.SelectMany(p => p.Steps).SelectMany(s => s.SubSteps.Prepend(s)).Select(s => s.Id);
        return new ImportChoices
        {
            Id = id,
            Title = Title!.Trim(),
            Category = PlaybookCategories.All.Contains(Category ?? "") ? Category! : "other",
            Language = language,
            ExcludedSteps = allSteps.Where(stepId => !Included.Contains(stepId)).ToHashSet(),
            PhaseTitles = PhaseTitles.Where(p => !string.IsNullOrWhiteSpace(p.Value)).ToDictionary(p => p.Key, p => p.Value.Trim()),
            OwnerRoles = Owners.Where(o => o.Phrase is not null).GroupBy(o => o.Phrase!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Role ?? "", StringComparer.OrdinalIgnoreCase),
            AcceptInferredDeadlines = AcceptInferredDeadlines,
        };
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    public sealed class OwnerChoice
    {
        public string? Phrase { get; set; }
        public string? Role { get; set; }
    }
}
