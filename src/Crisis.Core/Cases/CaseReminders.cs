using System.Data;
using System.Globalization;
using System.Text;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases;

/// <summary>
/// Emails about cases whose clock is running out. The owner is told once when the running clock enters its warning
/// window (<see cref="CaseClockStates.DueSoon"/>), and once more for the resolution clock after the case was answered;
/// the team lead is told once when a clock is missed (<see cref="CaseClockStates.Overdue"/>). A case nobody owns, or
/// whose owner has no email, warns the lead instead of its owner. Each person gets one email a round listing their
/// cases, in their own language, each case named by channel, category, SKU and batch: never the customer's reference,
/// phone, address or words, which an inbox must not hold. Each email is in the case's history.
/// </summary>
public sealed class CaseReminders(Database database, TimeProvider time, NotificationSettings settings, OrganisationSettings organisation)
{
    /// <summary>
    /// The most cases one email lists; the rest are counted, with a link to the list. A day's export imported late can
    /// make thousands of cases overdue at once, and an email listing them all would be megabytes no one reads.
    /// </summary>
    public const int CasesListed = 50;

    /// <summary>Queues the warnings that have fallen due; returns how many emails were queued.</summary>
    public int QueueDue()
    {
        if (!settings.Enabled) return 0;
        var now = time.GetUtcNow();
        var parameters = new { now = Timestamps.Format(now) };
        // Most rounds have nothing to send: they look without taking the database's one writer.
        using (var reading = database.Open())
        {
            if (!reading.ExecuteScalar<bool>($"SELECT EXISTS ({OwnerWarningsDue}) OR EXISTS ({LeadWarningsDue})", parameters)) return 0;
        }
        return database.InTransaction((connection, transaction) =>
        {
            var lead = CaseSettings.Lead(connection, transaction);
            // Oldest first, sorted here: an ORDER BY would have SQLite walk every case in id order instead of the indexes.
            var warnings = connection.Query<DueCase>(OwnerWarningsDue, parameters, transaction).OrderBy(c => c.Id).ToList();
            var overdue = connection.Query<DueCase>(LeadWarningsDue, parameters, transaction).OrderBy(c => c.Id).ToList();
            var emails = 0;
            foreach (var owned in warnings.Where(c => c.OwnerEmail is { Length: > 0 }).GroupBy(c => c.OwnerId))
            {
                var owner = owned.First();
                emails += Send(connection, transaction, new Recipient(owner.OwnerName!, owner.OwnerEmail, owner.OwnerLanguage), owned.ToList(), Kind.Owner, now);
            }
            var unowned = warnings.Where(c => c.OwnerEmail is not { Length: > 0 }).ToList();
            if (lead is not null && unowned.Count > 0) emails += Send(connection, transaction, Recipient.Of(lead), unowned, Kind.Unowned, now);
            if (lead is not null && overdue.Count > 0) emails += Send(connection, transaction, Recipient.Of(lead), overdue, Kind.Overdue, now);
            // Marked although nobody was there to tell (no lead set, or without an email): the settings page says so, and
            // a lead set later is not sent every case that ever ran late.
            connection.Execute($"UPDATE cases SET owner_warned_at = @now WHERE id {SqlLists.In("ids")}", new { now, ids = SqlLists.Of(warnings.Select(c => c.Id)) }, transaction);
            connection.Execute($"UPDATE cases SET lead_warned_at = @now WHERE id {SqlLists.In("ids")}", new { now, ids = SqlLists.Of(overdue.Select(c => c.Id)) }, transaction);
            return emails;
        });
    }

    private enum Kind { Owner, Unowned, Overdue }

    private sealed record Recipient(string Name, string? Email, string? Language)
    {
        public static Recipient Of(CaseTeamLead lead) => new(lead.Name, lead.Email, lead.Language);
    }

    private int Send(IDbConnection connection, IDbTransaction transaction, Recipient recipient, List<DueCase> cases, Kind kind, DateTimeOffset now)
    {
        if (recipient.Email is not { Length: > 0 } email) return 0;
        var texts = NotificationTexts.For(recipient.Language ?? "en");
        texts = texts.InZone(organisation.TimeZoneFor(texts.Culture));
        var (subject, intro) = kind switch
        {
            Kind.Owner => (texts.CaseOwnerSubject, texts.CaseOwnerBody),
            Kind.Unowned => (texts.CaseUnownedSubject, texts.CaseUnownedBody),
            _ => (texts.CaseOverdueSubject, texts.CaseOverdueBody),
        };
        var body = new StringBuilder().AppendLine(intro).AppendLine();
        var site = settings.PublicUrl.TrimEnd('/');
        foreach (var @case in cases.Take(CasesListed))
        {
            body.AppendLine(Line(@case, texts, withOwner: kind == Kind.Overdue, now));
            if (site.Length > 0) body.AppendLine("  " + Format(texts.CaseOpen, $"{site}/cases/{@case.Id}"));
        }
        if (cases.Count > CasesListed)
        {
            var list = kind switch
            {
                Kind.Owner => $"/cases?owner={cases[0].OwnerId}&status=open",
                Kind.Unowned => $"/cases?clock={CaseClockStates.DueSoon}",
                _ => $"/cases?clock={CaseClockStates.Overdue}",
            };
            body.AppendLine().AppendLine(site.Length > 0 ? Format(texts.CaseMore, Counted(cases.Count - CasesListed), site + list) : Format(texts.CaseMoreNoLink, Counted(cases.Count - CasesListed)));
        }
        foreach (var @case in cases)
            CaseBook.Record(connection, transaction, @case.Id, now, Actor.CrisisItself, CaseEventKinds.Reminded, new() { ["person"] = recipient.Name, ["overdue"] = kind == Kind.Overdue });
        Outbox.EnqueueCaseNotification(connection, transaction, email, Format(subject, cases.Count), body.ToString(), texts.Language, now);
        return 1;
    }

    private static string Line(DueCase @case, NotificationTexts texts, bool withOwner, DateTimeOffset now)
    {
        var what = new List<string> { texts.Word("case-channel:" + @case.Channel), texts.Word("case-category:" + @case.Category) };
        if (@case.Sku is { } sku) what.Add(Format(texts.CaseSku, sku));
        if (@case.Batch is { } batch) what.Add(Format(texts.CaseBatch, batch));
        var times = @case.Times;
        var due = CaseClocks.Deciding(times.ResponseDue, times.ResolutionDue, times.RespondedAt);
        var state = texts.Word("case-clock:" + CaseClocks.StateOf(times, now));
        return Format(withOwner ? texts.CaseLineWithOwner : texts.CaseLine, string.Join(" · ", what), texts.Word("case-clock-name:" + due.Clock),
            texts.Time(due.At), state, @case.OwnerName is { } owner ? Format(texts.CaseOwnedBy, owner) : texts.CaseNoOwner);
    }

    private static string Counted(int count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private const string Columns =
        """
        SELECT c.id, c.channel, c.category, c.sku, c.batch, c.response_due_at, c.resolution_due_at, c.response_warn_at, c.resolution_warn_at,
            c.responded_at, p.id AS owner_id, p.name AS owner_name, p.email AS owner_email, p.language AS owner_language
        FROM cases c LEFT JOIN people p ON p.id = c.owner_id
        """;

    /// <summary>
    /// Open cases whose running clock has reached its warning and whose owner has not been warned of it: of the response
    /// clock while unanswered, of the resolution clock since the answer. Each half reads one of migration 0021's indexes.
    /// </summary>
    private const string OwnerWarningsDue =
        $"""
        {Columns}
        WHERE c.status NOT IN ('resolved', 'closed') AND c.responded_at IS NULL AND c.response_warn_at <= @now AND c.owner_warned_at IS NULL
        UNION ALL
        {Columns}
        WHERE c.status NOT IN ('resolved', 'closed') AND c.responded_at IS NOT NULL AND c.resolution_warn_at <= @now
            AND (c.owner_warned_at IS NULL OR c.owner_warned_at < c.responded_at)
        """;

    /// <summary>Open cases past a clock whose lead has not been told: unanswered past the response clock, answered late, or past the resolution clock.</summary>
    private const string LeadWarningsDue =
        $"""
        {Columns}
        WHERE c.status NOT IN ('resolved', 'closed') AND c.responded_at IS NULL AND c.response_warn_at <= @now AND c.response_due_at < @now
            AND c.lead_warned_at IS NULL
        UNION ALL
        {Columns}
        WHERE c.status NOT IN ('resolved', 'closed') AND c.responded_at IS NOT NULL AND c.lead_warned_at IS NULL
            AND (c.responded_at > c.response_due_at OR c.resolution_due_at < @now)
        """;

    private sealed class DueCase
    {
        public long Id { get; init; }
        public string Channel { get; init; } = "";
        public string Category { get; init; } = "";
        public string? Sku { get; init; }
        public string? Batch { get; init; }
        public string ResponseDueAt { get; init; } = "";
        public string ResolutionDueAt { get; init; } = "";
        public string ResponseWarnAt { get; init; } = "";
        public string ResolutionWarnAt { get; init; } = "";
        public string? RespondedAt { get; init; }
        public long? OwnerId { get; init; }
        public string? OwnerName { get; init; }
        public string? OwnerEmail { get; init; }
        public string? OwnerLanguage { get; init; }

        public CaseTimes Times => new(Timestamps.Parse(ResponseDueAt), Timestamps.Parse(ResolutionDueAt), Timestamps.Parse(ResponseWarnAt),
            Timestamps.Parse(ResolutionWarnAt), Timestamps.ParseOrNull(RespondedAt), ResolvedAt: null);
    }
}
