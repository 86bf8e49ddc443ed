using Crisis.Core.Text;

namespace Crisis.Core.Playbooks;

/// <summary>
/// The playbooks in one folder, re-read when a file changes so that an edited playbook is live without a restart.
/// Running incidents are unaffected: they keep the snapshot they were opened from.
/// </summary>
public sealed class PlaybookLibrary(string folder, PlaybookParserOptions? options = null)
{
    private readonly FileCache<PlaybookParseResult> _files = new(path => PlaybookParser.ParseFile(path, options: options));

    public string Folder { get; } = Path.GetFullPath(folder);

    public PlaybookParserOptions Options { get; } = options ?? PlaybookParserOptions.Default;

    /// <summary>Every playbook file, valid or not, in file-name order, with duplicate ids reported.</summary>
    public IReadOnlyList<PlaybookParseResult> All() => ReportDuplicateIds(_files.Read(Folder));

    /// <summary>The title of a role key as the playbooks in <paramref name="language"/> (else in English) first name it; a key
    /// no playbook declares is made readable. For a person's roles, which outlive any one playbook.</summary>
    public string RoleTitle(string key, string language) =>
        All().Select(r => r.Playbook).OrderByDescending(p => p.Language == language).ThenByDescending(p => p.Language == "en")
            .SelectMany(p => p.Roles).FirstOrDefault(role => role.Key == key)?.Name ?? Incidents.IncidentWords.Readable(key);

    /// <summary>Every role the playbooks declare, once, titled as <see cref="RoleTitle"/> names it, in alphabetical order: the roles a person can be listed for.</summary>
    public IReadOnlyList<PlaybookRole> RoleChoices(string language) =>
        All().SelectMany(r => r.Playbook.Roles).Select(role => role.Key).Distinct()
            .Select(key => new PlaybookRole(key, RoleTitle(key, language)))
            .OrderBy(role => role.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo(language), ignoreCase: true)).ToList();

    /// <summary>The playbook with this id in the requested language, else in English.</summary>
    public PlaybookParseResult? Find(string id, string language = "en")
    {
        var matches = All().Where(r => r.Playbook.Id == id).ToList();
        return matches.FirstOrDefault(r => r.Playbook.Language == language)
            ?? matches.FirstOrDefault(r => r.Playbook.Language == "en")
            ?? matches.FirstOrDefault();
    }

    /// <summary>A reference to a playbook as a reader sees it: the title of the playbook with this id (in <paramref name="language"/>
    /// where it has one), else the reference as written, such as a link.</summary>
    public string TitleOrReference(string reference, string language) => Find(reference, language)?.Playbook.Title ?? reference;

    /// <summary>A playbook an incident can be opened from: it exists and has no errors. Parsed from the text it returns,
    /// so the snapshot and the stored Markdown always agree even if the file is being edited.</summary>
    public (Playbook Playbook, string Markdown) GetUsable(string id, string language = "en")
    {
        var found = Find(id, language) ?? throw new NotFoundException($"no playbook with id '{id}'");
        string markdown;
        try
        {
            markdown = PlaybookParser.ReadFile(found.Path, Options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RuleViolationException($"playbook '{id}' cannot be read: {exception.Message}")
                { TextKey = RefusalTexts.PlaybookUnreadable, TextArguments = [TitleOf(found.Playbook), SourceFile.Reason(exception)] };
        }
        var result = PlaybookParser.Parse(markdown, found.Path, options: Options);
        if (result.HasErrors)
        {
            var error = result.Errors.First();
            throw new RuleViolationException($"playbook '{id}' has errors and cannot be used until they are fixed: {error}")
                { TextKey = RefusalTexts.PlaybookErrors, TextArguments = [TitleOf(result.Playbook), error.Wording] };
        }
        return (result.Playbook, markdown);
    }

    /// <summary>A playbook as a refusal names it: by its title, or by its id where a broken file gives it none.</summary>
    private static string TitleOf(Playbook playbook) => playbook.Title is { Length: > 0 } title ? title : playbook.Id;

    public static IReadOnlyList<PlaybookParseResult> ReportDuplicateIds(IReadOnlyList<PlaybookParseResult> results)
    {
        var seen = new Dictionary<(string, string), string>();
        return results.Select(result =>
        {
            var key = (result.Playbook.Id, result.Playbook.Language);
            if (seen.TryAdd(key, result.Path)) return result;
            var duplicate = Diagnostic.Of(result.Path, 1, 1, DiagnosticSeverity.Error, "diagnostic:playbook-id-taken", result.Playbook.Id, result.Playbook.Language, seen[key]);
            return result with { Diagnostics = [duplicate, .. result.Diagnostics] };
        }).ToList();
    }
}
