using System.Collections.Concurrent;

namespace Crisis.Core.Playbooks;

/// <summary>
/// The playbooks in one folder, re-read when a file changes so that an edited playbook is live without a restart.
/// Running incidents are unaffected: they keep the snapshot they were opened from.
/// </summary>
public sealed class PlaybookLibrary(string folder)
{
    private readonly ConcurrentDictionary<string, (DateTime Written, long Length, PlaybookParseResult Result)> _cache = new();

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Every playbook file, valid or not, in file-name order, with duplicate ids reported.</summary>
    public IReadOnlyList<PlaybookParseResult> All()
    {
        if (!Directory.Exists(Folder)) return [];
        var files = Directory.GetFiles(Folder, "*.md").Order(StringComparer.Ordinal).ToList();
        foreach (var stale in _cache.Keys.Except(files)) _cache.TryRemove(stale, out _);
        var results = files.Select(Read).ToList();
        return ReportDuplicateIds(results);
    }

    /// <summary>The playbook with this id in the requested language, else in English.</summary>
    public PlaybookParseResult? Find(string id, string language = "en")
    {
        var matches = All().Where(r => r.Playbook.Id == id).ToList();
        return matches.FirstOrDefault(r => r.Playbook.Language == language)
            ?? matches.FirstOrDefault(r => r.Playbook.Language == "en")
            ?? matches.FirstOrDefault();
    }

    /// <summary>A playbook an incident can be opened from: it exists and has no errors. Parsed from the text it returns,
    /// so the snapshot and the stored Markdown always agree even if the file is being edited.</summary>
    public (Playbook Playbook, string Markdown) GetUsable(string id, string language = "en")
    {
        var found = Find(id, language) ?? throw new NotFoundException($"no playbook with id '{id}'");
        var markdown = File.ReadAllText(found.Path);
        var result = PlaybookParser.Parse(markdown, found.Path);
        if (result.HasErrors)
        {
            throw new RuleViolationException($"playbook '{id}' has errors and cannot be used until they are fixed: {result.Errors.First()}");
        }
        return (result.Playbook, markdown);
    }

    public static IReadOnlyList<PlaybookParseResult> ReportDuplicateIds(IReadOnlyList<PlaybookParseResult> results)
    {
        var seen = new Dictionary<(string, string), string>();
        return results.Select(result =>
        {
            var key = (result.Playbook.Id, result.Playbook.Language);
            if (seen.TryAdd(key, result.Path)) return result;
            var duplicate = new Diagnostic(result.Path, 1, 1, DiagnosticSeverity.Error,
                $"playbook id '{result.Playbook.Id}' ({result.Playbook.Language}) is already used by {seen[key]}");
            return result with { Diagnostics = [duplicate, .. result.Diagnostics] };
        }).ToList();
    }

    private PlaybookParseResult Read(string path)
    {
        var info = new FileInfo(path);
        if (_cache.TryGetValue(path, out var cached) && cached.Written == info.LastWriteTimeUtc && cached.Length == info.Length)
        {
            return cached.Result;
        }
        var result = PlaybookParser.ParseFile(path);
        _cache[path] = (info.LastWriteTimeUtc, info.Length, result);
        return result;
    }
}
