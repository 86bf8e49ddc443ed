using System.Data;
using System.Text.Json.Serialization;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>
/// Figures reported in one impact entry; null means "not reported in this entry", not zero.
/// Money is in the currency's main unit (yuan), stored in cents.
/// </summary>
public sealed record ImpactFigures
{
    public string? Skus { get; init; }
    public string? Batches { get; init; }
    public long? OrdersAffected { get; init; }
    public long? CustomersAffected { get; init; }
    public long? ComplaintsPlatform { get; init; }
    public long? Complaints12315 { get; init; }
    public long? ComplaintsSocial { get; init; }
    /// <summary>Complaints to the brand itself: its hotline, WeChat and other channels of its own.</summary>
    public long? ComplaintsDirect { get; init; }
    public long? RefundsIssued { get; init; }
    public decimal? RefundAmount { get; init; }
    public string? Currency { get; init; }
    public long? UnitsRecalled { get; init; }
    public long? UnitsRecovered { get; init; }
    public string? Note { get; init; }

    [JsonIgnore]
    public long? Complaints => ComplaintsPlatform is null && Complaints12315 is null && ComplaintsSocial is null && ComplaintsDirect is null
        ? null
        : (ComplaintsPlatform ?? 0) + (Complaints12315 ?? 0) + (ComplaintsSocial ?? 0) + (ComplaintsDirect ?? 0);

    [JsonIgnore]
    public bool IsEmpty => this == new ImpactFigures();
}

/// <summary>One entry of the log; <see cref="FromCases"/> is how many linked complaint cases it was counted from, null when typed in.</summary>
public sealed record ImpactEntry(long Id, DateTimeOffset At, string By, ImpactFigures Figures, long? FromCases = null);

/// <summary>The log and, per measure, the latest reported value.</summary>
public sealed record ImpactLogView(IReadOnlyList<ImpactEntry> Entries, ImpactFigures Current)
{
    /// <summary>A measure as (time, value) points at the entries that reported it, for trend charts.</summary>
    public IReadOnlyList<(DateTimeOffset At, long Value)> Trend(Func<ImpactFigures, long?> measure) =>
        Entries.Where(entry => measure(entry.Figures) is not null).Select(entry => (entry.At, measure(entry.Figures)!.Value)).ToList();
}

/// <summary>What a commerce crisis is measured in, recorded over time: each entry is on the timeline too.</summary>
public sealed class ImpactLog(Database database, TimeProvider time, IncidentChanges changes)
{
    private const long MaxCount = 1_000_000_000;

    public ImpactEntry Record(string key, ImpactFigures reported, Actor actor, long? fromCases = null)
    {
        var figures = Normalise(reported);
        Validate(figures);
        return Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var id = write.Connection.ExecuteScalar<long>(
                """
                INSERT INTO impact_entries (incident_id, recorded_at, recorded_by, skus, batches, orders_affected, customers_affected,
                    complaints_platform, complaints_12315, complaints_social, complaints_direct, refunds_issued, refund_amount_cents, currency,
                    units_recalled, units_recovered, note, from_cases)
                VALUES (@IncidentId, @now, @By, @Skus, @Batches, @OrdersAffected, @CustomersAffected,
                    @ComplaintsPlatform, @Complaints12315, @ComplaintsSocial, @ComplaintsDirect, @RefundsIssued, @RefundCents, @Currency,
                    @UnitsRecalled, @UnitsRecovered, @Note, @fromCases);
                SELECT last_insert_rowid();
                """,
                new
                {
                    IncidentId = incident.Id, now = write.Now, By = actor.Name, figures.Skus, figures.Batches, figures.OrdersAffected, figures.CustomersAffected,
                    figures.ComplaintsPlatform, figures.Complaints12315, figures.ComplaintsSocial, figures.ComplaintsDirect, figures.RefundsIssued,
                    RefundCents = figures.RefundAmount is { } amount ? (long?)decimal.Round(amount * 100) : null,
                    figures.Currency,
                    figures.UnitsRecalled, figures.UnitsRecovered, figures.Note, fromCases,
                }, write.Transaction);
            write.Record(incident, actor, EventKinds.ImpactRecorded, new { entry = id, figures, fromCases });
            return new ImpactEntry(id, write.Now, actor.Name, figures, fromCases);
        });
    }

    private IncidentWriter Writer => new(database, time, changes);

    public ImpactLogView Read(string key)
    {
        using var connection = database.Open();
        var incident = IncidentRecord.Load(connection, null, key);
        return Read(connection, incident.Id);
    }

    internal static ImpactLogView Read(IDbConnection connection, long incidentId)
    {
        var entries = connection.Query<EntryHeader, ImpactFigures, ImpactEntry>(
            """
            SELECT id, recorded_at, recorded_by, from_cases, 0 AS figures, skus, batches, orders_affected, customers_affected, complaints_platform,
                   complaints_12315, complaints_social, complaints_direct, refunds_issued, refund_amount_cents / 100.0 AS refund_amount, currency,
                   units_recalled, units_recovered, note
            FROM impact_entries WHERE incident_id = @incidentId ORDER BY id
            """,
            (header, figures) => new ImpactEntry(header.Id, header.RecordedAt, header.RecordedBy, figures, header.FromCases),
            // Split on a column that is never NULL: Dapper makes the second object null when its first column is.
            new { incidentId }, splitOn: "figures").ToList();
        var current = entries.Aggregate(new ImpactFigures(), (latest, entry) => new ImpactFigures
        {
            Skus = entry.Figures.Skus ?? latest.Skus,
            Batches = entry.Figures.Batches ?? latest.Batches,
            OrdersAffected = entry.Figures.OrdersAffected ?? latest.OrdersAffected,
            CustomersAffected = entry.Figures.CustomersAffected ?? latest.CustomersAffected,
            ComplaintsPlatform = entry.Figures.ComplaintsPlatform ?? latest.ComplaintsPlatform,
            Complaints12315 = entry.Figures.Complaints12315 ?? latest.Complaints12315,
            ComplaintsSocial = entry.Figures.ComplaintsSocial ?? latest.ComplaintsSocial,
            ComplaintsDirect = entry.Figures.ComplaintsDirect ?? latest.ComplaintsDirect,
            RefundsIssued = entry.Figures.RefundsIssued ?? latest.RefundsIssued,
            RefundAmount = entry.Figures.RefundAmount ?? latest.RefundAmount,
            Currency = entry.Figures.RefundAmount is null ? latest.Currency : entry.Figures.Currency,
            UnitsRecalled = entry.Figures.UnitsRecalled ?? latest.UnitsRecalled,
            UnitsRecovered = entry.Figures.UnitsRecovered ?? latest.UnitsRecovered,
        });
        return new ImpactLogView(entries, current);
    }

    /// <summary>Blank text is "not reported"; currency codes are upper case and only kept with an amount.</summary>
    private static ImpactFigures Normalise(ImpactFigures figures)
    {
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return figures with
        {
            Skus = Text(figures.Skus),
            Batches = Text(figures.Batches),
            Note = Text(figures.Note),
            Currency = figures.RefundAmount is null ? null : Text(figures.Currency)?.ToUpperInvariant() ?? "CNY",
        };
    }

    private static void Validate(ImpactFigures figures)
    {
        if (figures.IsEmpty)
            throw new RuleViolationException("an impact entry needs at least one figure (orders, customers, complaints, refunds, units, SKUs or batches)") { TextKey = RefusalTexts.NoFigures };
        foreach (var (name, value) in new[]
                 {
                     ("ordersAffected", figures.OrdersAffected), ("customersAffected", figures.CustomersAffected),
                     ("complaintsPlatform", figures.ComplaintsPlatform), ("complaints12315", figures.Complaints12315),
                     ("complaintsSocial", figures.ComplaintsSocial), ("complaintsDirect", figures.ComplaintsDirect), ("refundsIssued", figures.RefundsIssued),
                     ("unitsRecalled", figures.UnitsRecalled), ("unitsRecovered", figures.UnitsRecovered),
                 })
        {
            if (value is < 0 or > MaxCount)
                throw new RuleViolationException($"{name} must be between 0 and {MaxCount:N0}, not {value}") { Field = name, TextKey = RefusalTexts.CountRange, TextArguments = [MaxCount] };
        }
        if (figures.RefundAmount is < 0 or > 1_000_000_000_000m)
            throw new RuleViolationException($"refundAmount must be between 0 and 1,000,000,000,000, not {figures.RefundAmount}") { Field = "refundAmount", TextKey = RefusalTexts.AmountRange, TextArguments = [1_000_000_000_000m] };
        // Stored in cents: an amount finer than that would be echoed as sent yet stored rounded, so it is refused instead.
        if (figures.RefundAmount is { } refund && decimal.Round(refund, 2) != refund)
            throw new RuleViolationException($"refundAmount has at most 2 decimal places (cents), not {refund}") { Field = "refundAmount", TextKey = RefusalTexts.Cents };
        if (figures.Currency is { } currency && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            throw new RuleViolationException($"currency must be a three-letter ISO 4217 code such as CNY or USD, not '{currency}'") { Field = "currency", TextKey = RefusalTexts.Currency };
        foreach (var (name, text, limit) in new[] { ("skus", figures.Skus, 1000), ("batches", figures.Batches, 1000), ("note", figures.Note, TextLimits.Note) })
        {
            if (text is not null && text.Length > limit)
                throw new RuleViolationException($"{name} is {text.Length} characters; the limit is {limit}") { Field = name, TextKey = RefusalTexts.TooLong, TextArguments = [text.Length, limit] };
        }
        if (figures.Note is { } note)
            SafeMarkdown.RequireRenderable(note, "note", "note");
    }

    private sealed class EntryHeader
    {
        public long Id { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
        public long? FromCases { get; init; }
    }
}
