using System.Data;
using System.Globalization;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Signals;

/// <summary>
/// An early-warning rule as an admin tuned it (or as shipped, <see cref="UpdatedBy"/> null). Only the settings of its
/// kind are set: scope, category, threshold and window for a cluster; threshold (the fewest cases in a day), factor and
/// baseline days for a spike; the words for safety words. Each suggests a playbook and a severity for the incident.
/// </summary>
public sealed record SignalRule(
    long Id, string Kind, bool Enabled, string? Scope, string? Category, int? Threshold, int? WindowHours, double? Factor, int? BaselineDays,
    IReadOnlyList<string> Words, int Severity, string PlaybookId, long Version, string? UpdatedBy, DateTimeOffset? UpdatedAt);

/// <summary>What an admin sets on a rule; the fields a kind does not use are ignored. <see cref="Words"/> holds one word a line.</summary>
public sealed record SignalRuleSettings
{
    public bool Enabled { get; init; } = true;
    public string? Scope { get; init; }
    public string? Category { get; init; }
    public int? Threshold { get; init; }
    public int? WindowHours { get; init; }
    public double? Factor { get; init; }
    public int? BaselineDays { get; init; }
    public string? Words { get; init; }
    public int Severity { get; init; }
    public string? PlaybookId { get; init; }
    /// <summary>When given, the rule must still be at this version or the change is refused as a conflict.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>The early-warning rules: read, tuned and switched on or off by an admin; a cluster rule can be added for another scope or category.</summary>
public sealed class SignalRules(Database database, PlaybookLibrary playbooks, TimeProvider time)
{
    public const int MostWords = 300;
    private const int WordLimit = 40;
    private const int MostCasesInRule = 1_000_000;
    private const int LongestWindowHours = 24 * 90;

    public IReadOnlyList<SignalRule> All()
    {
        using var connection = database.Open();
        return Read(connection, null, "");
    }

    public SignalRule Get(long id)
    {
        using var connection = database.Open();
        return Read(connection, null, "WHERE id = @id", new { id }).SingleOrDefault() ?? throw new NotFoundException($"signal rule {id} not found");
    }

    /// <summary>The rules that are on, as the evaluation reads them inside its transaction.</summary>
    internal static IReadOnlyList<SignalRule> Enabled(IDbConnection connection, IDbTransaction transaction) =>
        Read(connection, transaction, "WHERE enabled = 1");

    private static IReadOnlyList<SignalRule> Read(IDbConnection connection, IDbTransaction? transaction, string where, object? parameters = null) =>
        connection.Query<RuleRow>(
                $"""
                SELECT id, kind, enabled, scope, category, threshold, window_hours, factor, baseline_days, words, severity, playbook_id,
                    version, updated_by, updated_at
                FROM signal_rules {where} ORDER BY id
                """, parameters, transaction)
            .Select(row => row.ToRule()).ToList();

    /// <summary>Tunes a rule, refusing it with every wrong setting named.</summary>
    public SignalRule Change(long id, SignalRuleSettings settings, Actor actor)
    {
        var current = Get(id);
        var valid = Validate(current.Kind, settings);
        database.InTransaction((connection, transaction) =>
        {
            var updated = connection.Execute(
                $"""
                UPDATE signal_rules SET enabled = @Enabled, scope = @Scope, category = @Category, threshold = @Threshold, window_hours = @WindowHours,
                    factor = @Factor, baseline_days = @BaselineDays, words = @words, severity = @Severity, playbook_id = @PlaybookId,
                    version = version + 1, updated_by = @by, updated_at = @now
                WHERE id = @id {(settings.ExpectedVersion is null ? "" : "AND version = @expected")}
                """,
                new
                {
                    valid.Enabled, valid.Scope, valid.Category, valid.Threshold, valid.WindowHours, valid.Factor, valid.BaselineDays,
                    words = valid.Words.Count == 0 ? null : string.Join('\n', valid.Words), valid.Severity, valid.PlaybookId,
                    by = actor.Name, now = time.GetUtcNow(), id, expected = settings.ExpectedVersion,
                }, transaction);
            if (updated == 0)
                throw new ConflictException($"signal rule {id} has changed since version {settings.ExpectedVersion}") { TextKey = RefusalTexts.ChangedSince };
            return 0;
        });
        return Get(id);
    }

    /// <summary>A cluster rule of its own, for another scope, category, threshold or window than the shipped ones.</summary>
    public SignalRule AddCluster(SignalRuleSettings settings, Actor actor)
    {
        var valid = Validate(SignalRuleKinds.Cluster, settings);
        var id = database.InTransaction((connection, transaction) => connection.ExecuteScalar<long>(
            """
            INSERT INTO signal_rules (kind, enabled, scope, category, threshold, window_hours, severity, playbook_id, updated_by, updated_at)
            VALUES (@kind, @Enabled, @Scope, @Category, @Threshold, @WindowHours, @Severity, @PlaybookId, @by, @now)
            RETURNING id
            """,
            new { kind = SignalRuleKinds.Cluster, valid.Enabled, valid.Scope, valid.Category, valid.Threshold, valid.WindowHours, valid.Severity, valid.PlaybookId,
                by = actor.Name, now = time.GetUtcNow() }, transaction));
        return Get(id);
    }

    private sealed record ValidSettings(bool Enabled, string? Scope, string? Category, int? Threshold, int? WindowHours, double? Factor, int? BaselineDays,
        IReadOnlyList<string> Words, int Severity, string PlaybookId);

    private ValidSettings Validate(string kind, SignalRuleSettings settings)
    {
        var problems = new FieldProblems();

        var cluster = kind == SignalRuleKinds.Cluster;
        var spike = kind == SignalRuleKinds.Spike;
        var valid = new ValidSettings(
            settings.Enabled,
            cluster ? problems.Check(() => Choice(settings.Scope, ClusterScopes.All, "scope")) : null,
            cluster ? problems.Check(() => Choice(settings.Category, CaseCategories.All, "category")) : null,
            cluster || spike ? problems.Check(() => (int)InRange(settings.Threshold, 1, MostCasesInRule, "threshold")) : null,
            cluster ? problems.Check(() => (int)InRange(settings.WindowHours, 1, LongestWindowHours, "windowHours")) : null,
            spike ? problems.Check(() => InRange(settings.Factor, 1.1, 100, "factor")) : null,
            spike ? problems.Check(() => (int)InRange(settings.BaselineDays, 7, 90, "baselineDays")) : null,
            kind == SignalRuleKinds.SafetyWords ? problems.Check(() => Words(settings.Words)) ?? [] : [],
            problems.Check(() => (int)InRange(settings.Severity, 1, 3, "severity")),
            problems.Check(() => Playbook(settings.PlaybookId)) ?? "");
        problems.ThrowIfAny();
        return valid;
    }

    private static string Choice(string? value, IReadOnlyList<string> choices, string field) =>
        value?.Trim() is { Length: > 0 } chosen && choices.Contains(chosen)
            ? chosen
            : throw new RuleViolationException($"'{field}' must be one of {string.Join(", ", choices)}") { Field = field, TextKey = RefusalTexts.Required };

    private static double InRange(double? value, double least, double most, string field) =>
        value is { } number && number >= least && number <= most
            ? number
            : throw new RuleViolationException($"'{field}' must be a number from {least.ToString(CultureInfo.InvariantCulture)} to {most.ToString(CultureInfo.InvariantCulture)}")
                { Field = field, TextKey = RefusalTexts.NumberRange, TextArguments = [least, most] };

    /// <summary>One word or phrase a line, each once (whatever its case), blank lines dropped.</summary>
    private static IReadOnlyList<string> Words(string? text)
    {
        var words = (text ?? "").ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)
            .Select(line => TextLimits.Require(line, WordLimit, "a safety word", "words"))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (words.Count is 0 or > MostWords)
            throw new RuleViolationException($"give 1 to {MostWords} safety words, one a line") { Field = "words", TextKey = RefusalTexts.WordCount, TextArguments = [MostWords] };
        return words;
    }

    private string Playbook(string? id) =>
        id?.Trim() is { Length: > 0 } trimmed && playbooks.Find(trimmed) is { HasErrors: false }
            ? trimmed
            : throw new RuleViolationException($"there is no usable playbook '{id}'") { Field = "playbookId", TextKey = RefusalTexts.UnknownPlaybook };

    private sealed class RuleRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public long Enabled { get; init; }
        public string? Scope { get; init; }
        public string? Category { get; init; }
        public long? Threshold { get; init; }
        public long? WindowHours { get; init; }
        public double? Factor { get; init; }
        public long? BaselineDays { get; init; }
        public string? Words { get; init; }
        public long Severity { get; init; }
        public string PlaybookId { get; init; } = "";
        public long Version { get; init; }
        public string? UpdatedBy { get; init; }
        public string? UpdatedAt { get; init; }

        public SignalRule ToRule() => new(Id, Kind, Enabled != 0, Scope, Category, (int?)Threshold, (int?)WindowHours, Factor, (int?)BaselineDays,
            Words?.Split('\n') ?? [], (int)Severity, PlaybookId, Version, UpdatedBy, Timestamps.ParseOrNull(UpdatedAt));
    }
}
