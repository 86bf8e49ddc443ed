using System.Globalization;
using Crisis.Core;
using Crisis.Core.Cases;
using Crisis.Core.Cases.Import;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Cases;

/// <summary>
/// Brings a platform's or 12315's export in as complaint cases, in three steps: the file and the name of its source;
/// the mapping (each case field's column, shown with sample values, a channel or category for every row where the file
/// has none, what the file's channel and category words mean, its time zone), proposed from the source's remembered
/// mapping or the headers; and the result, with every refused row by row and column. The file is held on the server
/// between the steps (<see cref="CaseImportUploads"/>), for this person only.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ImportModel(CaseImport import, CaseImportUploads uploads, IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>Above this the server stops reading the request (413): twice the file limit, so a file a little too large still gets its message beside the field.</summary>
    private const long MaxRequestBytes = 2L * CaseImport.MaxFileBytes;

    /// <summary>The most words of a column the mapping step lists; a column with more is likely not a channel or category.</summary>
    public const int WordsShown = 40;

    /// <summary>The most refused fields the result lists.</summary>
    public const int ProblemsShown = 200;

    public const string EveryRow = "every:";
    public const string Column = "column:";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? UploadId { get; set; }

    /// <summary>Each case field's choice: <see cref="Column"/> and a column's name, <see cref="EveryRow"/> and a channel or category, or empty.</summary>
    [BindProperty]
    public Dictionary<string, string?> Fields { get; set; } = [];

    [BindProperty]
    public List<WordChoice> Words { get; set; } = [];

    [BindProperty]
    public string? TimeZone { get; set; }

    public IReadOnlyList<string> Sources { get; private set; } = [];

    /// <summary>The held file, read: the mapping step is shown.</summary>
    public CaseFile? Export { get; private set; }

    /// <summary>Distinct words of the channel and category columns beyond those listed.</summary>
    public int WordsNotShown { get; private set; }

    /// <summary>The import is done: the result is shown.</summary>
    public CaseImportResult? Result { get; private set; }

    public void OnGet() => Sources = import.Sources();

    /// <summary>The file and its source: held, read, and the mapping proposed.</summary>
    public async Task<IActionResult> OnPostUpload()
    {
        Sources = import.Sources();
        var source = SourceName();
        if (Upload is not { Length: > 0 }) ModelState.AddModelError(nameof(Upload), L["Choose the exported file."]);
        else if (Upload.Length > CaseImport.MaxFileBytes)
            ModelState.AddModelError(nameof(Upload), L["The file is {0:0.0} MB; the limit is {1} MB. Export fewer days at a time, or split the file.", Upload.Length / 1048576.0, CaseImport.MaxFileBytes / 1048576]);
        if (!ModelState.IsValid || source is null) return Page();

        using var content = new MemoryStream();
        await Upload!.CopyToAsync(content);
        if (Read(Upload.FileName, content.ToArray()) is not { } file) return Page();
        UploadId = uploads.Hold(file.Name, content.ToArray(), UserName);
        StartFrom(import.Propose(source, file), file);
        return Page();
    }

    /// <summary>The mapping changed (another column for the channel or category): shown again with that column's words.</summary>
    public IActionResult OnPostCheck()
    {
        ModelState.Clear();
        if (Held() is not { } held) return Page();
        var mapping = Mapping(held.Source);
        StartFrom(mapping, held.File, Words.Where(word => word.Meaning is { Length: > 0 }).ToList());
        return Page();
    }

    public IActionResult OnPostImport()
    {
        if (Held() is not { } held) return Page();
        var mapping = Mapping(held.Source);
        Export = held.File;
        ListWords(mapping, held.File);
        if (!PageAction.TryFormChange(this, () => Result = import.Import(held.Source, held.File, mapping, User.Actor()), FormNames)) return Page();
        uploads.Release(UploadId!);
        Export = null;
        return Page();
    }

    /// <summary>The form's fields for the mapping's, so a refusal shows beside the choice it is about.</summary>
    private static readonly Dictionary<string, string> FormNames =
        CaseImportFields.All.ToDictionary(field => field, field => $"{nameof(Fields)}[{field}]").Append(KeyValuePair.Create("timeZone", nameof(TimeZone))).ToDictionary();

    private string UserName => User.Identity?.Name ?? "";

    private string? SourceName()
    {
        try
        {
            return Source = CaseImport.SourceName(Source);
        }
        catch (RuleViolationException problem)
        {
            ModelState.AddModelError(nameof(Source), PageAction.InWords(this, problem));
            return null;
        }
    }

    private CaseFile? Read(string fileName, byte[] content)
    {
        try
        {
            return CaseFiles.Read(fileName, content);
        }
        catch (RuleViolationException problem)
        {
            ModelState.AddModelError(nameof(Upload), PageAction.InWords(this, problem));
            return null;
        }
    }

    /// <summary>The file held for this person under <see cref="UploadId"/>, read, with its source; null (and a word above the form) once it is gone.</summary>
    private (string Source, CaseFile File)? Held()
    {
        Sources = import.Sources();
        var source = SourceName();
        if (uploads.Find(UploadId, UserName) is not { } upload)
        {
            ModelState.AddModelError("", L["The uploaded file is no longer here (a file is kept for a day, and only until it is imported): upload it again."]);
            return null;
        }
        return source is null ? null : (source, CaseFiles.Read(upload.FileName, upload.Content));
    }

    /// <summary>The mapping as chosen on the page; words chosen here over the source's remembered ones, a word set back to "not known" dropped.</summary>
    private CaseImportMapping Mapping(string source)
    {
        string? Chosen(string field, string prefix) => Fields.GetValueOrDefault(field) is { } value && value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : null;
        var remembered = import.Remembered(source);
        Dictionary<string, string> WordsFor(string field, Dictionary<string, string>? before)
        {
            var words = new Dictionary<string, string>(before ?? []);
            foreach (var word in Words.Where(word => word.Field == field && word.Word is not null))
            {
                var shipped = CaseImportWords.Shipped(field).GetValueOrDefault(CaseImportWords.Normalise(word.Word!));
                if (word.Meaning is { Length: > 0 } meaning && meaning != shipped) words[word.Word!] = meaning;
                else words.Remove(word.Word!);
            }
            return words;
        }
        return new CaseImportMapping
        {
            Columns = CaseImportFields.All.Where(field => Chosen(field, Column) is not null).ToDictionary(field => field, field => Chosen(field, Column)!),
            Channel = Chosen(CaseImportFields.Channel, EveryRow),
            Category = Chosen(CaseImportFields.Category, EveryRow),
            ChannelWords = WordsFor(CaseImportFields.Channel, remembered?.ChannelWords),
            CategoryWords = WordsFor(CaseImportFields.Category, remembered?.CategoryWords),
            StatusWords = WordsFor(CaseImportFields.Status, remembered?.StatusWords),
            TimeZone = string.IsNullOrEmpty(TimeZone) ? null : TimeZone,
        };
    }

    /// <summary>The mapping step, from <paramref name="mapping"/>; <paramref name="chosen"/> words keep what was chosen for them.</summary>
    private void StartFrom(CaseImportMapping mapping, CaseFile file, IReadOnlyList<WordChoice>? chosen = null)
    {
        Export = file;
        Fields = CaseImportFields.All.ToDictionary(field => field, field =>
            mapping.ColumnFor(field) is { } column ? Column + column
            : (field == CaseImportFields.Channel ? mapping.Channel : field == CaseImportFields.Category ? mapping.Category : null) is { } everyRow ? EveryRow + everyRow
            : null);
        TimeZone = mapping.TimeZone;
        ListWords(mapping, file, chosen);
    }

    /// <summary>The words of the channel, category and status columns, those the mapping does not know first, each with its meaning.</summary>
    private void ListWords(CaseImportMapping mapping, CaseFile file, IReadOnlyList<WordChoice>? chosen = null)
    {
        var listed = new List<WordChoice>();
        var notShown = 0;
        foreach (var field in CaseImportFields.WordFields)
        {
            if (mapping.ColumnFor(field) is not { } column) continue;
            var meanings = mapping.Meanings(field);
            var index = file.ColumnIndex(column);
            var words = file.Rows.Select(row => row.Cell(index)).Where(word => word.Length > 0).DistinctBy(CaseImportWords.Normalise)
                .Select(word => new WordChoice
                {
                    Field = field, Word = word,
                    Meaning = chosen?.FirstOrDefault(choice => choice.Field == field && choice.Word == word)?.Meaning ?? meanings.GetValueOrDefault(CaseImportWords.Normalise(word)) ?? "",
                })
                .OrderBy(word => word.Meaning is { Length: > 0 })
                .ToList();
            // The unknown words of each column first, so none is cut off behind the known ones.
            listed.AddRange(words.Take(WordsShown));
            notShown += Math.Max(0, words.Count - WordsShown);
        }
        Words = listed.OrderBy(word => word.Meaning is { Length: > 0 }).ToList();
        WordsNotShown = notShown;
    }

    /// <summary>The choices a case field offers: the file's columns, and for the channel and category a value for every row.</summary>
    public IEnumerable<(string Value, string Text, bool EveryRowChoice)> Choices(string field)
    {
        foreach (var column in Export!.Columns) yield return (Column + column, column, false);
        if (field is not (CaseImportFields.Channel or CaseImportFields.Category)) yield break;
        foreach (var (key, name) in Meanings(field)) yield return (EveryRow + key, name, true);
    }

    /// <summary>What a word of a channel, category or status column means, as the mapping step chooses it: a value's key and its name.</summary>
    public IEnumerable<(string Key, string Name)> Meanings(string field) =>
        CaseImportFields.Values(field).Select(key => (key, L[WordTextPrefix(field) + key].Value));

    private static string WordTextPrefix(string field) => field switch
    {
        CaseImportFields.Channel => "case-channel:",
        CaseImportFields.Category => "case-category:",
        CaseImportFields.Status => "case-status:",
        _ => throw new ArgumentException($"'{field}' is not a field of words", nameof(field)),
    };

    /// <summary>A channel, category or status word's choice on the mapping step.</summary>
    public sealed class WordChoice
    {
        public string? Field { get; set; }
        public string? Word { get; set; }
        public string? Meaning { get; set; }
    }
}
