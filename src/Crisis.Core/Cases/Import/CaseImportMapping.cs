using System.Text.Json;
using System.Text.Json.Serialization;
using Crisis.Core.Organisation;

namespace Crisis.Core.Cases.Import;

/// <summary>
/// How one source's files become cases: the column that fills each case field, a channel or category for every row
/// where the file has no such column (a Tmall export is all Tmall), what the source's own channel and category words
/// mean, and the time zone its times are written in. Stored per source as JSON, the same JSON the API and the CLI take.
/// </summary>
public sealed record CaseImportMapping
{
    /// <summary>The file's column for each case field (<see cref="CaseImportFields"/>), by its header name; a field left out is not in the file.</summary>
    public Dictionary<string, string> Columns { get; init; } = [];

    /// <summary>The channel of every row, where the channel has no column.</summary>
    public string? Channel { get; init; }

    /// <summary>The category of every row, where the category has no column.</summary>
    public string? Category { get; init; }

    /// <summary>What the source's channel words mean, beyond the shipped ones (<see cref="CaseImportWords.Channels"/>): 天猫旗舰店 → tmall.</summary>
    public Dictionary<string, string> ChannelWords { get; init; } = [];

    public Dictionary<string, string> CategoryWords { get; init; } = [];

    /// <summary>What the source's status words mean, beyond the shipped ones (<see cref="CaseImportWords.Statuses"/>): 买家已确认 → resolved.</summary>
    public Dictionary<string, string> StatusWords { get; init; } = [];

    /// <summary>The source's own words for a word field (<see cref="CaseImportFields.WordFields"/>).</summary>
    public Dictionary<string, string> OwnWords(string field) => field switch
    {
        CaseImportFields.Channel => ChannelWords,
        CaseImportFields.Category => CategoryWords,
        CaseImportFields.Status => StatusWords,
        _ => throw new ArgumentException($"'{field}' is not a field of words", nameof(field)),
    };

    /// <summary>The zone the file's times are written in, such as Asia/Shanghai; a time written with its own offset keeps it.</summary>
    public string? TimeZone { get; init; }

    public string? ColumnFor(string field) => Columns.GetValueOrDefault(field) is { Length: > 0 } column ? column : null;

    /// <summary>What each word of a word field means, by its normalised form: the mapping's own words over the shipped ones.</summary>
    public IReadOnlyDictionary<string, string> Meanings(string field)
    {
        var meanings = new Dictionary<string, string>(CaseImportWords.Shipped(field));
        foreach (var (word, meaning) in OwnWords(field)) meanings[CaseImportWords.Normalise(word)] = meaning;
        return meanings;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A mapping as the API, the CLI or the store give it; refused, saying where, when it is not this shape.</summary>
    public static CaseImportMapping FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CaseImportMapping>(json, Json) ?? throw new RuleViolationException("the mapping must be a JSON object") { Field = "mapping" };
        }
        catch (JsonException problem)
        {
            throw new RuleViolationException($"the mapping is not a mapping: {problem.Message}") { Field = "mapping" };
        }
    }

    /// <summary>
    /// What stops this mapping from reading <paramref name="file"/>, one problem per field: a summary, a category and a
    /// channel are needed (from a column or for every row), every column named must be in the file, and every word must
    /// mean a channel or category there is.
    /// </summary>
    public IReadOnlyList<RuleViolationException> ProblemsWith(CaseFile file)
    {
        var problems = new List<RuleViolationException>();
        foreach (var (field, column) in Columns)
        {
            if (!CaseImportFields.All.Contains(field))
                problems.Add(new RuleViolationException($"'{field}' is not a case field; one of {string.Join(", ", CaseImportFields.All)}") { Field = field });
            else if (column.Length > 0 && !file.Columns.Contains(column))
                problems.Add(new RuleViolationException($"the file has no column '{column}' for the {field}") { Field = field, TextKey = RefusalTexts.NoSuchColumn, TextArguments = [column] });
        }
        if (ColumnFor(CaseImportFields.Summary) is null)
            problems.Add(new RuleViolationException("choose the column that holds the complaint (summary)") { Field = CaseImportFields.Summary, TextKey = RefusalTexts.Required });
        RequireChoice(CaseImportFields.Channel, Channel, CaseChannels.All, RefusalTexts.UnknownChannel, problems);
        RequireChoice(CaseImportFields.Category, Category, CaseCategories.All, RefusalTexts.UnknownCategory, problems);
        foreach (var field in CaseImportFields.WordFields)
        {
            var values = CaseImportFields.Values(field);
            foreach (var (word, meaning) in OwnWords(field).Where(pair => !values.Contains(pair.Value)))
                problems.Add(new RuleViolationException($"'{word}' is mapped to '{meaning}', which is not a {field}; one of {string.Join(", ", values)}") { Field = field + "Words" });
        }
        if (TimeZone is { } zone && OrganisationSettings.FindZone(zone) is null)
            problems.Add(new RuleViolationException($"'{zone}' is not a time zone; use an id such as Asia/Shanghai") { Field = "timeZone", TextKey = RefusalTexts.TimeZone });
        return problems;
    }

    /// <summary>A channel or category comes from a column, or is the same for every row: one of them is needed.</summary>
    private void RequireChoice(string field, string? everyRow, IReadOnlyList<string> choices, string unknownText, List<RuleViolationException> problems)
    {
        if (everyRow is not null && !choices.Contains(everyRow))
            problems.Add(new RuleViolationException($"'{everyRow}' is not a {field}; one of {string.Join(", ", choices)}") { Field = field, TextKey = unknownText, TextArguments = [everyRow] });
        else if (everyRow is null && ColumnFor(field) is null)
            problems.Add(new RuleViolationException($"choose the column that holds the {field}, or the {field} of every row") { Field = field, TextKey = RefusalTexts.Required });
    }

    /// <summary>
    /// A first mapping for a file from a source not seen before: each field takes the column whose header names it (the
    /// header "订单编号" fills the order id), and a file without a channel column gets the channel the source's name
    /// says, when it says one ("tmall-export" is Tmall, "12315" is 12315).
    /// </summary>
    public static CaseImportMapping Guess(CaseFile file, string source, string timeZone)
    {
        var headers = file.Columns.Select(CaseImportWords.Normalise).ToList();
        var columns = new Dictionary<string, string>();
        var taken = new HashSet<int>();
        // Exact header names first, for every field, so a column named exactly for one field is not lost to another
        // field whose name it merely holds; then headers ending in a name, as a header's last word says what it is
        // ("Complaint date" is a date, "投诉时间" a time); then headers holding one ("投诉内容（必填）").
        foreach (var match in new[] { HeaderMatch.Exact, HeaderMatch.EndsWith, HeaderMatch.Contains })
        {
            foreach (var (field, names) in CaseImportWords.Headers)
            {
                var skipped = field is CaseImportFields.ReceivedAt or CaseImportFields.ResolvedAt
                    ? taken.Concat(headers.Index().Where(header => CaseImportWords.PlannedTimeWords.Any(word => header.Item.Contains(word, StringComparison.Ordinal))).Select(header => header.Index)).ToHashSet()
                    : taken;
                if (columns.ContainsKey(field) || FindColumn(headers, skipped, names, match) is not (>= 0 and var index)) continue;
                taken.Add(index);
                columns[field] = file.Columns[index];
            }
        }
        var channel = columns.ContainsKey(CaseImportFields.Channel) ? null : ChannelNamedIn(source);
        return new CaseImportMapping { Columns = columns, Channel = channel, TimeZone = timeZone };
    }

    private enum HeaderMatch
    {
        Exact,
        EndsWith,
        Contains,
    }

    /// <summary>The first column not yet taken whose header matches one of <paramref name="names"/>, trying the names in order; -1 for none.</summary>
    private static int FindColumn(List<string> headers, HashSet<int> taken, string[] names, HeaderMatch match)
    {
        foreach (var name in names.Select(CaseImportWords.Normalise).Where(name => match == HeaderMatch.Exact || IsDistinctive(name)))
        {
            for (var index = 0; index < headers.Count; index++)
            {
                if (taken.Contains(index)) continue;
                var header = headers[index];
                if (match switch
                    {
                        HeaderMatch.Exact => header == name,
                        HeaderMatch.EndsWith => header.EndsWith(name, StringComparison.Ordinal),
                        _ => header.Contains(name, StringComparison.Ordinal),
                    })
                {
                    return index;
                }
            }
        }
        return -1;
    }

    /// <summary>
    /// Only words long enough to mean the field wherever they appear in a header (two Chinese characters, or four
    /// letters) and not too general to (<see cref="CaseImportWords.WholeHeaderOnly"/>).
    /// </summary>
    private static bool IsDistinctive(string name) =>
        !CaseImportWords.WholeHeaderOnly.Contains(name) && (name.Any(ch => ch > 0x2E80) ? name.Length >= 2 : name.Length >= 4);

    /// <summary>The channel a source's name names by one of its words ("tmall-export", "京东投诉"), if it names one.</summary>
    public static string? ChannelNamedIn(string source)
    {
        var parts = source.Split([' ', '-', '_', '.', '/'], StringSplitOptions.RemoveEmptyEntries).Select(CaseImportWords.Normalise).ToList();
        return CaseImportWords.Channels
            .Where(word => parts.Contains(word.Key) || word.Key.Any(ch => ch > 0x2E80) && parts.Any(part => part.Contains(word.Key, StringComparison.Ordinal)))
            .OrderByDescending(word => word.Key.Length)
            .Select(word => word.Value)
            .FirstOrDefault();
    }
}
