using System.Data;
using System.Globalization;
using Crisis.Core.Organisation;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Signals;

/// <summary>
/// Cases counted per day of the organisation's time zone, from counts per UTC hour (<c>yyyy-MM-ddTHH</c>, the first 13
/// characters of a stored time): <c>case_hourly_counts</c> for a channel's whole volume, a GROUP BY over an index range
/// for narrower counts. A zone whose offset is not whole hours (UTC+5:30) has its days cut at the hour before.
/// </summary>
internal static class DailyCounts
{
    /// <summary>The SQL that reads the UTC hour of a stored time in <paramref name="column"/>, as <see cref="HourOf"/> writes it.</summary>
    public static string HourSql(string column) => $"substr({column}, 1, 13)";

    public static string HourOf(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    /// <summary>Counts per UTC hour summed into days, every day from <paramref name="first"/> to <paramref name="last"/> present (0 where none).</summary>
    public static IReadOnlyList<DayCount> Days(IEnumerable<(string Hour, long Count)> hours, DateOnly first, DateOnly last, TimeZoneInfo zone)
    {
        var byDay = new Dictionary<DateOnly, long>();
        foreach (var (hour, count) in hours)
        {
            var day = LocalDays.DayOf(DateTimeOffset.ParseExact(hour, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), zone);
            byDay[day] = byDay.GetValueOrDefault(day) + count;
        }
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(offset => first.AddDays(offset))
            .Select(day => new DayCount(day, byDay.GetValueOrDefault(day))).ToList();
    }

    /// <summary>A channel's cases per day, from the hourly counts the evaluation keeps.</summary>
    public static IReadOnlyList<DayCount> OfChannel(IDbConnection connection, IDbTransaction? transaction, string channel, DateOnly first, DateOnly last, TimeZoneInfo zone) =>
        Days(connection.Query<(string, long)>(
            "SELECT hour, count FROM case_hourly_counts WHERE channel = @channel AND hour >= @from AND hour < @to",
            new { channel, from = HourOf(LocalDays.StartOf(first, zone)), to = HourOf(LocalDays.StartOf(last.AddDays(1), zone)) }, transaction), first, last, zone);

    /// <summary>The median of the counts (the mean of the middle two of an even number).</summary>
    public static double Median(IEnumerable<long> counts)
    {
        var sorted = counts.Order().ToList();
        if (sorted.Count == 0) return 0;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>The UTC bounds of the days from <paramref name="first"/> to <paramref name="last"/>, as stored times compare.</summary>
    public static (string From, string To) Bounds(DateOnly first, DateOnly last, TimeZoneInfo zone) =>
        (Timestamps.Format(LocalDays.StartOf(first, zone)), Timestamps.Format(LocalDays.StartOf(last.AddDays(1), zone)));
}
