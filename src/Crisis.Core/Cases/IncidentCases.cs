using System.Data;
using System.Globalization;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases;

public sealed record ChannelCount(string Channel, long Count);

public sealed record DayCount(DateOnly Day, long Count);

/// <summary>
/// What an incident's linked complaint cases add up to: how many, by channel, the distinct orders and customers they
/// name, and how many came in each day (in the brand's time zone), from the first to the last.
/// </summary>
public sealed record IncidentCaseSummary(long Cases, long Open, IReadOnlyList<ChannelCount> ByChannel, long Orders, long Customers, IReadOnlyList<DayCount> PerDay)
{
    /// <summary>The figures an impact entry takes from the cases, each complaint counted in its channel's group.</summary>
    public ImpactFigures ToImpact()
    {
        long In(ComplaintGroup group) => ByChannel.Where(count => CaseChannels.GroupOf(count.Channel) == group).Sum(count => count.Count);
        return new ImpactFigures
        {
            OrdersAffected = Orders, CustomersAffected = Customers,
            ComplaintsPlatform = In(ComplaintGroup.Platform), Complaints12315 = In(ComplaintGroup.Regulator12315),
            ComplaintsSocial = In(ComplaintGroup.Social), ComplaintsDirect = In(ComplaintGroup.Direct),
        };
    }
}

/// <summary>The complaint cases linked to an incident, summed for its impact section and its case curve.</summary>
public sealed class IncidentCases(Database database, OrganisationSettings organisation, ImpactLog impact)
{
    /// <param name="culture">The reader's: days are counted in the zone their documents use.</param>
    public IncidentCaseSummary Summary(string incidentKey, CultureInfo culture)
    {
        using var connection = database.Open();
        var incidentId = IncidentRecord.Load(connection, null, incidentKey).Id;
        var zone = organisation.TimeZoneFor(culture);
        // Counted per minute in SQL, so the page reads at most a row a minute however many cases came in; every zone's
        // offset is whole minutes, so each minute falls on one day of the brand's.
        var days = connection.Query<(string Minute, long Count)>(
                "SELECT substr(received_at, 1, 16), COUNT(*) FROM cases WHERE incident_id = @incidentId GROUP BY substr(received_at, 1, 16)", new { incidentId })
            .GroupBy(row => LocalDays.DayOf(Timestamps.Parse(row.Minute + ":00.000Z"), zone))
            .ToDictionary(group => group.Key, group => group.Sum(row => row.Count));
        var perDay = days.Count == 0 ? []
            : Enumerable.Range(0, days.Keys.Max().DayNumber - days.Keys.Min().DayNumber + 1)
                .Select(offset => days.Keys.Min().AddDays(offset)).Select(day => new DayCount(day, days.GetValueOrDefault(day))).ToList();
        return Totals(connection, incidentId) with { PerDay = perDay };
    }

    /// <summary>The summary's counts, without the curve.</summary>
    private static IncidentCaseSummary Totals(IDbConnection connection, long incidentId)
    {
        var byChannel = connection.Query<(string Channel, long Count)>(
                "SELECT c.channel, COUNT(*) FROM cases c WHERE c.incident_id = @incidentId GROUP BY c.channel", new { incidentId })
            .ToDictionary(row => row.Channel, row => row.Count);
        var totals = connection.QuerySingle<(long Open, long Orders, long Customers)>(
            $"""
            SELECT COALESCE(SUM(CASE WHEN {CaseBook.NotDone} THEN 1 ELSE 0 END), 0),
                COUNT(DISTINCT c.order_id),
                -- A case naming no customer is counted as a customer of its own: fewer would hide complaints.
                COUNT(DISTINCT COALESCE(c.customer_ref, c.customer_phone))
                    + COALESCE(SUM(CASE WHEN c.customer_ref IS NULL AND c.customer_phone IS NULL THEN 1 ELSE 0 END), 0)
            FROM cases c WHERE c.incident_id = @incidentId
            """, new { incidentId });
        return new IncidentCaseSummary(byChannel.Values.Sum(), totals.Open,
            CaseChannels.All.Where(byChannel.ContainsKey).Select(channel => new ChannelCount(channel, byChannel[channel])).ToList(),
            totals.Orders, totals.Customers, []);
    }

    /// <summary>Records the cases' figures as an impact entry, so nobody types in what the cases already say. Refused when none are linked.</summary>
    public ImpactEntry RecordImpact(string incidentKey, Actor actor)
    {
        IncidentCaseSummary summary;
        using (var connection = database.Open()) summary = Totals(connection, IncidentRecord.Load(connection, null, incidentKey).Id);
        if (summary.Cases == 0)
            throw new RuleViolationException($"no complaint cases are linked to {incidentKey}") { TextKey = RefusalTexts.NoLinkedCases };
        return impact.Record(incidentKey, summary.ToImpact(), actor, fromCases: summary.Cases);
    }
}
