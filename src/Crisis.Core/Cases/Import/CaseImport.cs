using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases.Import;

/// <summary>
/// Brings a platform's or 12315's export in as complaint cases, through a mapping of its columns (remembered per
/// source). The good rows are kept and the bad ones reported by row and column, each with its reason: one bad row
/// among thousands must not hold back the rest, and importing the file again once the bad rows are fixed adds only
/// them, since every row carries an id in its source (its ticket id, or else a hash of what it says).
/// </summary>
public sealed class CaseImport(Database database, CaseBook book, OrganisationSettings organisation, TimeProvider time)
{
    public const int SourceLimit = 60;

    /// <summary>The largest file an upload may bring: a 100,000-row export with long complaints is about 30 MB as CSV.</summary>
    public const int MaxFileBytes = 50 * 1024 * 1024;

    /// <summary>A source's name as the person typed it, trimmed and in lower case: "Tmall-Export" and "tmall-export" are one source.</summary>
    public static string SourceName(string? typed) => TextLimits.Require(typed, SourceLimit, "the source", "source").ToLowerInvariant();

    /// <summary>The sources with a remembered mapping, by name.</summary>
    public IReadOnlyList<string> Sources()
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT source FROM case_import_mappings ORDER BY source").ToList();
    }

    public CaseImportMapping? Remembered(string source)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<string?>("SELECT mapping FROM case_import_mappings WHERE source = @source", new { source }) is { } json
            ? CaseImportMapping.FromJson(json)
            : null;
    }

    /// <summary>
    /// The zone of a file whose mapping names none: the organisation's, else Beijing time, in which the platforms and
    /// 12315 write their exports whoever reads them.
    /// </summary>
    private TimeZoneInfo ExportZone => organisation.TimeZoneFor(SharedTexts.Chinese);

    /// <summary>
    /// The mapping to start from: the source's remembered one (a field whose column this file lacks is guessed again from
    /// the headers, as a renamed column would be), else a guess from the headers, with times in <see cref="ExportZone"/>.
    /// </summary>
    public CaseImportMapping Propose(string source, CaseFile file)
    {
        var guess = CaseImportMapping.Guess(file, source, ExportZone.Id);
        if (Remembered(source) is not { } remembered) return guess;
        var columns = remembered.Columns.Where(pair => file.Columns.Contains(pair.Value)).ToDictionary();
        foreach (var field in remembered.Columns.Keys.Where(field => !columns.ContainsKey(field)))
            if (guess.ColumnFor(field) is { } column && !columns.ContainsValue(column)) columns[field] = column;
        return remembered with { Columns = columns };
    }

    /// <summary>
    /// The mapping of an import with no one to ask (the API, the CLI): the one given, else the source's remembered one.
    /// Without either the file is refused, naming what its headers would map to and the columns they leave unmapped.
    /// </summary>
    public CaseImportMapping MappingFor(string source, CaseFile file, CaseImportMapping? given)
    {
        if ((given ?? Remembered(source)) is { } mapping) return mapping;
        var guess = CaseImportMapping.Guess(file, source, ExportZone.Id);
        var mapped = guess.Columns.Select(pair => $"{pair.Key} = {pair.Value}").Concat(guess.Channel is { } channel ? [$"channel = {channel} for every row"] : []);
        var missing = guess.ProblemsWith(file).Select(problem => problem.Field).ToList();
        throw new RuleViolationException(
            $"no mapping is remembered for the source '{source}': send one. From the file's headers: {string.Join(", ", mapped)}" +
            (missing.Count > 0 ? $"; no column found for: {string.Join(", ", missing)}" : "") + "; " +
            $"columns not mapped: {string.Join(", ", file.Columns.Except(guess.Columns.Values))}") { Field = "mapping" };
    }

    /// <summary>
    /// Imports every row of <paramref name="file"/> the mapping reads and CaseBook accepts, in one transaction, and
    /// remembers the mapping for the source. A mapping that cannot read the file is refused whole, naming each field.
    /// </summary>
    public CaseImportResult Import(string source, CaseFile file, CaseImportMapping mapping, Actor actor)
    {
        if (mapping.ProblemsWith(file) is { Count: > 0 } problems) throw RuleViolationException.Together(problems);
        var zone = mapping.TimeZone is { } id ? OrganisationSettings.FindZone(id)! : ExportZone;
        var reader = new RowReader(file, mapping, zone);
        var rows = file.Rows.Select(reader.Read).ToList();
        var readable = rows.Where(row => row.Problems.Count == 0).ToList();
        var outcomes = book.LogEach(readable.Select(row => row.Complaint).ToList(), CaseSources.Import(source), actor);

        var refused = rows.SelectMany(row => row.Problems).ToList();
        foreach (var (row, outcome) in readable.Zip(outcomes).Where(pair => pair.Second.Logged is null))
            refused.AddRange(outcome.Problems.Select(problem => new CaseImportProblem(row.Number, mapping.ColumnFor(problem.Field ?? ""), problem.Field ?? "",
                problem.Message, problem.TextKey, problem.TextArguments)));
        Remember(source, mapping, actor);
        return new CaseImportResult(rows.Count, outcomes.Count(outcome => outcome.Logged?.IsNew == true),
            outcomes.Count(outcome => outcome.Logged?.IsNew == false), refused.OrderBy(problem => problem.Row).ToList());
    }

    private void Remember(string source, CaseImportMapping mapping, Actor actor) => database.InTransaction((connection, transaction) => connection.Execute(
        """
        INSERT INTO case_import_mappings (source, mapping, updated_by, updated_at) VALUES (@source, @mapping, @by, @now)
        ON CONFLICT (source) DO UPDATE SET mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """,
        new { source, mapping = mapping.ToJson(), by = actor.Name, now = time.GetUtcNow() }, transaction));

    private sealed record ReadRow(int Number, NewCase Complaint, IReadOnlyList<CaseImportProblem> Problems);

    /// <summary>Turns a row into a complaint through the mapping: columns into fields, words into channels and categories, times into moments.</summary>
    private sealed class RowReader(CaseFile file, CaseImportMapping mapping, TimeZoneInfo zone)
    {
        private readonly Dictionary<string, int> _columns = CaseImportFields.All
            .ToDictionary(field => field, field => mapping.ColumnFor(field) is { } column ? file.ColumnIndex(column) : -1);
        private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _meanings = CaseImportFields.WordFields.ToDictionary(field => field, mapping.Meanings);

        public ReadRow Read(CaseFileRow row)
        {
            var problems = new List<CaseImportProblem>();
            string? Cell(string field) => _columns[field] is >= 0 and var column && row.Cell(column) is { Length: > 0 } value ? value : null;

            string? Word(string field, string? everyRow, string unknownText)
            {
                if (_columns[field] < 0) return everyRow;
                var word = Cell(field);
                if (word is null) return null; // CaseBook refuses the missing channel or category in its words; no status is new
                if (_meanings[field].GetValueOrDefault(CaseImportWords.Normalise(word)) is { } meaning) return meaning;
                problems.Add(Problem(row, field, $"'{word}' is not a {field} Crisis knows", unknownText, word));
                return null;
            }

            DateTimeOffset? Time(string field)
            {
                if (Cell(field) is not { } text) return null;
                if (ReceivedTimes.Parse(text, zone) is { } time) return time;
                problems.Add(Problem(row, field, $"'{text}' is not a date and time", RefusalTexts.UnreadableTime, text));
                return null;
            }

            var complaint = new NewCase
            {
                Channel = Word(CaseImportFields.Channel, mapping.Channel, RefusalTexts.UnknownChannel),
                Category = Word(CaseImportFields.Category, mapping.Category, RefusalTexts.UnknownCategory),
                Status = Word(CaseImportFields.Status, null, RefusalTexts.UnknownStatus),
                ResolvedAt = Time(CaseImportFields.ResolvedAt),
                Summary = Cell(CaseImportFields.Summary),
                OrderId = Cell(CaseImportFields.OrderId),
                Sku = Cell(CaseImportFields.Sku),
                Batch = Cell(CaseImportFields.Batch),
                CustomerRef = Cell(CaseImportFields.CustomerRef),
                CustomerPhone = Cell(CaseImportFields.CustomerPhone),
                CustomerAddress = Cell(CaseImportFields.CustomerAddress),
                ReceivedAt = Time(CaseImportFields.ReceivedAt),
            };
            return new ReadRow(row.Number, complaint with { ExternalId = Cell(CaseImportFields.ExternalId) ?? Fingerprint(complaint) }, problems);
        }

        private CaseImportProblem Problem(CaseFileRow row, string field, string message, string textKey, string word) =>
            new(row.Number, mapping.ColumnFor(field), field, message, textKey, [word]);

        /// <summary>
        /// The id of a row whose source gives none: a hash of what the complaint is about, so the same row read again, from
        /// the same file or a later export of the same columns, is recognised, while two complaints that differ are not.
        /// The customer's reference, phone and address stay out of it: every reader sees the id, and a hash over a masked
        /// phone number's few hidden digits would give the number away (and outlive its purge).
        /// </summary>
        private static string Fingerprint(NewCase complaint)
        {
            var text = string.Join('\u001F', complaint.Channel, complaint.Category, complaint.Summary, complaint.OrderId, complaint.Sku, complaint.Batch,
                complaint.ReceivedAt is { } at ? Timestamps.Format(at) : "");
            return "row:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
        }
    }
}

/// <summary>What an import did: how many rows it read, made into new cases and found already there, and what was wrong with the rest.</summary>
public sealed record CaseImportResult(int Rows, int Imported, int AlreadyThere, IReadOnlyList<CaseImportProblem> Problems)
{
    public int RefusedRows => Problems.Select(problem => problem.Row).Distinct().Count();
}

/// <summary>
/// Why one field of one row was refused: the row's number in the file, the file's column (null where the mapping gave
/// the value for every row), the case field, and the reason, in English (<see cref="Message"/>) and in the shared texts.
/// </summary>
public sealed record CaseImportProblem(int Row, string? Column, string Field, string Message, string? TextKey, object[] TextArguments)
{
    public string Reason(CultureInfo culture) =>
        TextKey is null ? Message : string.Format(culture, SharedTexts.Get(TextKey, culture), TextArguments);
}
