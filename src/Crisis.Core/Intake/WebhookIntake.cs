using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Signals;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Intake;

/// <summary>An alert a monitoring source sends (a post going viral, a review site's flag): it raises a signal of its own.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record IntakeAlert
{
    /// <summary>Its id in the source, so an alert sent again is taken once.</summary>
    public string? ExternalId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Sku { get; init; }
    public string? Batch { get; init; }
    /// <summary>How bad the source says it is: critical, high, medium or low (<see cref="AlertSeverities"/>).</summary>
    public string? Severity { get; init; }
    /// <summary>Where to read it at the source, http or https.</summary>
    public string? Url { get; init; }
}

/// <summary>What became of one case of a call: its id here, and whether it is new (false: the source had sent it before).</summary>
public sealed record IntakeCaseReceipt(string ExternalId, long Id, bool IsNew);

public sealed record IntakeAlertReceipt(long Id, bool IsNew);

/// <summary>
/// Takes what a signed webhook call brings (<see cref="WebhookGate"/> has let it in): cases, logged as the case book logs
/// any, each with its id in the source so a retried call adds nothing twice; or an alert. Either way the early-warning
/// evaluation is woken to read them at once.
/// </summary>
public sealed class WebhookIntake(Database database, CaseBook cases, SignalWake wake, TimeProvider time)
{
    public const int MostCasesPerCall = 1_000;
    private const int DescriptionLimit = 2_000;
    private const int UrlLimit = 2_000;

    /// <summary>Logs the cases, the channel of those that name none being the source's; all or none, every wrong row named.</summary>
    public IReadOnlyList<IntakeCaseReceipt> TakeCases(IntakeSource source, IReadOnlyList<NewCase> complaints)
    {
        if (complaints.Count is 0 or > MostCasesPerCall)
            throw new RuleViolationException($"send 1 to {MostCasesPerCall:N0} cases a call, not {complaints.Count:N0}") { Field = "cases" };
        var unnamed = complaints.Select((complaint, index) => (complaint, index)).Where(row => string.IsNullOrWhiteSpace(row.complaint.ExternalId))
            .Select(row => new RuleViolationException($"row {row.index + 1}: the externalId is required, the case's id in {source.Name}, so that a call sent again adds nothing twice")
                { Field = $"[{row.index}].externalId" })
            .ToList();
        if (unnamed.Count > 0) throw RuleViolationException.Together(unnamed);
        var logged = cases.LogMany(complaints.Select(complaint => complaint with { Channel = complaint.Channel ?? source.Channel }).ToList(),
            CaseSources.Intake(source.Name), new Actor(source.Name));
        return complaints.Zip(logged, (complaint, @case) => new IntakeCaseReceipt(complaint.ExternalId!.Trim(), @case.Id, @case.IsNew)).ToList();
    }

    /// <summary>Stores the alert for the evaluation to raise (or extend) a signal from.</summary>
    public IntakeAlertReceipt TakeAlert(IntakeSource source, IntakeAlert alert)
    {
        var valid = Validate(alert);
        var receipt = database.InTransaction((connection, transaction) =>
        {
            var id = connection.ExecuteScalar<long?>(
                """
                INSERT INTO monitoring_alerts (source, external_id, title, description, sku, batch, severity, url, received_at)
                VALUES (@Name, @ExternalId, @Title, @Description, @Sku, @Batch, @Severity, @Url, @now)
                ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING
                RETURNING id
                """,
                new { source.Name, valid.ExternalId, valid.Title, valid.Description, valid.Sku, valid.Batch, valid.Severity, valid.Url, now = time.GetUtcNow() },
                transaction);
            return id is { } stored
                ? new IntakeAlertReceipt(stored, IsNew: true)
                : new IntakeAlertReceipt(connection.ExecuteScalar<long>("SELECT id FROM monitoring_alerts WHERE source = @Name AND external_id = @ExternalId",
                    new { source.Name, valid.ExternalId }, transaction), IsNew: false);
        });
        wake.Wake();
        return receipt;
    }

    private static IntakeAlert Validate(IntakeAlert alert)
    {
        var problems = new FieldProblems();

        var valid = new IntakeAlert
        {
            ExternalId = problems.Check(() => Optional(alert.ExternalId, TextLimits.Title, "the alert's id in the source", "alert.externalId")),
            Title = problems.Check(() => TextLimits.Require(alert.Title, TextLimits.Title, "the alert's title", "alert.title")),
            Description = problems.Check(() => Description(alert.Description)),
            Sku = problems.Check(() => Optional(alert.Sku, 100, "the SKU", "alert.sku")),
            Batch = problems.Check(() => Optional(alert.Batch, 100, "the batch", "alert.batch")),
            Severity = problems.Check(() => alert.Severity?.Trim().ToLowerInvariant() is { Length: > 0 } hint
                ? AlertSeverities.All.Contains(hint) ? hint : throw new RuleViolationException($"the alert's severity must be one of {string.Join(", ", AlertSeverities.All)}") { Field = "alert.severity" }
                : null),
            Url = problems.Check(() => Url(alert.Url)),
        };
        problems.ThrowIfAny();
        return valid;
    }

    private static string? Optional(string? text, int limit, string what, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : TextLimits.Require(text, limit, what, field);

    /// <summary>Plain text over several lines: each line as one line of text may be.</summary>
    private static string? Description(string? text)
    {
        var trimmed = text?.Trim().ReplaceLineEndings("\n");
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > DescriptionLimit)
            throw new RuleViolationException($"the alert's description is {trimmed.Length} characters; the limit is {DescriptionLimit}") { Field = "alert.description" };
        foreach (var line in trimmed.Split('\n').Select(line => line.Replace('\t', ' ')).Where(line => line.Trim().Length > 0))
            TextLimits.Require(line, DescriptionLimit, "the alert's description", "alert.description");
        return trimmed;
    }

    private static string? Url(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : text.Trim() is { Length: <= UrlLimit } trimmed && Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? trimmed
        : throw new RuleViolationException($"the alert's url must be a web address starting with https:// or http://, at most {UrlLimit} characters") { Field = "alert.url" };
}
